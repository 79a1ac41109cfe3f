import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createFlinkApplication, type FlinkApplication, type StackContext } from "./application.js";
import type { StreamingAnalyticsPipelineArgs } from "./args.js";
import { createAthena, type Athena } from "./athena.js";
import { createCatalog, type Catalog } from "./catalog.js";
import { applicationCode, type ApplicationCode } from "./code.js";
import { resolveArgs, type ResolvedArgs } from "./defaults.js";
import { createMonitoring, type Monitoring } from "./monitoring.js";
import { bucketRef, type BucketRef } from "./storage.js";
import { streamRef, type StreamRef } from "./stream.js";
import { checkInputsWhenKnown, validateArgs } from "./validation/index.js";

/** The children of a pipeline, as its read-only properties expose them. */
export interface PipelineChildren {
    stream?: aws.kinesis.Stream;
    bucket?: aws.s3.Bucket;
    codeObject?: aws.s3.BucketObjectv2;
    application: aws.kinesisanalyticsv2.Application;
    role: aws.iam.Role;
    rolePolicy: aws.iam.RolePolicy;
    logGroup: aws.cloudwatch.LogGroup;
    logStream: aws.cloudwatch.LogStream;
    database: aws.glue.CatalogDatabase;
    tables: Readonly<Record<string, aws.glue.CatalogTable>>;
    crawler?: aws.glue.Crawler;
    crawlerRole?: aws.iam.Role;
    workgroup: aws.athena.Workgroup;
    namedQueries: Readonly<Record<string, aws.athena.NamedQuery>>;
    alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;
    alarmTopic?: aws.sns.Topic;
    dashboard?: aws.cloudwatch.Dashboard;
}

/** The outputs of a pipeline, registered with registerOutputs. */
export interface PipelineOutputs {
    streamName: pulumi.Output<string>;
    streamArn: pulumi.Output<string>;
    bucketName: pulumi.Output<string>;
    bucketArn: pulumi.Output<string>;
    applicationName: pulumi.Output<string>;
    applicationArn: pulumi.Output<string>;
    roleArn: pulumi.Output<string>;
    logGroupName: pulumi.Output<string>;
    databaseName: pulumi.Output<string>;
    /** Deployed Glue table names, by table id. */
    tableNames: pulumi.Output<Record<string, string>>;
    workgroupName: pulumi.Output<string>;
    /** Key of the application code object. */
    codeKey: pulumi.Output<string>;
    crawlerName: pulumi.Output<string | undefined>;
    alarmNames: pulumi.Output<string[]>;
    /** Where alarms go: the created topic or `monitoring.alarmTopicArn`. */
    alarmTopicArn: pulumi.Output<string | undefined>;
    dashboardName: pulumi.Output<string | undefined>;
}

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
    declare readonly stream?: aws.kinesis.Stream;
    /** The bucket the component created; undefined with `bucket.existingName`. */
    declare readonly bucket?: aws.s3.Bucket;
    /** The uploaded application code; undefined when the job's code is an existing S3 object. */
    declare readonly codeObject?: aws.s3.BucketObjectv2;
    declare readonly application: aws.kinesisanalyticsv2.Application;
    /** The application's service execution role; attach more policies to it as needed. */
    declare readonly role: aws.iam.Role;
    /** The role's one inline policy, holding every statement in docs/component.md. */
    declare readonly rolePolicy: aws.iam.RolePolicy;
    declare readonly logGroup: aws.cloudwatch.LogGroup;
    declare readonly logStream: aws.cloudwatch.LogStream;
    declare readonly database: aws.glue.CatalogDatabase;
    /** One Glue table per table of the job, by table id. */
    declare readonly tables: Readonly<Record<string, aws.glue.CatalogTable>>;
    /** Crawler mode only. */
    declare readonly crawler?: aws.glue.Crawler;
    declare readonly crawlerRole?: aws.iam.Role;
    declare readonly workgroup: aws.athena.Workgroup;
    /** The job's named queries, by query id. */
    declare readonly namedQueries: Readonly<Record<string, aws.athena.NamedQuery>>;
    /** By alarm id; empty with monitoring disabled. */
    declare readonly alarms: Readonly<Record<string, aws.cloudwatch.MetricAlarm>>;
    /** The topic created for `monitoring.alarmEmail`. */
    declare readonly alarmTopic?: aws.sns.Topic;
    declare readonly dashboard?: aws.cloudwatch.Dashboard;

    declare readonly streamName: PipelineOutputs["streamName"];
    declare readonly streamArn: PipelineOutputs["streamArn"];
    declare readonly bucketName: PipelineOutputs["bucketName"];
    declare readonly bucketArn: PipelineOutputs["bucketArn"];
    declare readonly applicationName: PipelineOutputs["applicationName"];
    declare readonly applicationArn: PipelineOutputs["applicationArn"];
    declare readonly roleArn: PipelineOutputs["roleArn"];
    declare readonly logGroupName: PipelineOutputs["logGroupName"];
    declare readonly databaseName: PipelineOutputs["databaseName"];
    declare readonly tableNames: PipelineOutputs["tableNames"];
    declare readonly workgroupName: PipelineOutputs["workgroupName"];
    declare readonly codeKey: PipelineOutputs["codeKey"];
    declare readonly crawlerName: PipelineOutputs["crawlerName"];
    declare readonly alarmNames: PipelineOutputs["alarmNames"];
    declare readonly alarmTopicArn: PipelineOutputs["alarmTopicArn"];
    declare readonly dashboardName: PipelineOutputs["dashboardName"];

    constructor(name: string, args: StreamingAnalyticsPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): bad args must not leave even the component behind.
        const config = resolveArgs(name, args, pulumi.getStack());
        validateArgs(name, args, config);
        super(StreamingAnalyticsPipeline.TYPE, name, {}, opts);
        const { children, outputs } = createPipeline(name, args, config, this);
        Object.assign(this, children, outputs);
        this.registerOutputs(outputs);
    }
}

/** Partition, region, account and DNS suffix of the stack, from the component's provider. */
function stackContext(parent: pulumi.Resource): StackContext {
    const invokeOpts = { parent };
    const partition = aws.getPartitionOutput({}, invokeOpts);
    return {
        partition: partition.partition,
        dnsSuffix: partition.dnsSuffix,
        region: aws.getRegionOutput({}, invokeOpts).region,
        accountId: aws.getCallerIdentityOutput({}, invokeOpts).accountId,
    };
}

/** Every child of the pipeline, created in dependency order, and the outputs read from them. */
function createPipeline(name: string, args: StreamingAnalyticsPipelineArgs, config: ResolvedArgs, parent: pulumi.Resource) {
    const stack = stackContext(parent);
    const scope = pulumi.all([stack.partition, stack.region]).apply(([partition, region]) => ({ partition, region }));
    const checked = checkInputsWhenKnown(name, args, config, scope);
    const tags = checked.tags;

    const stream = streamRef(name, config.stream, checked.existingStreamArn, checked.streamKmsKeyArn, tags, parent);
    const bucket = bucketRef(name, config.bucket, checked.existingBucketName, tags, stack.partition, parent);
    const code = applicationCode(
        name,
        typeof config.job.code === "string" ? config.job.code : undefined,
        checked.codeObject,
        { bucketName: bucket.name, bucketArn: bucket.arn, codePrefix: config.bucket.codePrefix, dependsOn: bucket.storage ? [bucket.storage.versioning] : [] },
        stack.partition,
        tags,
        parent,
    );
    const flink = createFlinkApplication(
        name,
        { args: config.application, job: config.job, stream, streamKmsKeyArn: checked.streamKmsKeyArn, bucket, code, stack, tags },
        parent,
    );
    const catalog = createCatalog(name, { args: config.catalog, job: config.job, bucket, stack, tags }, parent);
    const tableNames = Object.fromEntries(Object.entries(catalog.tables).map(([id, t]) => [id, t.name]));
    const athena = createAthena(
        name,
        { args: config.athena, job: config.job, bucket, resultsPrefix: config.bucket.athenaResultsPrefix, databaseName: catalog.database.name, tableNames, tags },
        parent,
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
        parent,
    );

    const built = { stream, bucket, code, flink, catalog, athena, monitoring, tableNames };
    return { children: pipelineChildren(built), outputs: pipelineOutputs(built) };
}

/** What createPipeline made, as pipelineChildren and pipelineOutputs read it. */
interface BuiltPipeline {
    stream: StreamRef;
    bucket: BucketRef;
    code: ApplicationCode;
    flink: FlinkApplication;
    catalog: Catalog;
    athena: Athena;
    monitoring: Monitoring;
    tableNames: Record<string, pulumi.Output<string>>;
}

function pipelineChildren({ stream, bucket, code, flink, catalog, athena, monitoring }: BuiltPipeline): PipelineChildren {
    return {
        stream: stream.stream,
        bucket: bucket.storage?.bucket,
        codeObject: code.object,
        application: flink.application,
        role: flink.role.role,
        rolePolicy: flink.role.policy,
        logGroup: flink.logGroup,
        logStream: flink.logStream,
        database: catalog.database,
        tables: catalog.tables,
        crawler: catalog.crawler,
        crawlerRole: catalog.crawlerRole?.role,
        workgroup: athena.workgroup,
        namedQueries: athena.namedQueries,
        alarms: monitoring.alarms,
        alarmTopic: monitoring.topic,
        dashboard: monitoring.dashboard,
    };
}

function pipelineOutputs({ stream, bucket, code, flink, catalog, athena, monitoring, tableNames }: BuiltPipeline): PipelineOutputs {
    return {
        streamName: stream.name,
        streamArn: stream.arn,
        bucketName: bucket.name,
        bucketArn: bucket.arn,
        applicationName: flink.application.name,
        applicationArn: flink.application.arn,
        roleArn: flink.role.role.arn,
        logGroupName: flink.logGroup.name,
        databaseName: catalog.database.name,
        tableNames: pulumi.all(tableNames),
        workgroupName: athena.workgroup.name,
        codeKey: code.key,
        crawlerName: catalog.crawler ? catalog.crawler.name : pulumi.output(undefined),
        alarmNames: pulumi.all(Object.values(monitoring.alarms).map((a) => a.name)),
        alarmTopicArn: monitoring.alarmTopicArn ?? pulumi.output(undefined),
        dashboardName: monitoring.dashboard ? monitoring.dashboard.dashboardName : pulumi.output(undefined),
    };
}
