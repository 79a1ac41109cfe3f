import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CapturedResource, MockEnvironment } from "../unit/support/mocks.js";
import {
    capturedProgram,
    ENVIRONMENTS,
    EXAMPLE_DIR,
    existingStreamArn,
    installedProgram,
    programConfig,
    runProgram,
    type CapturedProgram,
} from "./support/sensor-program.js";

/**
 * examples/sensor-averages/pulumi, installed from the packed package and run under
 * mocks in both partitions: the sensor job's descriptor, an existing stream from
 * config and a KMS key created by the program (an Output when the component gets it).
 * Expected values are written out from the job's files and the mocked AWS, never
 * taken from the component's output.
 */

const JOB = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, "job.json"), "utf8"));
const dnsSuffix = (env: MockEnvironment) => (env.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com");

function ofType(c: CapturedProgram, type: string): CapturedResource[] {
    return c.run.resources.filter((r) => r.type === type);
}

function named(c: CapturedProgram, name: string): CapturedResource {
    const found = c.run.resources.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
    return found[0];
}

describe("examples/sensor-averages/pulumi: the consumer program on the packed package", function () {
    this.timeout(300_000);

    it("depends on the tarball npm pack makes, and compiles with tsc against the package's types", async () => {
        const program = await installedProgram();
        expect(program.dependencySpec).to.equal(`file:${program.tarballName}`);
        expect(program.tscOutput).to.equal("");
    });

    for (const env of ENVIRONMENTS) {
        describe(`${env.partition} / ${env.region}`, () => {
            let c: CapturedProgram;
            let bucket: string;
            before(async () => {
                c = await capturedProgram(env);
                bucket = named(c, "sensors-bucket").state.bucket;
            });

            it("creates no stream: it reads the existing one", () => {
                expect(ofType(c, "aws:kinesis/stream:Stream")).to.deep.equal([]);
                const group = c.run.resources
                    .filter((r) => r.type === "aws:kinesisanalyticsv2/application:Application")
                    .map((r) => r.inputs.applicationConfiguration.environmentProperties.propertyGroups)[0];
                expect(group.find((g: any) => g.propertyGroupId === "InputStream0").propertyMap["stream.arn"]).to.equal(existingStreamArn(env));
            });

            it("creates the pipeline's resources and the program's key", () => {
                const count = (type: string) => ofType(c, type).length;
                expect({
                    key: count("aws:kms/key:Key"),
                    bucket: count("aws:s3/bucket:Bucket"),
                    code: count("aws:s3/bucketObjectv2:BucketObjectv2"),
                    application: count("aws:kinesisanalyticsv2/application:Application"),
                    roles: count("aws:iam/role:Role"),
                    rolePolicies: count("aws:iam/rolePolicy:RolePolicy"),
                    database: count("aws:glue/catalogDatabase:CatalogDatabase"),
                    tables: count("aws:glue/catalogTable:CatalogTable"),
                    crawlers: count("aws:glue/crawler:Crawler"),
                    workgroup: count("aws:athena/workgroup:Workgroup"),
                    namedQueries: count("aws:athena/namedQuery:NamedQuery"),
                    logGroup: count("aws:cloudwatch/logGroup:LogGroup"),
                    logStream: count("aws:cloudwatch/logStream:LogStream"),
                    dashboard: count("aws:cloudwatch/dashboard:Dashboard"),
                }).to.deep.equal({
                    key: 1,
                    bucket: 1,
                    code: 1,
                    application: 1,
                    roles: 1,
                    rolePolicies: 1,
                    database: 1,
                    tables: JOB.tables.length,
                    crawlers: 0,
                    workgroup: 1,
                    namedQueries: JOB.namedQueries.length,
                    logGroup: 1,
                    logStream: 1,
                    dashboard: 1,
                });
                expect(c.run.outputs.applicationArn).to.match(new RegExp(`^arn:${env.partition}:kinesisanalytics:${env.region}:${env.accountId}:application/`));
            });

            it("grants the role exactly the job's statements, every ARN in the stack's partition", () => {
                const { partition: p, region: r, accountId: a } = env;
                const keyArn = named(c, "sensor-stream-key").state.arn;
                const codeKey = named(c, "sensors-code").inputs.key;
                const logGroup = named(c, "sensors-logs").state.name;
                const logStream = named(c, "sensors-log-stream").state.name;
                expect(keyArn).to.match(new RegExp(`^arn:${p}:kms:${r}:${a}:key/`));
                expect(JSON.parse(named(c, "sensors-role-policy").inputs.policy)).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ReadInputStream",
                            Effect: "Allow",
                            Action: ["kinesis:DescribeStream", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"],
                            Resource: [`arn:${p}:kinesis:${r}:${a}:stream/sensor-readings`],
                        },
                        {
                            Sid: "DecryptInputStream",
                            Effect: "Allow",
                            Action: ["kms:Decrypt"],
                            Resource: [keyArn],
                            Condition: { StringEquals: { "kms:ViaService": `kinesis.${r}.${dnsSuffix(env)}` } },
                        },
                        { Sid: "ReadApplicationCode", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`arn:${p}:s3:::${bucket}/${codeKey}`] },
                        {
                            Sid: "ListOutputPrefixes",
                            Effect: "Allow",
                            Action: ["s3:ListBucket"],
                            Resource: [`arn:${p}:s3:::${bucket}`],
                            Condition: { StringLike: { "s3:prefix": ["sensor-stats/*", "sensor-rejected/*"] } },
                        },
                        {
                            Sid: "WriteOutputPrefixes",
                            Effect: "Allow",
                            Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                            Resource: [`arn:${p}:s3:::${bucket}/sensor-stats/*`, `arn:${p}:s3:::${bucket}/sensor-rejected/*`],
                        },
                        { Sid: "DescribeLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: [`arn:${p}:logs:${r}:${a}:log-group:*`] },
                        {
                            Sid: "DescribeOwnLogStreams",
                            Effect: "Allow",
                            Action: ["logs:DescribeLogStreams"],
                            Resource: [`arn:${p}:logs:${r}:${a}:log-group:${logGroup}:log-stream:*`],
                        },
                        {
                            Sid: "WriteOwnLogStream",
                            Effect: "Allow",
                            Action: ["logs:PutLogEvents"],
                            Resource: [`arn:${p}:logs:${r}:${a}:log-group:${logGroup}:log-stream:${logStream}`],
                        },
                        // CloudWatch has no resource type for metrics; the action takes only "*".
                        { Sid: "PublishMetrics", Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"] },
                    ],
                });
            });

            it("declares the results table as Parquet, projected by dt (date) and region (enum)", () => {
                const table = named(c, "sensors-results").inputs;
                const results = JOB.tables.find((t: any) => t.id === "results");
                expect(table.name).to.equal("device_stats");
                expect(table.storageDescriptor.location).to.equal(`s3://${bucket}/sensor-stats/`);
                expect(table.storageDescriptor.columns).to.deep.equal(results.columns);
                expect(table.storageDescriptor.serDeInfo.serializationLibrary).to.equal("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
                expect(table.partitionKeys).to.deep.equal([
                    { name: "dt", type: "string" },
                    { name: "region", type: "string" },
                ]);
                expect(table.parameters).to.deep.equal({
                    EXTERNAL: "TRUE",
                    classification: "parquet",
                    "projection.enabled": "true",
                    "projection.dt.type": "date",
                    "projection.dt.format": "yyyy-MM-dd",
                    "projection.dt.range": "2020-01-01,NOW",
                    "projection.dt.interval": "1",
                    "projection.dt.interval.unit": "DAYS",
                    "projection.region.type": "enum",
                    "projection.region.values": "eu,us,ap",
                    "storage.location.template": `s3://${bucket}/sensor-stats/dt=\${dt}/region=\${region}/`,
                });
            });

            it("declares the rejected table as unpartitioned JSON lines", () => {
                const table = named(c, "sensors-rejected").inputs;
                expect(table.name).to.equal("device_stats_rejected");
                expect(table.storageDescriptor.location).to.equal(`s3://${bucket}/sensor-rejected/`);
                expect(table.storageDescriptor.columns.map((col: any) => col.name)).to.deep.equal(["reason", "payload"]);
                expect(table.storageDescriptor.serDeInfo.serializationLibrary).to.equal("org.apache.hive.hcatalog.data.JsonSerDe");
                expect(table.partitionKeys ?? []).to.deep.equal([]);
                expect(table.parameters).to.not.have.property("projection.enabled");
            });

            it("saves the three named queries with the deployed database and table names", () => {
                const database = named(c, "sensors-database").inputs.name;
                const workgroup = named(c, "sensors-workgroup").state.name;
                const glueName = (id: string) => JOB.tables.find((t: any) => t.id === id).name;
                for (const query of JOB.namedQueries) {
                    const sql = fs
                        .readFileSync(path.join(EXAMPLE_DIR, query.file), "utf8")
                        .trim()
                        .replaceAll("{{database}}", database)
                        .replaceAll("{{tables.results}}", glueName("results"))
                        .replaceAll("{{tables.rejected}}", glueName("rejected"));
                    expect(named(c, `sensors-query-${query.id}`).inputs, query.id).to.deep.equal({
                        name: query.name,
                        description: query.description,
                        database,
                        workgroup,
                        query: sql,
                    });
                }
            });

            it("hands the job its property groups: run options, the existing stream, each table's folder, HopWindow0", () => {
                const app = named(c, "sensors-application").inputs;
                expect(app.applicationConfiguration.environmentProperties.propertyGroups).to.deep.equal([
                    { propertyGroupId: "kinesis.analytics.flink.run.options", propertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" } },
                    {
                        propertyGroupId: "InputStream0",
                        propertyMap: {
                            "stream.arn": existingStreamArn(env),
                            "aws.region": env.region,
                            "source.init.position": "LATEST",
                            "source.reader.type": "POLLING",
                        },
                    },
                    {
                        propertyGroupId: "SensorSink0",
                        propertyMap: { "stats.path": `s3a://${bucket}/sensor-stats/`, "rejected.path": `s3a://${bucket}/sensor-rejected/` },
                    },
                    { propertyGroupId: "HopWindow0", propertyMap: JOB.propertyGroups.HopWindow0 },
                ]);
            });
        });
    }

    it("lists in its README every resource the program creates and every statement of the role", async () => {
        const readme = fs.readFileSync(path.join(EXAMPLE_DIR, "README.md"), "utf8");
        const created = readme.slice(readme.indexOf("### What it creates"), readme.indexOf("### The role's statements"));
        const statements = readme.slice(readme.indexOf("### The role's statements"), readme.indexOf("## Tests"));
        for (const env of ENVIRONMENTS) {
            const c = await capturedProgram(env);
            expect(c.run.resources.filter((r) => !created.includes(`\`${r.name}\``)).map((r) => r.name), env.partition).to.deep.equal([]);
            const sids = JSON.parse(named(c, "sensors-role-policy").inputs.policy).Statement.map((st: { Sid: string }) => st.Sid);
            expect(sids.filter((sid: string) => !statements.includes(`| \`${sid}\` |`)), env.partition).to.deep.equal([]);
        }
    });

    it("refuses a stream ARN of the other partition, naming the field, the value and the rule", async () => {
        const [commercial, china] = ENVIRONMENTS;
        const config = { ...(await programConfig(china)), "sensor-averages:streamArn": existingStreamArn(commercial) };
        const result = await runProgram(china, config);
        expect(result.code).to.not.equal(0);
        expect(result.stderr).to.include(`stream.existingArn = "${existingStreamArn(commercial)}": must be in the stack's partition aws-cn, not aws`);
    });
});
