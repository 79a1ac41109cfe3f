import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createFlinkApplication, type StackContext } from "./application.js";
import type { StreamingAnalyticsPipelineArgs } from "./args.js";
import { createAthena } from "./athena.js";
import { createCatalog } from "./catalog.js";
import { applicationCode } from "./code.js";
import { resolveArgs } from "./defaults.js";
import { createMonitoring } from "./monitoring.js";
import { bucketRef } from "./storage.js";
import { streamRef } from "./stream.js";
import { checkInputsWhenKnown, validateArgs } from "./validation/index.js";

/**
 * Kinesis Data Stream -> a PyFlink job on Managed Service for Apache Flink -> S3 ->
 * Glue Data Catalog -> Athena, with alarms and a dashboard. The job (its code, its
 * tables, queries and extra permissions) is a job descriptor: `tickerJob()` for the
 * bundled ticker job, or `loadJobDescriptor()` for your own.
 *
 * Every child is parented to the component and named `<name>-<part>`, and is
 * exposed as a read-only property (undefined for an existing stream or bucket,
 * which the component does not create); the partition, region and account come from
 * the provider, so the same program deploys to any partition, AWS China included.
 */
export class StreamingAnalyticsPipeline extends pulumi.ComponentResource {
    /** The Pulumi type token of the component. */
    static readonly TYPE = "streaming-analytics:index:StreamingAnalyticsPipeline";

    /** The stream the component created; undefined with `stream.existingArn`. */
    readonly stream?: aws.kinesis.Stream;
    /** The bucket the component created; undefined with `bucket.existingName`. */
    readonly bucket?: aws.s3.Bucket;
    /** The uploaded application code; undefined when the job's code is an existing S3 object. */
    readonly codeObject?: aws.s3.BucketObjectv2;
    readonly application: aws.kinesisanalyticsv2.Application;
    /** The application's service execution role; attach more policies to it as needed. */
    readonly role: aws.iam.Role;
    /** The role's one inline policy, holding every statement in docs/component.md. */
    readonly rolePolicy: aws.iam.RolePolicy;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly logStream: aws.cloudwatch.LogStream;
    readonly database: aws.glue.CatalogDatabase;
    /** One Glue table per table of the job, by table id. */
    readonly tables: Readonly<Record<string, aws.glue.CatalogTable>>;
    /** Crawler mode only. */
    readonly crawler?: aws.glue.Crawler;
    readonly crawlerRole?: aws.iam.Role;
    readonly workgroup: aws.athena.Workgroup;
    /** The job's named queries, by query id. */
    readonly namedQueries: Readonly<Record<string, aws.athena.NamedQuery>>;
    /** By alarm id; empty with monitoring disabled. */
    readonly alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;
    /** The topic created for `monitoring.alarmEmail`. */
    readonly alarmTopic?: aws.sns.Topic;
    readonly dashboard?: aws.cloudwatch.Dashboard;

    readonly streamName: pulumi.Output<string>;
    readonly streamArn: pulumi.Output<string>;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly applicationName: pulumi.Output<string>;
    readonly applicationArn: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly databaseName: pulumi.Output<string>;
    /** Deployed Glue table names, by table id. */
    readonly tableNames: pulumi.Output<Record<string, string>>;
    readonly workgroupName: pulumi.Output<string>;
    /** Key of the application code object. */
    readonly codeKey: pulumi.Output<string>;
    readonly crawlerName: pulumi.Output<string | undefined>;
    readonly alarmNames: pulumi.Output<string[]>;
    /** Where alarms go: the created topic or `monitoring.alarmTopicArn`. */
    readonly alarmTopicArn: pulumi.Output<string | undefined>;
    readonly dashboardName: pulumi.Output<string | undefined>;

    constructor(name: string, args: StreamingAnalyticsPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): bad args must not leave even the component behind.
        const config = resolveArgs(name, args, pulumi.getStack());
        validateArgs(name, args, config);
        super(StreamingAnalyticsPipeline.TYPE, name, {}, opts);

        const invokeOpts = { parent: this };
        const partitionInfo = aws.getPartitionOutput({}, invokeOpts);
        const stack: StackContext = {
            partition: partitionInfo.partition,
            dnsSuffix: partitionInfo.dnsSuffix,
            region: aws.getRegionOutput({}, invokeOpts).region,
            accountId: aws.getCallerIdentityOutput({}, invokeOpts).accountId,
        };
        const checked = checkInputsWhenKnown(name, args, config, pulumi.all([stack.partition, stack.region]).apply(([partition, region]) => ({ partition, region })));
        const tags = checked.tags;

        const stream = streamRef(name, config.stream, checked.existingStreamArn, checked.streamKmsKeyArn, tags, this);
        const bucket = bucketRef(name, config.bucket, checked.existingBucketName, tags, stack.partition, this);
        const code = applicationCode(
            name,
            typeof config.job.code === "string" ? config.job.code : undefined,
            checked.codeObject,
            {
                bucketName: bucket.name,
                bucketArn: bucket.arn,
                codePrefix: config.bucket.codePrefix,
                dependsOn: bucket.storage ? [bucket.storage.versioning] : [],
            },
            stack.partition,
            tags,
            this,
        );
        const flink = createFlinkApplication(
            name,
            { args: config.application, job: config.job, stream, streamKmsKeyArn: checked.streamKmsKeyArn, bucket, code, stack, tags },
            this,
        );
        const catalog = createCatalog(name, { args: config.catalog, job: config.job, bucket, stack, tags }, this);
        const tableNames = Object.fromEntries(Object.entries(catalog.tables).map(([id, t]) => [id, t.name]));
        const athena = createAthena(
            name,
            { args: config.athena, job: config.job, bucket, resultsPrefix: config.bucket.athenaResultsPrefix, databaseName: catalog.database.name, tableNames, tags },
            this,
        );
        const monitoring = createMonitoring(
            name,
            {
                args: config.monitoring,
                alarmEmail: checked.alarmEmail,
                alarmTopicArn: checked.alarmTopicArn,
                applicationName: flink.application.name,
                streamName: stream.name,
                region: stack.region,
                tags,
            },
            this,
        );

        this.stream = stream.stream;
        this.bucket = bucket.storage?.bucket;
        this.codeObject = code.object;
        this.application = flink.application;
        this.role = flink.role.role;
        this.rolePolicy = flink.role.policy;
        this.logGroup = flink.logGroup;
        this.logStream = flink.logStream;
        this.database = catalog.database;
        this.tables = catalog.tables;
        this.crawler = catalog.crawler;
        this.crawlerRole = catalog.crawlerRole?.role;
        this.workgroup = athena.workgroup;
        this.namedQueries = athena.namedQueries;
        this.alarms = monitoring.alarms;
        this.alarmTopic = monitoring.topic;
        this.dashboard = monitoring.dashboard;

        this.streamName = stream.name;
        this.streamArn = stream.arn;
        this.bucketName = bucket.name;
        this.bucketArn = bucket.arn;
        this.applicationName = flink.application.name;
        this.applicationArn = flink.application.arn;
        this.roleArn = flink.role.role.arn;
        this.logGroupName = flink.logGroup.name;
        this.databaseName = catalog.database.name;
        this.tableNames = pulumi.all(tableNames);
        this.workgroupName = athena.workgroup.name;
        this.codeKey = code.key;
        this.crawlerName = catalog.crawler ? catalog.crawler.name : pulumi.output(undefined);
        this.alarmNames = pulumi.all(Object.values(monitoring.alarms).map((a) => a.name));
        this.alarmTopicArn = monitoring.alarmTopicArn ?? pulumi.output(undefined);
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
            tableNames: this.tableNames,
            workgroupName: this.workgroupName,
            codeKey: this.codeKey,
            crawlerName: this.crawlerName,
            alarmNames: this.alarmNames,
            alarmTopicArn: this.alarmTopicArn,
            dashboardName: this.dashboardName,
        });
    }
}
