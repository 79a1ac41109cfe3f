import { expect } from "chai";
import { properties } from "../../contract/index.js";
import {
    inputStreamPropertyGroup,
    jobOutputPath,
    jobPropertyGroups,
    runOptionsPropertyGroup,
    tickerJob,
} from "../../components/index.js";

const streamArn = "arn:aws-cn:kinesis:cn-north-1:210987654321:stream/ticks";
const input = { streamArn, region: "cn-north-1" };

describe("job properties", () => {
    it("gives the ticker job its run options, InputStream0, OutputPath0 and Aggregation0, with the contract's defaults", () => {
        const groups = jobPropertyGroups(tickerJob({ code: "x.zip" }), input, { table: "s3a://b/output/", rejected_table: "s3a://b/rejected/" });
        expect(groups).to.deep.equal([
            { propertyGroupId: "kinesis.analytics.flink.run.options", propertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" } },
            {
                propertyGroupId: "InputStream0",
                propertyMap: {
                    "stream.arn": streamArn,
                    "aws.region": "cn-north-1",
                    "source.init.position": "LATEST",
                    "source.reader.type": "POLLING",
                },
            },
            { propertyGroupId: "OutputPath0", propertyMap: { path: "s3a://b/output/", "rejected.path": "s3a://b/rejected/" } },
            { propertyGroupId: "Aggregation0", propertyMap: { "window.seconds": "60", "watermark.delay.seconds": "5", "event.time.max.ahead.seconds": "60" } },
        ]);
    });

    it("puts each table's folder under its declared property, merges shared groups and passes the job's groups unchanged", () => {
        const groups = jobPropertyGroups(
            {
                entryPoint: "job.py",
                jarFile: "lib/deps.jar",
                tables: [
                    { id: "daily", name: "d", prefix: "d/", format: "parquet", columns: [], pathProperty: { group: "Sink", key: "daily.path" } },
                    { id: "bad", name: "b", prefix: "b/", format: "json", columns: [], pathProperty: { group: "Rejects", key: "path" } },
                ],
                propertyGroups: { Sink: { "roll.seconds": "30" }, Window: { size: "300" } },
            },
            input,
            { daily: "s3a://b/d/", bad: "s3a://b/b/" },
        );
        expect(groups.map((g) => g.propertyGroupId)).to.deep.equal(["kinesis.analytics.flink.run.options", "InputStream0", "Sink", "Rejects", "Window"]);
        expect(groups[0].propertyMap).to.deep.equal({ python: "job.py", jarfile: "lib/deps.jar" });
        expect(groups[2].propertyMap).to.deep.equal({ "daily.path": "s3a://b/d/", "roll.seconds": "30" });
        expect(groups[3].propertyMap).to.deep.equal({ path: "s3a://b/b/" });
        expect(groups[4].propertyMap).to.deep.equal({ size: "300" });
    });

    it("uses only input keys the contract defines", () => {
        const group = inputStreamPropertyGroup({
            ...input,
            initialPosition: "AT_TIMESTAMP",
            initialTimestamp: "2024-01-01T00:00:00Z",
            readerType: "EFO",
            efoConsumerName: "c",
            endpoint: "http://localhost:4567",
        });
        expect(Object.keys(group.propertyMap).filter((k) => !Object.values(properties.input.keys).includes(k))).to.deep.equal([]);
        expect(group.propertyMap).to.include({
            "source.init.position": "AT_TIMESTAMP",
            "source.init.timestamp": "2024-01-01T00:00:00Z",
            "source.reader.type": "EFO",
            "source.efo.consumer.name": "c",
            "aws.endpoint": "http://localhost:4567",
        });
    });

    it("passes the ticker job's window and watermark settings as strings", () => {
        const groups = jobPropertyGroups(tickerJob({ code: "x.zip", windowSeconds: 300, watermarkDelaySeconds: 0, eventTimeMaxAheadSeconds: 900 }), input, { table: "o", rejected_table: "r" });
        expect(groups.find((g) => g.propertyGroupId === "Aggregation0")!.propertyMap).to.deep.equal({
            "window.seconds": "300",
            "watermark.delay.seconds": "0",
            "event.time.max.ahead.seconds": "900",
        });
    });

    it("leaves out the EFO name for polling and the timestamp for LATEST", () => {
        const { propertyMap } = inputStreamPropertyGroup({ ...input, efoConsumerName: "ignored", initialTimestamp: "ignored" });
        expect(propertyMap).to.not.have.any.keys("source.efo.consumer.name", "source.init.timestamp", "aws.endpoint");
    });

    it("rejects EFO without a consumer name and AT_TIMESTAMP without a timestamp", () => {
        expect(() => inputStreamPropertyGroup({ ...input, readerType: "EFO" })).to.throw(/efoConsumerName/);
        expect(() => inputStreamPropertyGroup({ ...input, initialPosition: "AT_TIMESTAMP" })).to.throw(/initialTimestamp/);
    });

    it("builds the s3a output path with exactly one trailing slash", () => {
        expect(jobOutputPath("bucket", "output/")).to.equal("s3a://bucket/output/");
        expect(jobOutputPath("bucket", "a/b")).to.equal("s3a://bucket/a/b/");
    });

    it("tells Managed Flink to run main.py with the dependency jar by default", () => {
        expect(runOptionsPropertyGroup()).to.deep.equal({
            propertyGroupId: "kinesis.analytics.flink.run.options",
            propertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" },
        });
    });
});
