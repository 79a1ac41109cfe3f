import { properties } from "../contract/index.js";

/**
 * The public arguments of StreamingAnalyticsPipeline and their defaults.
 *
 * Args are plain values, not pulumi.Input: validation has to see them before any
 * resource exists, and the stack reads them from config anyway.
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

export interface StreamArgs {
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
     * ARN of a customer-managed KMS key for server-side encryption. The application
     * role then gets kms:Decrypt on exactly this key.
     * @default the AWS-managed key alias/aws/kinesis
     */
    kmsKeyArn?: string;
}

export interface BucketArgs {
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
     * Prefix the Flink job writes its results under (Hive layout `ticker=XYZ/`).
     * @default "output/"
     */
    outputPrefix?: string;
    /**
     * Prefix the Flink job writes the records it could not read under, with the
     * reason. Apart from `outputPrefix`, so no reader of the results meets them.
     * @default "rejected/"
     */
    rejectedPrefix?: string;
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
     * Path to the application zip (main.py, lib/pyflink-dependencies.jar,
     * contract/*.json; built by `npm run build:flink`) or to a folder with that
     * layout, which Pulumi archives. The only required argument.
     */
    code: string;
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
     * Tumbling window length of the job, in seconds.
     * @default 60
     */
    windowSeconds?: number;
    /**
     * Allowed event-time lateness, in seconds.
     * @default 5
     */
    watermarkDelaySeconds?: number;
    /**
     * Where a job without restored state starts reading the stream.
     * @default "LATEST"
     */
    initialPosition?: InitialPosition;
    /**
     * Start timestamp; required with initialPosition AT_TIMESTAMP, passed to the job as-is.
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
     * `projection`: Athena partition projection, no crawler, new tickers in the list
     * are queryable at once. `crawler`: a scheduled Glue crawler adds partitions.
     * @default "projection"
     */
    mode?: string;
    /**
     * Glue database name, `[a-z0-9_]{1,255}`.
     * @default the component name, lower-cased, other characters replaced by `_`
     */
    databaseName?: string;
    /**
     * Glue table name, `[a-z0-9_]{1,255}`.
     * @default "ticker_averages"
     */
    tableName?: string;
    /**
     * Glue table over the records the job rejected (`bucket.rejectedPrefix`),
     * `[a-z0-9_]{1,255}`, different from `tableName`.
     * @default "<tableName>_rejected"
     */
    rejectedTableName?: string;
    /**
     * Ticker values of the `enum` partition projection (projection mode only).
     * @default ["AAPL", "AMZN", "MSFT", "INTC", "TBV"]
     */
    tickers?: string[];
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
     * Ticker filled into the "one ticker's series" named query.
     * @default "AAPL"
     */
    ticker?: string;
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
     * every alarm and OK transition.
     * @default undefined (no topic)
     */
    alarmEmail?: string;
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
     * Alarm period in seconds.
     * @default 60
     */
    periodSeconds?: number;
    /**
     * Consecutive breaching periods before an alarm fires.
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
    /** The application code and job settings; `application.code` is required. */
    application: ApplicationArgs;
    /** @default see StreamArgs */
    stream?: StreamArgs;
    /** @default see BucketArgs */
    bucket?: BucketArgs;
    /** @default see CatalogArgs */
    catalog?: CatalogArgs;
    /** @default see AthenaArgs */
    athena?: AthenaArgs;
    /** @default see MonitoringArgs */
    monitoring?: MonitoringArgs;
    /**
     * Tags merged onto every taggable child resource.
     * @default {}
     */
    tags?: Record<string, string>;
}

type Defaulted<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** Args with every default filled in; optional fields stay optional only where "unset" means something. */
export interface ResolvedArgs {
    stream: Defaulted<Omit<StreamArgs, "name" | "kmsKeyArn">> & Pick<StreamArgs, "name" | "kmsKeyArn">;
    bucket: Defaulted<Omit<BucketArgs, "name">> & Pick<BucketArgs, "name">;
    application: Defaulted<Omit<ApplicationArgs, "name" | "initialTimestamp">> &
        Pick<ApplicationArgs, "name" | "initialTimestamp">;
    catalog: Defaulted<CatalogArgs>;
    athena: Defaulted<Omit<AthenaArgs, "workgroupName">> & Pick<AthenaArgs, "workgroupName">;
    monitoring: Defaulted<Omit<MonitoringArgs, "alarmEmail">> & Pick<MonitoringArgs, "alarmEmail">;
    tags: Record<string, string>;
}

export const DEFAULT_TICKERS = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"];
export const DEFAULT_OUTPUT_PREFIX = "output/";
export const DEFAULT_REJECTED_PREFIX = "rejected/";
export const DEFAULT_TABLE_NAME = "ticker_averages";

/** The rejected-records table is named after the results table. */
export function defaultRejectedTableName(tableName: string): string {
    return `${tableName}_rejected`;
}

/** A Glue/Athena-safe identifier derived from a Pulumi name. */
export function toCatalogIdentifier(name: string): string {
    const id = name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
    return id.length > 0 ? id.slice(0, 255) : "streaming_analytics";
}

/** Fills in every default. Pure: no validation, no I/O. */
export function resolveArgs(name: string, args: StreamingAnalyticsPipelineArgs): ResolvedArgs {
    const s = args.stream ?? {};
    const b = args.bucket ?? {};
    const a = args.application ?? ({} as ApplicationArgs);
    const c = args.catalog ?? {};
    const q = args.athena ?? {};
    const m = args.monitoring ?? {};
    return {
        stream: {
            name: s.name,
            mode: s.mode ?? "PROVISIONED",
            shardCount: s.shardCount ?? 1,
            retentionHours: s.retentionHours ?? 24,
            kmsKeyArn: s.kmsKeyArn,
        },
        bucket: {
            name: b.name,
            codePrefix: b.codePrefix ?? "code/",
            outputPrefix: b.outputPrefix ?? DEFAULT_OUTPUT_PREFIX,
            rejectedPrefix: b.rejectedPrefix ?? DEFAULT_REJECTED_PREFIX,
            athenaResultsPrefix: b.athenaResultsPrefix ?? "athena-results/",
            abortIncompleteMultipartUploadDays: b.abortIncompleteMultipartUploadDays ?? 7,
            noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays ?? 30,
            athenaResultsExpirationDays: b.athenaResultsExpirationDays ?? 30,
            forceDestroy: b.forceDestroy ?? false,
        },
        application: {
            code: a.code,
            name: a.name,
            runtime: a.runtime ?? "FLINK-1_20",
            parallelism: a.parallelism ?? 1,
            parallelismPerKpu: a.parallelismPerKpu ?? 1,
            autoScalingEnabled: a.autoScalingEnabled ?? true,
            windowSeconds: a.windowSeconds ?? Number(properties.aggregation.defaults["window.seconds"]),
            watermarkDelaySeconds:
                a.watermarkDelaySeconds ?? Number(properties.aggregation.defaults["watermark.delay.seconds"]),
            initialPosition: a.initialPosition ?? (properties.input.defaults["source.init.position"] as InitialPosition),
            initialTimestamp: a.initialTimestamp,
            readerType: a.readerType ?? (properties.input.defaults["source.reader.type"] as ReaderType),
            efoConsumerName: a.efoConsumerName ?? `${name}-efo`,
            checkpointIntervalSeconds: a.checkpointIntervalSeconds ?? 60,
            minPauseBetweenCheckpointsSeconds: a.minPauseBetweenCheckpointsSeconds ?? 5,
            logLevel: a.logLevel ?? "INFO",
            metricsLevel: a.metricsLevel ?? "APPLICATION",
            logRetentionDays: a.logRetentionDays ?? 30,
            startApplication: a.startApplication ?? true,
            allowNonRestoredState: a.allowNonRestoredState ?? false,
        },
        catalog: {
            mode: c.mode ?? "projection",
            databaseName: c.databaseName ?? toCatalogIdentifier(name),
            tableName: c.tableName ?? DEFAULT_TABLE_NAME,
            rejectedTableName: c.rejectedTableName ?? defaultRejectedTableName(c.tableName ?? DEFAULT_TABLE_NAME),
            tickers: c.tickers ?? [...DEFAULT_TICKERS],
            crawlerSchedule: c.crawlerSchedule ?? "cron(0/15 * * * ? *)",
        },
        athena: {
            workgroupName: q.workgroupName,
            bytesScannedCutoffPerQuery: q.bytesScannedCutoffPerQuery ?? 1024 * 1024 * 1024,
            ticker: q.ticker ?? "AAPL",
            forceDestroy: q.forceDestroy ?? true,
        },
        monitoring: {
            enabled: m.enabled ?? true,
            alarmEmail: m.alarmEmail,
            downtimeThresholdMs: m.downtimeThresholdMs ?? 0,
            failedCheckpointsThreshold: m.failedCheckpointsThreshold ?? 0,
            millisBehindLatestThresholdMs: m.millisBehindLatestThresholdMs ?? 60_000,
            writeThrottleThreshold: m.writeThrottleThreshold ?? 0,
            periodSeconds: m.periodSeconds ?? 60,
            evaluationPeriods: m.evaluationPeriods ?? 1,
            dashboard: m.dashboard ?? true,
        },
        tags: { ...(args.tags ?? {}) },
    };
}
