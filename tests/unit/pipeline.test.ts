import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { StreamingAnalyticsPipeline, hashApplicationCode, tickerJob } from "../../components/index.js";
import { tickerJobDescriptor } from "../../contract/index.js";
import { CODE_ZIP as zip, deploy } from "./support/deploy.js";
import { makeCodeFolder, tempDir } from "./support/fixtures.js";
import { CHINA, COMMERCIAL, RecordingMocks, resolve, urnTypeChain } from "./support/mocks.js";
import { actionsOf, policiesIn, statementsOf } from "./support/policies.js";

const TYPE = "streaming-analytics:index:StreamingAnalyticsPipeline";

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

    it("parents every child to the component and names it after the component", () => {
        expect(mocks.ofType(TYPE).map((r) => r.name)).to.deep.equal(["pipe"]);
        const childUrns = mocks.urns.filter((u) => !u.endsWith(`::${TYPE}::pipe`));
        expect(childUrns).to.have.length(mocks.resources.length - 1);
        for (const urn of childUrns) {
            expect(urnTypeChain(urn), urn).to.deep.equal([TYPE, urn.split("::")[2].split("$")[1]]);
            expect(urn.split("::")[3], urn).to.match(/^pipe-/);
        }
    });

    it("creates one Glue table per declared table and one named query per declared query, and exposes them by id", () => {
        const tables = mocks.ofType("aws:glue/catalogTable:CatalogTable").map((t) => t.inputs.name).sort();
        expect(tables).to.deep.equal(tickerJobDescriptor.tables.map((t) => t.name).sort());
        expect(Object.keys(pipeline.tables).sort()).to.deep.equal(tickerJobDescriptor.tables.map((t) => t.id).sort());
        const queries = mocks.ofType("aws:athena/namedQuery:NamedQuery").map((q) => q.inputs.name).sort();
        expect(queries).to.deep.equal((tickerJobDescriptor.namedQueries ?? []).map((q) => q.name).sort());
        expect(Object.keys(pipeline.namedQueries).sort()).to.deep.equal((tickerJobDescriptor.namedQueries ?? []).map((q) => q.id).sort());
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
        expect(policyOf(mocks, "pipe-bucket-policy").Statement).to.deep.equal([
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:*"],
                Resource: [mocks.named("pipe-bucket").state.arn, `${mocks.named("pipe-bucket").state.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
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

    it("runs the Flink application with snapshots, custom checkpoints and the job's property groups", () => {
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
            { propertyGroupId: "Aggregation0", propertyMap: { "window.seconds": "60", "watermark.delay.seconds": "5", "event.time.max.ahead.seconds": "60" } },
        ]);
    });

    it("logs to its own group (30 days) and stream", () => {
        expect(mocks.named("pipe-logs").inputs.retentionInDays).to.equal(30);
        expect(mocks.named("pipe-log-stream").inputs).to.deep.equal({
            name: "flink-application",
            logGroupName: mocks.named("pipe-logs").state.name,
        });
    });

    it("scopes the application role to the deployed stream, bucket, code object, log stream and application", () => {
        const bucketArn = mocks.named("pipe-bucket").state.arn;
        const statements = Object.fromEntries(statementsOf(policyOf(mocks, "pipe-role-policy")).map((s) => [s.Sid, s]));
        expect(statements.ReadInputStream.Resource).to.deep.equal([mocks.named("pipe-stream").state.arn]);
        expect(statements.ReadApplicationCode.Resource).to.deep.equal([`${bucketArn}/code/flink-app.zip`]);
        expect(statements.WriteOutputPrefixes.Resource).to.deep.equal([`${bucketArn}/output/*`, `${bucketArn}/rejected/*`]);
        expect(statements.WriteOwnLogStream.Resource).to.deep.equal([mocks.named("pipe-log-stream").state.arn]);
        expect(mocks.named("pipe-role-policy").inputs.role).to.equal(mocks.named("pipe-role").state.id);
        const { partition, region, accountId } = COMMERCIAL;
        expect(policyOf(mocks, "pipe-role", "assumeRolePolicy").Statement[0].Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": `arn:${partition}:kinesisanalytics:${region}:${accountId}:application/*pipe-application*` },
        });
        // The pattern covers the autonamed application itself.
        const appArn: string = mocks.named("pipe-application").state.arn;
        expect(appArn).to.match(/:application\/[^/]*pipe-application[^/]*$/);
    });

    it("catalogs the sink with partition projection by default, in the database named after component and stack", () => {
        const bucketName = mocks.named("pipe-bucket").state.bucket;
        expect(mocks.named("pipe-database").inputs.name).to.equal("pipe_test");
        const table = mocks.named("pipe-table").inputs;
        expect(table).to.deep.include({ name: "ticker_averages", databaseName: "pipe_test", tableType: "EXTERNAL_TABLE" });
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

    it("creates an enforced, encrypted, capped Athena v3 workgroup with the job's queries filled in", () => {
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
        for (const q of mocks.ofType("aws:athena/namedQuery:NamedQuery")) {
            expect(q.inputs.workgroup, q.name).to.equal(wg.state.name);
            expect(q.inputs.database, q.name).to.equal("pipe_test");
            expect(q.inputs.query, q.name).to.not.match(/\{\{/);
        }
        const query = (id: string) => mocks.named(`pipe-query-${id}`).inputs.query as string;
        expect(query("ticker_series")).to.contain('FROM "pipe_test"."ticker_averages"').and.contain("ticker = 'AAPL'");
        expect(query("rejected_by_reason")).to.contain('FROM "pipe_test"."ticker_averages_rejected"');
    });

    it("exposes its outputs with the values of the resources behind them", async () => {
        const expected: Record<string, unknown> = {
            streamName: mocks.named("pipe-stream").state.name,
            streamArn: mocks.named("pipe-stream").state.arn,
            bucketName: mocks.named("pipe-bucket").state.bucket,
            bucketArn: mocks.named("pipe-bucket").state.arn,
            applicationName: mocks.named("pipe-application").state.name,
            applicationArn: mocks.named("pipe-application").state.arn,
            roleArn: mocks.named("pipe-role").state.arn,
            logGroupName: mocks.named("pipe-logs").state.name,
            databaseName: "pipe_test",
            workgroupName: mocks.named("pipe-workgroup").state.name,
            codeKey: "code/flink-app.zip",
        };
        for (const [key, value] of Object.entries(expected)) {
            expect(value, key).to.be.a("string").and.not.equal("");
            expect(await resolve((pipeline as unknown as Record<string, any>)[key]), key).to.equal(value);
        }
        expect(await resolve(pipeline.tableNames)).to.deep.equal({ table: "ticker_averages", rejected_table: "ticker_averages_rejected" });
    });

    it("exposes its children, so a program can extend them", async () => {
        expect(await resolve(pipeline.role.arn)).to.equal(mocks.named("pipe-role").state.arn);
        expect(await resolve(pipeline.stream!.arn)).to.equal(mocks.named("pipe-stream").state.arn);
        expect(await resolve(pipeline.bucket!.bucket)).to.equal(mocks.named("pipe-bucket").state.bucket);
        expect(await resolve(pipeline.application.name)).to.equal(mocks.named("pipe-application").state.name);
        expect(await resolve(pipeline.logGroup.name)).to.equal(mocks.named("pipe-logs").state.name);
        expect(await resolve(pipeline.database.name)).to.equal("pipe_test");
        expect(await resolve(pipeline.tables.table.name)).to.equal("ticker_averages");
        expect(await resolve(pipeline.workgroup.name)).to.equal(mocks.named("pipe-workgroup").state.name);
        expect(await resolve(pipeline.alarms.downtime.name)).to.equal(mocks.named("pipe-alarm-downtime").state.name);
        expect(await resolve(pipeline.codeObject!.key)).to.equal("code/flink-app.zip");
    });
});

describe("StreamingAnalyticsPipeline variants", () => {
    it("ON_DEMAND sends no shard count; a customer key encrypts the stream and gets kms:Decrypt through Kinesis only", async () => {
        const key = "arn:aws-cn:kms:cn-north-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const { mocks } = await deploy({ stream: { mode: "ON_DEMAND", kmsKeyArn: key, retentionHours: 48 } }, CHINA);
        const stream = mocks.named("pipe-stream");
        expect(stream.inputs.streamModeDetails).to.deep.equal({ streamMode: "ON_DEMAND" });
        expect(stream.inputs).to.not.have.property("shardCount");
        expect(stream.inputs.kmsKeyId).to.equal(key);
        expect(stream.inputs.retentionPeriod).to.equal(48);
        const decrypt = statementsOf(policyOf(mocks, "pipe-role-policy")).filter((s) => actionsOf(s).includes("kms:Decrypt"));
        expect(decrypt).to.deep.equal([
            {
                Sid: "DecryptInputStream",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [key],
                Condition: {
                    StringEquals: { "kms:ViaService": "kinesis.cn-north-1.amazonaws.com.cn" },
                },
            },
        ]);
    });

    it("EFO passes the consumer name to the job and scopes the consumer actions to it", async () => {
        const { mocks } = await deploy({ application: { readerType: "EFO", efoConsumerName: "ticks-efo" } });
        const streamArn = mocks.named("pipe-stream").state.arn;
        const input = mocks.named("pipe-application").inputs.applicationConfiguration.environmentProperties.propertyGroups[1];
        expect(input.propertyMap).to.include({ "source.reader.type": "EFO", "source.efo.consumer.name": "ticks-efo" });
        const efo = statementsOf(policyOf(mocks, "pipe-role-policy")).find((s) => s.Sid === "UseEnhancedFanOutConsumer");
        expect(efo?.Resource).to.deep.equal([`${streamArn}/consumer/ticks-efo:*`]);
    });

    it("a folder is uploaded as an archive, and a code change changes the pinned object version", async () => {
        const folder = makeCodeFolder(tempDir(), "print('v1')\n");
        const first = await deploy({ job: tickerJob({ code: folder }) });
        const object = first.mocks.named("pipe-code");
        expect(object.inputs.source.__pulumiArchive).to.equal(true);
        expect(object.inputs.key).to.equal("code/flink-app.zip");
        const versionOf = (m: RecordingMocks) =>
            m.named("pipe-application").inputs.applicationConfiguration.applicationCodeConfiguration.codeContent
                .s3ContentLocation.objectVersion;
        const v1 = versionOf(first.mocks);

        const unchanged = await deploy({ job: tickerJob({ code: folder }) });
        expect(versionOf(unchanged.mocks)).to.equal(v1);

        fs.writeFileSync(path.join(folder, "main.py"), "print('v2')\n");
        const changed = await deploy({ job: tickerJob({ code: folder }) });
        expect(changed.mocks.named("pipe-code").inputs.sourceHash).to.not.equal(object.inputs.sourceHash);
        expect(versionOf(changed.mocks)).to.not.equal(v1);
    });

    it("crawler mode adds a scheduled crawler of the component's own tables, with its own role, and no projection", async () => {
        const { mocks } = await deploy({ catalog: { mode: "crawler", databaseName: "analytics" } }, CHINA);
        const bucketArn = mocks.named("pipe-bucket").state.arn;
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
        // Only the partitioned table: the rejected records need no partitions.
        expect(crawler.catalogTargets).to.deep.equal([{ databaseName: "analytics", tables: ["ticker_averages"] }]);
        expect(crawler.s3Targets).to.equal(undefined);
        expect(JSON.parse(crawler.configuration)).to.deep.equal({
            Version: 1,
            CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
            Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
        });
        expect(policyOf(mocks, "pipe-crawler-role", "assumeRolePolicy").Statement).to.deep.equal([
            {
                Sid: "AssumedByServiceForThisAccountOnly",
                Effect: "Allow",
                Principal: { Service: "glue.amazonaws.com" },
                Action: ["sts:AssumeRole"],
                Condition: { StringEquals: { "aws:SourceAccount": CHINA.accountId } },
            },
        ]);
        const statements = Object.fromEntries(statementsOf(policyOf(mocks, "pipe-crawler-role-policy")).map((s) => [s.Sid, s]));
        expect(statements.ReadOutputObjects.Resource).to.deep.equal([`${bucketArn}/output/*`]);
        expect(statements.UpdateTablePartitions.Resource).to.include(`arn:aws-cn:glue:cn-north-1:${CHINA.accountId}:table/analytics/ticker_averages`);
        expect(statements.WriteCrawlerLogStream.Resource).to.deep.equal([
            `arn:aws-cn:logs:cn-north-1:${CHINA.accountId}:log-group:/aws-glue/crawlers:log-stream:analytics-ticker_averages-crawler`,
        ]);
        expect(mocks.named("pipe-crawler-role-policy").inputs.role).to.equal(mocks.named("pipe-crawler-role").state.id);
    });

    it("no generated policy allows a wildcard action; the only wildcard is the bucket's TLS Deny", async () => {
        const variants = [
            await deploy({}, COMMERCIAL),
            await deploy(
                {
                    catalog: { mode: "crawler" },
                    stream: { kmsKeyArn: "arn:aws-cn:kms:cn-north-1:210987654321:key/k" },
                    application: { readerType: "EFO" },
                    monitoring: { alarmEmail: "ops@example.com" },
                },
                CHINA,
            ),
        ];
        for (const { mocks } of variants) {
            const found = policiesIn(mocks.resources);
            // Every role's trust and permissions, and the bucket policy.
            const roles = mocks.ofType("aws:iam/role:Role").length;
            expect(found.map((f) => f.where).sort()).to.have.length(2 * roles + 1);
            for (const { where, document } of found) {
                for (const s of statementsOf(document)) {
                    for (const action of actionsOf(s)) {
                        const wildcard = action.includes("*") || action.includes("?");
                        if (wildcard) expect(`${where} ${s.Effect} ${s.Sid}`).to.equal("pipe-bucket-policy.policy Deny DenyInsecureTransport");
                        else expect(action, `${where} ${s.Sid}`).to.match(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
                    }
                }
            }
        }
    });
});
