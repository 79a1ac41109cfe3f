import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { JobDescriptorFileError, loadJobDescriptor, renderNamedQuery, StreamingAnalyticsPipeline } from "../../components/index.js";
import { tempDir, zipBytes } from "./support/fixtures.js";
import { CHINA, RecordingMocks, runWithMocks } from "./support/mocks.js";
import { statementsOf } from "./support/policies.js";
import { sensorJob, sensorJobFolder } from "./support/sensor-job.js";

/**
 * Everything the component derives from a job descriptor, for a job of another
 * shape than the ticker job (two partitioned Parquet tables with date, enum and
 * integer projections, a JSON table of rejects, its own queries, property groups
 * and an extra statement), deployed in aws-cn.
 */

const zip = path.join(tempDir("sap-sensor-"), "sensor-averages.zip");
fs.writeFileSync(zip, zipBytes({ "job.py": "print('sensors')\n", "lib/pyflink-dependencies.jar": "jar" }));

describe("loadJobDescriptor", () => {
    it("reads job.json and inlines each named query's SQL", () => {
        const dir = sensorJobFolder();
        const job = loadJobDescriptor(dir, { code: zip });
        const { code: _code, ...declared } = sensorJob(zip);
        expect(job).to.deep.equal({ ...declared, code: zip });
    });

    it("leaves the code out when none is given (the local pipeline runs the folder)", () => {
        expect(loadJobDescriptor(sensorJobFolder())).to.not.have.property("code");
    });

    it("names the file and the field when a query file is missing or outside the folder", () => {
        const dir = sensorJobFolder();
        fs.rmSync(path.join(dir, "queries", "rejects.sql"));
        expect(() => loadJobDescriptor(dir)).to.throw(JobDescriptorFileError, /job\.json: namedQueries\[1\]\.file = "queries\/rejects\.sql": no such file/);
        const raw = JSON.parse(fs.readFileSync(path.join(dir, "job.json"), "utf8"));
        raw.namedQueries[1].file = "../../etc/passwd";
        fs.writeFileSync(path.join(dir, "job.json"), JSON.stringify(raw));
        expect(() => loadJobDescriptor(dir)).to.throw(JobDescriptorFileError, /must be inside the job folder/);
    });

    it("refuses a job.json that is not a JSON object", () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, "job.json"), "[]");
        expect(() => loadJobDescriptor(dir)).to.throw(JobDescriptorFileError, /must hold a JSON object/);
        fs.writeFileSync(path.join(dir, "job.json"), "{");
        expect(() => loadJobDescriptor(dir)).to.throw(JobDescriptorFileError, /cannot read the job descriptor/);
    });

    it("renders {{database}}, {{tables.<id>}} and {{parameters.<name>}}, and refuses others", () => {
        const values = { database: "db", tables: { readings: "device_averages" }, parameters: { region: "eu" } };
        expect(renderNamedQuery('SELECT * FROM "{{database}}"."{{ tables.readings }}" WHERE r = \'{{parameters.region}}\'', values)).to.equal(
            'SELECT * FROM "db"."device_averages" WHERE r = \'eu\'',
        );
        expect(() => renderNamedQuery("{{tables.other}}", values)).to.throw(/has no value/);
    });
});

describe("what the component derives from a job descriptor", () => {
    let mocks: RecordingMocks;
    let pipeline: StreamingAnalyticsPipeline;
    const table = (id: string) => mocks.named(`sensors-${id}`).inputs;

    before(async () => {
        ({ mocks, result: pipeline } = await runWithMocks(CHINA, () => new StreamingAnalyticsPipeline("sensors", { job: loadJobDescriptor(sensorJobFolder(), { code: zip }) })));
    });

    it("one Glue table per declared table, named after its id", () => {
        expect(mocks.ofType("aws:glue/catalogTable:CatalogTable").map((t) => t.name).sort()).to.deep.equal(["sensors-hourly", "sensors-readings", "sensors-rejected"]);
        expect(Object.keys(pipeline.tables).sort()).to.deep.equal(["hourly", "readings", "rejected"]);
    });

    it("Parquet storage, the declared columns and the partition keys in path order", () => {
        const readings = table("readings");
        const bucket = mocks.named("sensors-bucket").state.bucket;
        expect(readings.storageDescriptor).to.deep.equal({
            location: `s3://${bucket}/sensors/averages/`,
            inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
            columns: [
                { name: "device_id", type: "string" },
                { name: "window_start", type: "timestamp", comment: "inclusive, UTC" },
                { name: "avg_temperature", type: "double" },
                { name: "readings", type: "array<struct<at:timestamp,value:double>>" },
            ],
        });
        expect(readings.partitionKeys).to.deep.equal([
            { name: "dt", type: "string" },
            { name: "region", type: "string" },
        ]);
        expect(readings.description).to.equal("Windowed statistics per device");
    });

    it("each key's projection, and a location template over every key", () => {
        const bucket = mocks.named("sensors-bucket").state.bucket;
        expect(table("readings").parameters).to.deep.equal({
            EXTERNAL: "TRUE",
            classification: "parquet",
            "projection.enabled": "true",
            "projection.dt.type": "date",
            "projection.dt.format": "yyyy-MM-dd",
            "projection.dt.range": "2026-01-01,NOW",
            "projection.dt.interval": "1",
            "projection.dt.interval.unit": "DAYS",
            "projection.region.type": "enum",
            "projection.region.values": "eu,us,ap",
            "storage.location.template": `s3://${bucket}/sensors/averages/dt=\${dt}/region=\${region}/`,
        });
        expect(table("hourly").parameters).to.deep.include({
            "projection.hour.type": "integer",
            "projection.hour.range": "0,23",
            "projection.hour.interval": "1",
            "projection.hour.digits": "2",
            "storage.location.template": `s3://${bucket}/sensors/hourly/hour=\${hour}/`,
        });
        expect(table("rejected").parameters).to.deep.equal({ EXTERNAL: "TRUE", classification: "json" });
        expect(table("rejected").partitionKeys).to.equal(undefined);
    });

    it("every declared prefix has exactly one write grant, and nothing else of the bucket is writable", () => {
        const bucketArn = mocks.named("sensors-bucket").state.arn;
        const statements = statementsOf(JSON.parse(mocks.named("sensors-role-policy").inputs.policy));
        const writes = statements.filter((s) => s.Action.includes("s3:PutObject")).flatMap((s) => s.Resource ?? []);
        expect(writes.sort()).to.deep.equal(["sensors/averages/", "sensors/hourly/", "sensors/rejected/"].map((p) => `${bucketArn}/${p}*`).sort());
        const listing = statements.find((s) => s.Action.includes("s3:ListBucket"))!;
        expect(listing.Condition).to.deep.equal({ StringLike: { "s3:prefix": ["sensors/averages/*", "sensors/hourly/*", "sensors/rejected/*"] } });
    });

    it("the job's extra statement, in the stack's partition, region and account", () => {
        const statements = statementsOf(JSON.parse(mocks.named("sensors-role-policy").inputs.policy));
        expect(statements.find((s) => s.Sid === "ReadDeviceRegistry")).to.deep.equal({
            Sid: "ReadDeviceRegistry",
            Effect: "Allow",
            Action: ["dynamodb:GetItem"],
            Resource: [`arn:aws-cn:dynamodb:cn-north-1:${CHINA.accountId}:table/devices`],
        });
    });

    it("the property groups: its entry point, each table's folder under its property, its own groups", () => {
        const bucket = mocks.named("sensors-bucket").state.bucket;
        const groups = mocks.named("sensors-application").inputs.applicationConfiguration.environmentProperties.propertyGroups;
        expect(groups.map((g: { propertyGroupId: string }) => g.propertyGroupId)).to.deep.equal([
            "kinesis.analytics.flink.run.options",
            "InputStream0",
            "Sink0",
            "Rejects0",
            "Window0",
        ]);
        expect(groups[0].propertyMap).to.deep.equal({ python: "job.py", jarfile: "lib/pyflink-dependencies.jar" });
        expect(groups[2].propertyMap).to.deep.equal({ "averages.path": `s3a://${bucket}/sensors/averages/`, "hourly.path": `s3a://${bucket}/sensors/hourly/` });
        expect(groups[3].propertyMap).to.deep.equal({ path: `s3a://${bucket}/sensors/rejected/` });
        expect(groups[4].propertyMap).to.deep.equal({ "size.seconds": "300", "slide.seconds": "60" });
    });

    it("its named queries, with the deployed database and table names and its parameters", () => {
        expect(mocks.named("sensors-query-latest_per_device").inputs).to.deep.include({
            name: "Latest reading per device",
            description: "The newest window of every device.",
            database: "sensors_test",
            query: 'SELECT * FROM "sensors_test"."device_averages" WHERE region = \'eu\'',
        });
        expect(mocks.named("sensors-query-rejects").inputs.query).to.equal('SELECT count(*) FROM "sensors_test"."device_rejects"');
    });

    it("in crawler mode, one crawler over every partitioned table, with reads of exactly their prefixes", async () => {
        const { mocks: m } = await runWithMocks(CHINA, () => new StreamingAnalyticsPipeline("sensors", { job: sensorJob(zip), catalog: { mode: "crawler" } }));
        const crawler = m.one("aws:glue/crawler:Crawler").inputs;
        expect(crawler.name).to.equal("sensors_test-device_averages-device_hourly-crawler");
        expect(crawler.catalogTargets).to.deep.equal([{ databaseName: "sensors_test", tables: ["device_averages", "device_hourly"] }]);
        const bucketArn = m.named("sensors-bucket").state.arn;
        const reads = statementsOf(JSON.parse(m.named("sensors-crawler-role-policy").inputs.policy)).find((s) => s.Sid === "ReadOutputObjects")!;
        expect(reads.Resource).to.deep.equal([`${bucketArn}/sensors/averages/*`, `${bucketArn}/sensors/hourly/*`]);
        for (const id of ["readings", "hourly"]) expect(m.named(`sensors-${id}`).inputs.parameters, id).to.not.have.property("projection.enabled");
    });
});
