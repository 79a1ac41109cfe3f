import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createFlinkApplication } from "./application.js";
import { resolveArgs, StreamingAnalyticsPipelineArgs } from "./args.js";
import { createAthena } from "./athena.js";
import { createCatalog } from "./catalog.js";
import { uploadApplicationCode } from "./code.js";
import { createMonitoring } from "./monitoring.js";
import { createStorage } from "./storage.js";
import { createStream } from "./stream.js";
import { validateArgs } from "./validation.js";

/**
 * Kinesis Data Stream -> PyFlink on Managed Service for Apache Flink -> S3 (partitioned
 * by ticker) -> Glue Data Catalog -> Athena, with alarms and a dashboard.
 *
 * Every child is parented to the component and named `<name>-<part>`; the partition,
 * region and account come from the provider, so the same program deploys to any
 * partition, AWS China included.
 */
export class StreamingAnalyticsPipeline extends pulumi.ComponentResource {
    /** The Pulumi type token of the component. */
    static readonly TYPE = "streaming-analytics:index:StreamingAnalyticsPipeline";

    readonly streamName: pulumi.Output<string>;
    readonly streamArn: pulumi.Output<string>;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly applicationName: pulumi.Output<string>;
    readonly applicationArn: pulumi.Output<string>;
    /** The Flink application's service execution role. */
    readonly roleArn: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly databaseName: pulumi.Output<string>;
    readonly tableName: pulumi.Output<string>;
    /** The Glue table over the records the job rejected. */
    readonly rejectedTableName: pulumi.Output<string>;
    readonly workgroupName: pulumi.Output<string>;
    /** Key of the uploaded application code in the bucket. */
    readonly codeKey: pulumi.Output<string>;
    /** The crawler (crawler mode only). */
    readonly crawlerName: pulumi.Output<string | undefined>;
    /** Names of the CloudWatch alarms (empty with monitoring disabled). */
    readonly alarmNames: pulumi.Output<string[]>;
    /** The alarm topic (only with monitoring.alarmEmail). */
    readonly alarmTopicArn: pulumi.Output<string | undefined>;
    readonly dashboardName: pulumi.Output<string | undefined>;

    constructor(name: string, args: StreamingAnalyticsPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): bad args must not leave even the component behind.
        const config = resolveArgs(name, args);
        validateArgs(name, config);
        super(StreamingAnalyticsPipeline.TYPE, name, {}, opts);

        const invokeOpts = { parent: this };
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;
        const region = aws.getRegionOutput({}, invokeOpts).region;
        const accountId = aws.getCallerIdentityOutput({}, invokeOpts).accountId;
        const tags = config.tags;

        const stream = createStream(name, config.stream, tags, this);
        const storage = createStorage(name, config.bucket, tags, partition, this);
        const code = uploadApplicationCode(
            name,
            config.application.code,
            config.bucket.codePrefix,
            storage.bucket,
            tags,
            [storage.versioning],
            this,
        );
        const flink = createFlinkApplication(
            name,
            {
                args: config.application,
                stream,
                streamKmsKeyArn: config.stream.kmsKeyArn,
                bucket: storage.bucket,
                outputPrefix: config.bucket.outputPrefix,
                rejectedPrefix: config.bucket.rejectedPrefix,
                code,
                partition,
                region,
                accountId,
                tags,
            },
            this,
        );
        const catalog = createCatalog(
            name,
            {
                args: config.catalog,
                bucket: storage.bucket,
                outputPrefix: config.bucket.outputPrefix,
                rejectedPrefix: config.bucket.rejectedPrefix,
                partition,
                region,
                accountId,
                tags,
            },
            this,
        );
        const athena = createAthena(
            name,
            {
                args: config.athena,
                bucket: storage.bucket,
                resultsPrefix: config.bucket.athenaResultsPrefix,
                databaseName: catalog.database.name,
                tableName: catalog.table.name,
                rejectedTableName: catalog.rejectedTable.name,
                tags,
            },
            this,
        );
        const monitoring = createMonitoring(
            name,
            {
                args: config.monitoring,
                applicationName: flink.application.name,
                streamName: stream.name,
                region,
                tags,
            },
            this,
        );

        this.streamName = stream.name;
        this.streamArn = stream.arn;
        this.bucketName = storage.bucket.bucket;
        this.bucketArn = storage.bucket.arn;
        this.applicationName = flink.application.name;
        this.applicationArn = flink.application.arn;
        this.roleArn = flink.role.role.arn;
        this.logGroupName = flink.logGroup.name;
        this.databaseName = catalog.database.name;
        this.tableName = catalog.table.name;
        this.rejectedTableName = catalog.rejectedTable.name;
        this.workgroupName = athena.workgroup.name;
        this.codeKey = code.object.key;
        this.crawlerName = catalog.crawler ? catalog.crawler.name : pulumi.output(undefined);
        this.alarmNames = pulumi.all(monitoring.alarms.map((a) => a.name));
        this.alarmTopicArn = monitoring.topic ? monitoring.topic.arn : pulumi.output(undefined);
        this.dashboardName = monitoring.dashboard ? monitoring.dashboard.dashboardName : pulumi.output(undefined);

        this.registerOutputs({
            streamName: this.streamName,
            streamArn: this.streamArn,
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            applicationName: this.applicationName,
            applicationArn: this.applicationArn,
            roleArn: this.roleArn,
            logGroupName: this.logGroupName,
            databaseName: this.databaseName,
            tableName: this.tableName,
            rejectedTableName: this.rejectedTableName,
            workgroupName: this.workgroupName,
            codeKey: this.codeKey,
            crawlerName: this.crawlerName,
            alarmNames: this.alarmNames,
            alarmTopicArn: this.alarmTopicArn,
            dashboardName: this.dashboardName,
        });
    }
}
