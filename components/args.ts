import type * as pulumi from "@pulumi/pulumi";
import type { JobDescriptor } from "../contract/index.js";
import { properties } from "../contract/index.js";

/**
 * The public arguments of StreamingAnalyticsPipeline. Each optional prop's default
 * is in components/defaults.ts (DEFAULTS), and quoted here in its `@default`.
 *
 * Args that can come from another resource are `pulumi.Input`s: KMS key ARNs, an
 * existing stream, bucket or SNS topic, the alarm e-mail (which may be a secret),
 * tag values and an existing S3 code object. A known value is checked before
 * anything is created; an Output is checked when it resolves, and fails the preview
 * or update with the same message before any resource uses it.
 */

export type StreamMode = "PROVISIONED" | "ON_DEMAND";
export type ReaderType = "POLLING" | "EFO";
export type InitialPosition = "LATEST" | "TRIM_HORIZON" | "AT_TIMESTAMP";
export type CatalogMode = "projection" | "crawler";
export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";
export type MetricsLevel = "APPLICATION" | "TASK" | "OPERATOR" | "PARALLELISM";

export const STREAM_MODES: readonly StreamMode[] = ["PROVISIONED", "ON_DEMAND"];
export const READER_TYPES = properties.input.allowed["source.reader.type"] as readonly ReaderType[];
export const INITIAL_POSITIONS = properties.input.allowed["source.init.position"] as readonly InitialPosition[];
export const CATALOG_MODES: readonly CatalogMode[] = ["projection", "crawler"];
export const LOG_LEVELS: readonly LogLevel[] = ["DEBUG", "INFO", "WARN", "ERROR"];
export const METRICS_LEVELS: readonly MetricsLevel[] = ["APPLICATION", "TASK", "OPERATOR", "PARALLELISM"];
/**
 * Runtimes the bundled job can run on: the PyFlink code targets Flink 1.20 and the
 * Kinesis connector jar (4.3.0-1.19) needs 1.19 or later.
 */
export const SUPPORTED_RUNTIMES = ["FLINK-1_19", "FLINK-1_20"] as const;
export type FlinkRuntime = (typeof SUPPORTED_RUNTIMES)[number];

/** The job the component deploys (docs/job-descriptor.md), with Pulumi Inputs in an S3 code location. */
export type PipelineJob = JobDescriptor<pulumi.Input<string>>;

export interface StreamArgs {
    /**
     * Read this existing stream instead of creating one. Nothing is created for the
     * stream; the role may read exactly this ARN, which must be in the stack's
     * partition and region. The other stream args then must not be set, except
     * `kmsKeyArn` (the stream's own customer key, for the role's kms:Decrypt).
     * @default undefined (the component creates the stream)
     */
    existingArn?: pulumi.Input<string>;
    /**
     * Physical stream name.
     * @default autonamed from the component name
     */
    name?: string;
    /**
     * Capacity mode.
     * @default "PROVISIONED"
     */
    mode?: StreamMode;
    /**
     * Shards, for PROVISIONED mode only (ON_DEMAND ignores it).
     * @default 1
     */
    shardCount?: number;
    /**
     * Retention in hours, 24 to 8760.
     * @default 24
     */
    retentionHours?: number;
    /**
     * ARN of a customer-managed KMS key that encrypts the stream, in the stack's
     * partition and region. The application role then gets kms:Decrypt on exactly
     * this key, through Kinesis, for this stream only.
     * @default undefined (the AWS-managed key alias/aws/kinesis; no grant needed)
     */
    kmsKeyArn?: pulumi.Input<string>;
}

export interface BucketArgs {
    /**
     * Use this existing bucket instead of creating one. Nothing is created for the
     * bucket itself (no encryption, versioning, public-access block, lifecycle or
     * policy: those stay the owner's); the code object and the job's output go under
     * their prefixes, and IAM is scoped to exactly this bucket. Enable versioning on
     * it, so that each code upload gets a version the application pins.
     * @default undefined (the component creates the bucket)
     */
    existingName?: pulumi.Input<string>;
    /**
     * Physical bucket name; must follow the S3 naming rules.
     * @default autonamed from the component name
     */
    name?: string;
    /**
     * Prefix of the uploaded application code.
     * @default "code/"
     */
    codePrefix?: string;
    /**
     * Prefix of Athena query results.
     * @default "athena-results/"
     */
    athenaResultsPrefix?: string;
    /**
     * Days after which the lifecycle rule aborts incomplete multipart uploads.
     * @default 7
     */
    abortIncompleteMultipartUploadDays?: number;
    /**
     * Days after which noncurrent object versions (old code uploads) expire.
     * @default 30
     */
    noncurrentVersionExpirationDays?: number;
    /**
     * Days after which Athena query results expire.
     * @default 30
     */
    athenaResultsExpirationDays?: number;
    /**
     * Let `pulumi destroy` delete a bucket that still holds objects.
     * @default false
     */
    forceDestroy?: boolean;
}

export interface ApplicationArgs {
    /**
     * Physical application name.
     * @default autonamed from the component name
     */
    name?: string;
    /**
     * Managed Flink runtime.
     * @default "FLINK-1_20"
     */
    runtime?: string;
    /**
     * Initial parallelism.
     * @default 1
     */
    parallelism?: number;
    /**
     * Parallel tasks per KPU.
     * @default 1
     */
    parallelismPerKpu?: number;
    /**
     * Let the service scale parallelism with load.
     * @default true
     */
    autoScalingEnabled?: boolean;
    /**
     * Where a job without restored state starts reading the stream.
     * @default "LATEST"
     */
    initialPosition?: InitialPosition;
    /**
     * Start time with AT_TIMESTAMP (required then): ISO-8601 date and time, e.g.
     * `2026-11-25T12:00:00Z`; without a zone it is UTC.
     * @default undefined
     */
    initialTimestamp?: string;
    /**
     * Kinesis reader: shared-throughput polling or enhanced fan-out. EFO adds the
     * consumer-registration permissions to the role.
     * @default "POLLING"
     */
    readerType?: ReaderType;
    /**
     * EFO consumer name (EFO only), `[a-zA-Z0-9_.-]{1,128}`.
     * @default "<component name>-efo"
     */
    efoConsumerName?: string;
    /**
     * Interval between checkpoints, in seconds. Checkpointing itself is always on.
     * @default 60
     */
    checkpointIntervalSeconds?: number;
    /**
     * Minimum pause between two checkpoints, in seconds.
     * @default 5
     */
    minPauseBetweenCheckpointsSeconds?: number;
    /**
     * CloudWatch log level of the application.
     * @default "INFO"
     */
    logLevel?: LogLevel;
    /**
     * CloudWatch metrics level of the application.
     * @default "APPLICATION"
     */
    metricsLevel?: MetricsLevel;
    /**
     * Retention of the application's log group, in days.
     * @default 30
     */
    logRetentionDays?: number;
    /**
     * Run the application after deployment.
     * @default true
     */
    startApplication?: boolean;
    /**
     * On update, allow a snapshot whose state no longer maps onto the new job graph.
     * @default false
     */
    allowNonRestoredState?: boolean;
}

export interface CatalogArgs {
    /**
     * `projection`: Athena partition projection from each partition key's declared
     * projection, no crawler. `crawler`: one scheduled Glue crawler keeps the
     * partitions of every partitioned table current.
     * @default "projection"
     */
    mode?: string;
    /**
     * Glue database name, `[a-z0-9_]{1,255}`.
     * @default "<component name>_<stack>", lower-cased, other characters replaced by `_`
     */
    databaseName?: string;
    /**
     * Crawler schedule (crawler mode only).
     * @default "cron(0/15 * * * ? *)"
     */
    crawlerSchedule?: string;
}

export interface AthenaArgs {
    /**
     * Workgroup name.
     * @default autonamed from the component name
     */
    workgroupName?: string;
    /**
     * Per-query cutoff of bytes scanned; at least 10 MB.
     * @default 1073741824 (1 GiB)
     */
    bytesScannedCutoffPerQuery?: number;
    /**
     * Let `pulumi destroy` delete the workgroup with its query history.
     * @default true
     */
    forceDestroy?: boolean;
}

export interface MonitoringArgs {
    /**
     * Create alarms and the dashboard.
     * @default true
     */
    enabled?: boolean;
    /**
     * When set, an SNS topic with an email subscription to this address receives
     * every alarm and OK transition. May be a secret.
     * @default undefined (no topic)
     */
    alarmEmail?: pulumi.Input<string>;
    /**
     * Send alarm and OK transitions to this existing SNS topic (same partition and
     * region as the stack) instead; not together with `alarmEmail`.
     * @default undefined
     */
    alarmTopicArn?: pulumi.Input<string>;
    /**
     * Alarm when `downtime` (ms) exceeds this.
     * @default 0
     */
    downtimeThresholdMs?: number;
    /**
     * Alarm when `numberOfFailedCheckpoints` exceeds this.
     * @default 0
     */
    failedCheckpointsThreshold?: number;
    /**
     * Alarm when the source's `millisBehindLatest` exceeds this.
     * @default 60000
     */
    millisBehindLatestThresholdMs?: number;
    /**
     * Alarm when the stream's `WriteProvisionedThroughputExceeded` sum over the
     * period exceeds this.
     * @default 0
     */
    writeThrottleThreshold?: number;
    /**
     * Alarm period in seconds: 10, 20, 30 or a multiple of 60.
     * @default 60
     */
    periodSeconds?: number;
    /**
     * Consecutive breaching periods before an alarm fires; times `periodSeconds` at
     * most one day.
     * @default 1
     */
    evaluationPeriods?: number;
    /**
     * Create the CloudWatch dashboard.
     * @default true
     */
    dashboard?: boolean;
}

export interface StreamingAnalyticsPipelineArgs {
    /**
     * The job to deploy: `tickerJob({ code })` for the bundled ticker job, or
     * `loadJobDescriptor(dir, { code })` for your own (docs/job-descriptor.md).
     */
    job: PipelineJob;
    /** @default see StreamArgs */
    stream?: StreamArgs;
    /** @default see BucketArgs */
    bucket?: BucketArgs;
    /** @default see ApplicationArgs */
    application?: ApplicationArgs;
    /** @default see CatalogArgs */
    catalog?: CatalogArgs;
    /** @default see AthenaArgs */
    athena?: AthenaArgs;
    /** @default see MonitoringArgs */
    monitoring?: MonitoringArgs;
    /**
     * Tags merged onto every taggable child resource; at most 50 (10 while the component
     * uploads the job's code: the code object gets them, and S3 allows 10 per object),
     * no `aws:` keys.
     * @default {}
     */
    tags?: Record<string, pulumi.Input<string>>;
}
