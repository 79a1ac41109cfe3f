import { expect } from "chai";
import { properties } from "../../contract/index.js";
import { buildJobPropertyGroups, jobOutputPath, runOptionsPropertyGroup } from "../../components/job-properties.js";

const streamArn = "arn:aws-cn:kinesis:cn-north-1:210987654321:stream/ticks";

describe("job properties", () => {
    it("builds InputStream0, OutputPath0 and Aggregation0 with the contract's defaults", () => {
        const groups = buildJobPropertyGroups({ streamArn, region: "cn-north-1", outputPath: "s3a://b/output/", rejectedPath: "s3a://b/rejected/" });
        expect(groups).to.deep.equal([
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
            { propertyGroupId: "Aggregation0", propertyMap: { "window.seconds": "60", "watermark.delay.seconds": "5" } },
        ]);
    });

    it("uses only keys the contract defines", () => {
        const groups = buildJobPropertyGroups({
            streamArn,
            region: "cn-north-1",
            outputPath: "s3a://b/output/",
            rejectedPath: "s3a://b/rejected/",
            initialPosition: "AT_TIMESTAMP",
            initialTimestamp: "2024-01-01T00:00:00Z",
            readerType: "EFO",
            efoConsumerName: "c",
            endpoint: "http://localhost:4567",
        });
        const contractKeys: Record<string, string[]> = {
            [properties.input.groupId]: Object.values(properties.input.keys),
            [properties.output.groupId]: Object.values(properties.output.keys),
            [properties.aggregation.groupId]: Object.values(properties.aggregation.keys),
        };
        for (const g of groups) {
            for (const key of Object.keys(g.propertyMap)) {
                expect(contractKeys[g.propertyGroupId], `${g.propertyGroupId}.${key}`).to.include(key);
            }
        }
        expect(groups[0].propertyMap).to.include({
            "source.init.position": "AT_TIMESTAMP",
            "source.init.timestamp": "2024-01-01T00:00:00Z",
            "source.reader.type": "EFO",
            "source.efo.consumer.name": "c",
            "aws.endpoint": "http://localhost:4567",
        });
    });

    it("passes window and watermark settings as strings", () => {
        const [, , agg] = buildJobPropertyGroups({
            streamArn,
            region: "us-east-1",
            outputPath: "s3a://b/o/",
            rejectedPath: "s3a://b/r/",
            windowSeconds: 300,
            watermarkDelaySeconds: 0,
        });
        expect(agg.propertyMap).to.deep.equal({ "window.seconds": "300", "watermark.delay.seconds": "0" });
    });

    it("leaves out the EFO name for polling and the timestamp for LATEST", () => {
        const [input] = buildJobPropertyGroups({
            streamArn,
            region: "us-east-1",
            outputPath: "s3a://b/o/",
            rejectedPath: "s3a://b/r/",
            efoConsumerName: "ignored",
            initialTimestamp: "ignored",
        });
        expect(input.propertyMap).to.not.have.any.keys("source.efo.consumer.name", "source.init.timestamp", "aws.endpoint");
    });

    it("rejects EFO without a consumer name and AT_TIMESTAMP without a timestamp", () => {
        const base = { streamArn, region: "us-east-1", outputPath: "s3a://b/o/", rejectedPath: "s3a://b/r/" };
        expect(() => buildJobPropertyGroups({ ...base, readerType: "EFO" })).to.throw(/efoConsumerName/);
        expect(() => buildJobPropertyGroups({ ...base, initialPosition: "AT_TIMESTAMP" })).to.throw(/initialTimestamp/);
        expect(() => buildJobPropertyGroups({ ...base, readerType: "KCL" as never })).to.throw(/readerType/);
    });

    it("builds the s3a output path with exactly one trailing slash", () => {
        expect(jobOutputPath("bucket", "output/")).to.equal("s3a://bucket/output/");
        expect(jobOutputPath("bucket", "a/b")).to.equal("s3a://bucket/a/b/");
    });

    it("tells Managed Flink to run main.py with the dependency jar", () => {
        expect(runOptionsPropertyGroup()).to.deep.equal({
            propertyGroupId: "kinesis.analytics.flink.run.options",
            propertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" },
        });
    });
});
