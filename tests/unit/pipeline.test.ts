import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    StreamingAnalyticsPipeline,
    StreamingAnalyticsPipelineArgs,
    applicationPolicyDocument,
    applicationTrustPolicy,
    contract,
    crawlerPolicyDocument,
    crawlerTrustPolicy,
    hashApplicationCode,
    tlsOnlyBucketPolicy,
} from "../../components/index.js";
import { makeCodeFolder, makeCodeZip, tempDir } from "./support/fixtures.js";
import { CHINA, COMMERCIAL, MockEnvironment, RecordingMocks, resolve, runWithMocks, urnTypeChain } from "./support/mocks.js";
import { actionsOf, policiesIn, statementsOf } from "./support/policies.js";

const dir = tempDir();
const zip = makeCodeZip(dir, "v1");
const TYPE = "streaming-analytics:index:StreamingAnalyticsPipeline";

async function deploy(args: Partial<StreamingAnalyticsPipelineArgs> = {}, env: MockEnvironment = COMMERCIAL, name = "pipe") {
    const { mocks, result } = await runWithMocks(env, () =>
        new StreamingAnalyticsPipeline(name, { ...args, application: { code: zip, ...args.application } }),
    );
    return { mocks, pipeline: result };
}

function policyOf(mocks: RecordingMocks, resourceName: string, input = "policy") {
    return JSON.parse(mocks.named(resourceName).inputs[input]);
}

/** Whether the provider's Args type for a resource type token has a `tags` input. */
function isTaggable(type: string): boolean {
    const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const [, modulePath, className] = type.split(":");
    const dts = fs.readFileSync(path.join(awsDir, `${modulePath}.d.ts`), "utf8");
    const argsBlock = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(dts);
    if (!argsBlock) throw new Error(`no ${className}Args in ${modulePath}.d.ts`);
    return /\n\s+tags\?:/.test(argsBlock[1]);
}

describe("StreamingAnalyticsPipeline under mocks", () => {
    let mocks: RecordingMocks;
    let pipeline: StreamingAnalyticsPipeline;
    const tags = { project: "sap", owner: "data" };

    before(async () => {
        ({ mocks, pipeline } = await deploy({ tags }));
    });

    it("creates exactly the default resources, each parented to the component and named after it", () => {
        const children = mocks.resources.filter((r) => r.type !== TYPE).map((r) => `${r.type} ${r.name}`).sort();
        expect(children).to.deep.equal(
            [
                "aws:athena/namedQuery:NamedQuery pipe-query-biggest_movers",
                "aws:athena/namedQuery:NamedQuery pipe-query-latest_average_per_ticker",
                "aws:athena/namedQuery:NamedQuery pipe-query-rejected_by_reason",
                "aws:athena/namedQuery:NamedQuery pipe-query-ticker_series",
                "aws:athena/workgroup:Workgroup pipe-workgroup",
                "aws:cloudwatch/dashboard:Dashboard pipe-dashboard",
                "aws:cloudwatch/logGroup:LogGroup pipe-logs",
                "aws:cloudwatch/logStream:LogStream pipe-log-stream",
                "aws:cloudwatch/metricAlarm:MetricAlarm pipe-alarm-downtime",
                "aws:cloudwatch/metricAlarm:MetricAlarm pipe-alarm-failed-checkpoints",
                "aws:cloudwatch/metricAlarm:MetricAlarm pipe-alarm-millis-behind-latest",
                "aws:cloudwatch/metricAlarm:MetricAlarm pipe-alarm-stream-write-throttling",
                "aws:glue/catalogDatabase:CatalogDatabase pipe-database",
                "aws:glue/catalogTable:CatalogTable pipe-rejected-table",
                "aws:glue/catalogTable:CatalogTable pipe-table",
                "aws:iam/role:Role pipe-role",
                "aws:iam/rolePolicy:RolePolicy pipe-role-policy",
                "aws:kinesis/stream:Stream pipe-stream",
                "aws:kinesisanalyticsv2/application:Application pipe-application",
                "aws:s3/bucket:Bucket pipe-bucket",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration pipe-bucket-lifecycle",
                "aws:s3/bucketObjectv2:BucketObjectv2 pipe-code",
                "aws:s3/bucketPolicy:BucketPolicy pipe-bucket-policy",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock pipe-bucket-public-access-block",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration pipe-bucket-encryption",
                "aws:s3/bucketVersioning:BucketVersioning pipe-bucket-versioning",
            ].sort(),
        );
        expect(mocks.ofType(TYPE).map((r) => r.name)).to.deep.equal(["pipe"]);
        const childUrns = mocks.urns.filter((u) => !u.endsWith(`::${TYPE}::pipe`));
        expect(childUrns).to.have.length(children.length);
        for (const urn of childUrns) {
            expect(urnTypeChain(urn), urn).to.have.length(2);
            expect(urnTypeChain(urn)[0], urn).to.equal(TYPE);
            expect(urn.split("::")[3], urn).to.match(/^pipe-/);
        }
    });

    it("reads partition, region and account from the provider", () => {
        expect(mocks.invokes.map((i) => i.token).sort()).to.deep.equal([
            "aws:index/getCallerIdentity:getCallerIdentity",
            "aws:index/getPartition:getPartition",
            "aws:index/getRegion:getRegion",
        ]);
    });

    it("merges the tags onto every taggable child", () => {
        const taggable = mocks.resources.filter((r) => r.type !== TYPE && isTaggable(r.type));
        expect(taggable.length).to.be.greaterThan(10);
        for (const r of taggable) {
            expect(r.inputs.tags, `${r.type} ${r.name}`).to.deep.equal(tags);
        }
        // The check above must not be vacuous about which types lack tags.
        const untagged = mocks.resources.filter((r) => r.type !== TYPE && !isTaggable(r.type)).map((r) => r.type);
        expect(untagged).to.include("aws:cloudwatch/logStream:LogStream");
        expect(untagged).to.not.include("aws:kinesis/stream:Stream");
    });

    it("encrypts a one-shard, 24-hour PROVISIONED stream with the AWS-managed key", () => {
        expect(mocks.named("pipe-stream").inputs).to.deep.include({
            streamModeDetails: { streamMode: "PROVISIONED" },
            shardCount: 1,
            retentionPeriod: 24,
            encryptionType: "KMS",
            kmsKeyId: "alias/aws/kinesis",
            enforceConsumerDeletion: true,
        });
    });

    it("locks the bucket down: SSE, versioning, all four public-access flags, lifecycle, TLS-only policy", () => {
        const bucketName = mocks.named("pipe-bucket").state.bucket;
        expect(mocks.named("pipe-bucket").inputs.forceDestroy).to.equal(false);
        expect(mocks.named("pipe-bucket-encryption").inputs).to.deep.equal({
            bucket: bucketName,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        });
        expect(mocks.named("pipe-bucket-versioning").inputs).to.deep.equal({
            bucket: bucketName,
            versioningConfiguration: { status: "Enabled" },
        });
        expect(mocks.named("pipe-bucket-public-access-block").inputs).to.deep.equal({
            bucket: bucketName,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(mocks.named("pipe-bucket-lifecycle").inputs.rules).to.deep.equal([
            {
                id: "abort-incomplete-multipart-uploads",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
            {
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: 30 },
            },
            {
                id: "expire-athena-results",
                status: "Enabled",
                filter: { prefix: "athena-results/" },
                expiration: { days: 30 },
            },
        ]);
        expect(policyOf(mocks, "pipe-bucket-policy")).to.deep.equal(
            tlsOnlyBucketPolicy({ partition: "aws", bucketName }),
        );
    });

    it("uploads the zip under the code prefix with its content hash and pins its version in the application", () => {
        const object = mocks.named("pipe-code");
        expect(object.inputs.key).to.equal("code/flink-app.zip");
        expect(object.inputs.source.__pulumiAsset).to.equal(true);
        expect(object.inputs.sourceHash).to.equal(hashApplicationCode(zip));
        const location =
            mocks.named("pipe-application").inputs.applicationConfiguration.applicationCodeConfiguration.codeContent
                .s3ContentLocation;
        expect(location).to.deep.equal({
            bucketArn: mocks.named("pipe-bucket").state.arn,
            fileKey: "code/flink-app.zip",
            objectVersion: object.state.versionId,
        });
    });

    it("configures the Flink application as the issue asks", () => {
        const app = mocks.named("pipe-application").inputs;
        const bucketName = mocks.named("pipe-bucket").state.bucket;
        expect(app.runtimeEnvironment).to.equal("FLINK-1_20");
        expect(app.startApplication).to.equal(true);
        expect(app.serviceExecutionRole).to.equal(mocks.named("pipe-role").state.arn);
        expect(app.cloudwatchLoggingOptions).to.deep.equal({ logStreamArn: mocks.named("pipe-log-stream").state.arn });
        const config = app.applicationConfiguration;
        expect(config.applicationCodeConfiguration.codeContentType).to.equal("ZIPFILE");
        expect(config.applicationSnapshotConfiguration).to.deep.equal({ snapshotsEnabled: true });
        expect(config.flinkApplicationConfiguration).to.deep.equal({
            checkpointConfiguration: {
                configurationType: "CUSTOM",
                checkpointingEnabled: true,
                checkpointInterval: 60000,
                minPauseBetweenCheckpoints: 5000,
            },
            monitoringConfiguration: { configurationType: "CUSTOM", logLevel: "INFO", metricsLevel: "APPLICATION" },
            parallelismConfiguration: {
                configurationType: "CUSTOM",
                parallelism: 1,
                parallelismPerKpu: 1,
                autoScalingEnabled: true,
            },
        });
        expect(config.runConfiguration).to.deep.equal({
            applicationRestoreConfiguration: { applicationRestoreType: "RESTORE_FROM_LATEST_SNAPSHOT" },
            flinkRunConfiguration: { allowNonRestoredState: false },
        });
        expect(config.environmentProperties.propertyGroups).to.deep.equal([
            {
                propertyGroupId: "kinesis.analytics.flink.run.options",
                propertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" },
            },
            {
                propertyGroupId: "InputStream0",
                propertyMap: {
                    "stream.arn": mocks.named("pipe-stream").state.arn,
                    "aws.region": "us-east-1",
                    "source.init.position": "LATEST",
                    "source.reader.type": "POLLING",
                },
            },
            {
                propertyGroupId: "OutputPath0",
                propertyMap: { path: `s3a://${bucketName}/output/`, "rejected.path": `s3a://${bucketName}/rejected/` },
            },
            { propertyGroupId: "Aggregation0", propertyMap: { "window.seconds": "60", "watermark.delay.seconds": "5" } },
        ]);
    });

    it("logs to its own group (30 days) and stream", () => {
        expect(mocks.named("pipe-logs").inputs.retentionInDays).to.equal(30);
        expect(mocks.named("pipe-log-stream").inputs).to.deep.equal({
            name: "flink-application",
            logGroupName: mocks.named("pipe-logs").state.name,
        });
    });

    it("gives the application role exactly the generated documents, filled with the deployed names", () => {
        expect(policyOf(mocks, "pipe-role", "assumeRolePolicy")).to.deep.equal(
            applicationTrustPolicy({ accountId: COMMERCIAL.accountId }),
        );
        expect(mocks.named("pipe-role-policy").inputs.role).to.equal(mocks.named("pipe-role").state.id);
        expect(policyOf(mocks, "pipe-role-policy")).to.deep.equal(
            applicationPolicyDocument({
                ...COMMERCIAL,
                streamArn: mocks.named("pipe-stream").state.arn,
                bucketName: mocks.named("pipe-bucket").state.bucket,
                codeKey: "code/flink-app.zip",
                outputPrefix: "output/",
                rejectedPrefix: "rejected/",
                logGroupName: mocks.named("pipe-logs").state.name,
                logStreamName: "flink-application",
            }),
        );
    });

    it("catalogs the sink with partition projection by default", () => {
        const bucketName = mocks.named("pipe-bucket").state.bucket;
        expect(mocks.named("pipe-database").inputs.name).to.equal("pipe");
        const table = mocks.named("pipe-table").inputs;
        expect(table).to.deep.include({ name: "ticker_averages", databaseName: "pipe", tableType: "EXTERNAL_TABLE" });
        expect(table.partitionKeys).to.deep.equal([{ name: "ticker", type: "string" }]);
        expect(table.parameters).to.deep.equal({
            EXTERNAL: "TRUE",
            classification: "json",
            "projection.enabled": "true",
            "projection.ticker.type": "enum",
            "projection.ticker.values": "AAPL,AMZN,MSFT,INTC,TBV",
            "storage.location.template": `s3://${bucketName}/output/ticker=\${ticker}/`,
        });
        const sd = table.storageDescriptor;
        expect(sd.location).to.equal(`s3://${bucketName}/output/`);
        expect(sd.inputFormat).to.equal("org.apache.hadoop.mapred.TextInputFormat");
        expect(sd.outputFormat).to.equal("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
        expect(sd.serDeInfo).to.deep.equal({ serializationLibrary: "org.apache.hive.hcatalog.data.JsonSerDe" });
        expect(sd.columns.map((c: { name: string; type: string }) => `${c.name} ${c.type}`)).to.deep.equal([
            "window_start timestamp",
            "window_end timestamp",
            "avg_price double",
            "min_price double",
            "max_price double",
            "event_count bigint",
        ]);
        expect(mocks.ofType("aws:glue/crawler:Crawler")).to.deep.equal([]);
    });

    it("creates an unpartitioned Glue table over the rejected records, in their own prefix beside the output", () => {
        const bucketName = mocks.named("pipe-bucket").state.bucket;
        const rejected = mocks.named("pipe-rejected-table").inputs;
        expect(rejected).to.deep.include({
            name: "ticker_averages_rejected",
            databaseName: mocks.named("pipe-database").state.name,
            tableType: "EXTERNAL_TABLE",
            parameters: { EXTERNAL: "TRUE", classification: "json" },
        });
        expect(rejected.partitionKeys).to.equal(undefined);
        expect(rejected.storageDescriptor).to.deep.equal({
            location: `s3://${bucketName}/rejected/`,
            inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            serDeInfo: { serializationLibrary: "org.apache.hive.hcatalog.data.JsonSerDe" },
            columns: [
                { name: "reason", type: "string" },
                { name: "payload", type: "string" },
            ],
        });
    });

    it("creates an enforced, encrypted, capped Athena v3 workgroup with the shared queries", () => {
        const bucketName = mocks.named("pipe-bucket").state.bucket;
        const wg = mocks.named("pipe-workgroup");
        expect(wg.inputs.configuration).to.deep.equal({
            enforceWorkgroupConfiguration: true,
            publishCloudwatchMetricsEnabled: true,
            bytesScannedCutoffPerQuery: 1073741824,
            engineVersion: { selectedEngineVersion: "Athena engine version 3" },
            resultConfiguration: {
                outputLocation: `s3://${bucketName}/athena-results/`,
                encryptionConfiguration: { encryptionOption: "SSE_S3" },
            },
        });
        const queries = mocks.ofType("aws:athena/namedQuery:NamedQuery");
        expect(queries.map((q) => q.inputs.name)).to.have.members(contract.namedQueries.map((q) => q.name));
        for (const q of queries) {
            const source = contract.namedQueries.find((n) => n.name === q.inputs.name)!;
            expect(q.inputs.workgroup).to.equal(wg.state.name);
            expect(q.inputs.database).to.equal("pipe");
            expect(q.inputs.query).to.equal(
                contract.renderQuery(source.sql, {
                    database: "pipe",
                    table: "ticker_averages",
                    rejectedTable: "ticker_averages_rejected",
                    ticker: "AAPL",
                }),
            );
            expect(q.inputs.query).to.not.match(/\{\{/);
        }
        expect(queries.find((q) => q.name === "pipe-query-ticker_series")!.inputs.query).to.contain("ticker = 'AAPL'");
        expect(queries.find((q) => q.name === "pipe-query-rejected_by_reason")!.inputs.query).to.contain(
            'FROM "pipe"."ticker_averages_rejected"',
        );
    });

    it("registers the issue's outputs with the values of the resources behind them", async () => {
        const expected: Record<string, unknown> = {
            streamName: mocks.named("pipe-stream").state.name,
            streamArn: mocks.named("pipe-stream").state.arn,
            bucketName: mocks.named("pipe-bucket").state.bucket,
            bucketArn: mocks.named("pipe-bucket").state.arn,
            applicationName: mocks.named("pipe-application").state.name,
            applicationArn: mocks.named("pipe-application").state.arn,
            roleArn: mocks.named("pipe-role").state.arn,
            logGroupName: mocks.named("pipe-logs").state.name,
            databaseName: "pipe",
            tableName: "ticker_averages",
            rejectedTableName: "ticker_averages_rejected",
            workgroupName: mocks.named("pipe-workgroup").state.name,
        };
        for (const [key, value] of Object.entries(expected)) {
            expect(value, key).to.be.a("string").and.not.equal("");
            expect(await resolve((pipeline as unknown as Record<string, any>)[key]), key).to.equal(value);
        }
    });
});

describe("StreamingAnalyticsPipeline variants", () => {
    it("ON_DEMAND sends no shard count; a customer key encrypts the stream and gets kms:Decrypt", async () => {
        const key = "arn:aws-cn:kms:cn-north-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const { mocks } = await deploy({ stream: { mode: "ON_DEMAND", kmsKeyArn: key, retentionHours: 48 } }, CHINA);
        const stream = mocks.named("pipe-stream").inputs;
        expect(stream.streamModeDetails).to.deep.equal({ streamMode: "ON_DEMAND" });
        expect(stream).to.not.have.property("shardCount");
        expect(stream.kmsKeyId).to.equal(key);
        expect(stream.retentionPeriod).to.equal(48);
        const decrypt = statementsOf(policyOf(mocks, "pipe-role-policy")).filter((s) => actionsOf(s).includes("kms:Decrypt"));
        expect(decrypt).to.deep.equal([{ Sid: "DecryptInputStream", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [key] }]);
    });

    it("EFO passes the consumer name to the job and scopes the consumer actions to it", async () => {
        const { mocks } = await deploy({ application: { code: zip, readerType: "EFO", efoConsumerName: "ticks-efo" } });
        const streamArn = mocks.named("pipe-stream").state.arn;
        const input = mocks.named("pipe-application").inputs.applicationConfiguration.environmentProperties.propertyGroups[1];
        expect(input.propertyMap).to.include({ "source.reader.type": "EFO", "source.efo.consumer.name": "ticks-efo" });
        const efo = statementsOf(policyOf(mocks, "pipe-role-policy")).find((s) => s.Sid === "UseEnhancedFanOutConsumer");
        expect(efo?.Resource).to.deep.equal([`${streamArn}/consumer/ticks-efo:*`]);
    });

    it("a folder is uploaded as an archive, and a code change changes the pinned object version", async () => {
        const folder = makeCodeFolder(tempDir(), "print('v1')\n");
        const first = await deploy({ application: { code: folder } });
        const object = first.mocks.named("pipe-code");
        expect(object.inputs.source.__pulumiArchive).to.equal(true);
        expect(object.inputs.key).to.equal("code/flink-app.zip");
        const versionOf = (m: RecordingMocks) =>
            m.named("pipe-application").inputs.applicationConfiguration.applicationCodeConfiguration.codeContent
                .s3ContentLocation.objectVersion;
        const v1 = versionOf(first.mocks);

        const unchanged = await deploy({ application: { code: folder } });
        expect(versionOf(unchanged.mocks)).to.equal(v1);

        fs.writeFileSync(path.join(folder, "main.py"), "print('v2')\n");
        const changed = await deploy({ application: { code: folder } });
        expect(changed.mocks.named("pipe-code").inputs.sourceHash).to.not.equal(object.inputs.sourceHash);
        expect(versionOf(changed.mocks)).to.not.equal(v1);
    });

    it("crawler mode adds a scheduled crawler of the component's own table, with its own role, and no projection", async () => {
        const { mocks } = await deploy({ catalog: { mode: "crawler", databaseName: "analytics" } }, CHINA);
        const bucketName = mocks.named("pipe-bucket").state.bucket;
        const table = mocks.named("pipe-table").inputs;
        expect(table.parameters).to.deep.equal({ EXTERNAL: "TRUE", classification: "json" });
        const crawler = mocks.named("pipe-crawler").inputs;
        expect(crawler).to.deep.include({
            name: "analytics-ticker_averages-crawler",
            databaseName: "analytics",
            schedule: "cron(0/15 * * * ? *)",
            role: mocks.named("pipe-crawler-role").state.arn,
            schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
            recrawlPolicy: { recrawlBehavior: "CRAWL_EVERYTHING" },
        });
        // The table the component created, so the crawler adds its partitions and
        // creates no table of its own; no S3 target, which would.
        expect(crawler.catalogTargets).to.deep.equal([
            { databaseName: mocks.named("pipe-database").state.name, tables: [table.name] },
        ]);
        expect(table.name).to.equal("ticker_averages");
        expect(crawler.s3Targets).to.equal(undefined);
        expect(JSON.parse(crawler.configuration)).to.deep.equal({
            Version: 1,
            CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
            Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
        });
        expect(policyOf(mocks, "pipe-crawler-role", "assumeRolePolicy")).to.deep.equal(
            crawlerTrustPolicy({ accountId: CHINA.accountId }),
        );
        expect(policyOf(mocks, "pipe-crawler-role-policy")).to.deep.equal(
            crawlerPolicyDocument({
                ...CHINA,
                bucketName,
                outputPrefix: "output/",
                databaseName: "analytics",
                tableName: "ticker_averages",
                crawlerName: "analytics-ticker_averages-crawler",
            }),
        );
        expect(mocks.named("pipe-crawler-role-policy").inputs.role).to.equal(mocks.named("pipe-crawler-role").state.id);
    });

    it("no generated policy grants a wildcard action; the only wildcard is the bucket's TLS Deny", async () => {
        const variants = [
            await deploy({}, COMMERCIAL),
            await deploy({}, CHINA),
            await deploy(
                {
                    catalog: { mode: "crawler" },
                    stream: { kmsKeyArn: "arn:aws-cn:kms:cn-north-1:210987654321:key/k" },
                    application: { code: zip, readerType: "EFO" },
                    monitoring: { alarmEmail: "ops@example.com" },
                },
                CHINA,
            ),
        ];
        let documents = 0;
        let statements = 0;
        const wildcards: string[] = [];
        for (const { mocks } of variants) {
            for (const { where, document } of policiesIn(mocks.resources)) {
                documents++;
                for (const s of statementsOf(document)) {
                    statements++;
                    for (const action of actionsOf(s)) {
                        if (action.includes("*") || action.includes("?")) wildcards.push(`${where} ${s.Effect} ${s.Sid} ${action}`);
                        expect(action, `${where} ${s.Sid}`).to.match(/^[a-z0-9-]+:[A-Za-z0-9*]+$/);
                    }
                }
            }
        }
        // 3 variants x (application trust + permissions + bucket policy), plus crawler trust + permissions.
        expect(documents).to.equal(11);
        // 2 x (8 + 1 + 1), plus EFO/KMS application (10 + 1), bucket (1) and crawler (8 + 1).
        expect(statements).to.equal(41);
        expect(wildcards).to.deep.equal([
            "pipe-bucket-policy.policy Deny DenyInsecureTransport s3:*",
            "pipe-bucket-policy.policy Deny DenyInsecureTransport s3:*",
            "pipe-bucket-policy.policy Deny DenyInsecureTransport s3:*",
        ]);
    });
});
