import { properties, type JobPolicyStatement, type NamedQueryDescriptor, type PartitionKeyDescriptor, type TableDescriptor } from "../contract/index.js";
import type {
    ApplicationArgs,
    AthenaArgs,
    BucketArgs,
    CatalogArgs,
    InitialPosition,
    MonitoringArgs,
    PipelineJob,
    ReaderType,
    StreamArgs,
    StreamingAnalyticsPipelineArgs,
} from "./args.js";

/**
 * Every default of the component, in one place. The args' JSDoc quotes them; the
 * stack, the local pipeline and the docs read them from here (or, for the job's
 * runtime properties, from contract/properties.json, which the job reads too).
 */
export const DEFAULTS = {
    stream: { mode: "PROVISIONED", shardCount: 1, retentionHours: 24 },
    bucket: {
        codePrefix: "code/",
        athenaResultsPrefix: "athena-results/",
        abortIncompleteMultipartUploadDays: 7,
        noncurrentVersionExpirationDays: 30,
        athenaResultsExpirationDays: 30,
        forceDestroy: false,
    },
    application: {
        runtime: "FLINK-1_20",
        parallelism: 1,
        parallelismPerKpu: 1,
        autoScalingEnabled: true,
        initialPosition: properties.input.defaults[properties.input.keys.initPosition] as InitialPosition,
        readerType: properties.input.defaults[properties.input.keys.readerType] as ReaderType,
        checkpointIntervalSeconds: 60,
        minPauseBetweenCheckpointsSeconds: 5,
        logLevel: "INFO",
        metricsLevel: "APPLICATION",
        logRetentionDays: 30,
        startApplication: true,
        allowNonRestoredState: false,
    },
    catalog: { mode: "projection", crawlerSchedule: "cron(0/15 * * * ? *)" },
    athena: { bytesScannedCutoffPerQuery: 1024 * 1024 * 1024, forceDestroy: true },
    monitoring: {
        enabled: true,
        downtimeThresholdMs: 0,
        failedCheckpointsThreshold: 0,
        millisBehindLatestThresholdMs: 60_000,
        writeThrottleThreshold: 0,
        periodSeconds: 60,
        evaluationPeriods: 1,
        dashboard: true,
    },
    job: {
        entryPoint: properties.runOptions.python,
        jarFile: properties.runOptions.jarfile,
    },
} as const;

/** A Glue/Athena-safe identifier derived from a Pulumi name. */
export function toCatalogIdentifier(name: string): string {
    const id = name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
    return id.length > 0 ? id.slice(0, 255) : "streaming_analytics";
}

/** Glue names are per account and region, so two stacks there must not share one: `<name>_<stack>`. */
export function defaultDatabaseName(componentName: string, stack: string): string {
    return toCatalogIdentifier(`${componentName}_${stack}`);
}

export function defaultEfoConsumerName(componentName: string): string {
    return `${componentName}-efo`;
}

type Defaulted<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
type WithDefaults<T, Optional extends keyof T> = Defaulted<Omit<T, Optional>> & Pick<T, Optional>;

export type ResolvedTable = TableDescriptor & { partitionKeys: PartitionKeyDescriptor[] };

/** The job with every descriptor default filled in. */
export interface ResolvedJob extends Omit<PipelineJob, "tables" | "entryPoint" | "jarFile" | "namedQueries" | "queryParameters" | "propertyGroups" | "policyStatements"> {
    entryPoint: string;
    jarFile: string;
    tables: ResolvedTable[];
    namedQueries: NamedQueryDescriptor[];
    queryParameters: Record<string, string>;
    propertyGroups: Record<string, Record<string, string>>;
    policyStatements: JobPolicyStatement[];
}

/** Args with every default filled in; optional fields stay optional only where "unset" means something. */
export interface ResolvedArgs {
    job: ResolvedJob;
    stream: WithDefaults<StreamArgs, "existingArn" | "name" | "kmsKeyArn">;
    bucket: WithDefaults<BucketArgs, "existingName" | "name">;
    application: WithDefaults<ApplicationArgs, "name" | "initialTimestamp">;
    catalog: Defaulted<CatalogArgs>;
    athena: WithDefaults<AthenaArgs, "workgroupName">;
    monitoring: WithDefaults<MonitoringArgs, "alarmEmail" | "alarmTopicArn">;
    tags: NonNullable<StreamingAnalyticsPipelineArgs["tags"]>;
}

/** The job's descriptor defaults; the job's own values win. Arrays and maps are copied. */
export function resolveJob(job: PipelineJob | undefined): ResolvedJob {
    const j = job ?? ({} as PipelineJob);
    return {
        ...j,
        entryPoint: j.entryPoint ?? DEFAULTS.job.entryPoint,
        jarFile: j.jarFile ?? DEFAULTS.job.jarFile,
        tables: (j.tables ?? []).map((t) => ({ ...t, partitionKeys: [...(t.partitionKeys ?? [])] })),
        namedQueries: [...(j.namedQueries ?? [])],
        queryParameters: { ...(j.queryParameters ?? {}) },
        propertyGroups: { ...(j.propertyGroups ?? {}) },
        policyStatements: [...(j.policyStatements ?? [])],
    };
}

/** Fills in every default. Pure: no validation, no I/O; `stack` names the database. */
export function resolveArgs(name: string, args: StreamingAnalyticsPipelineArgs, stack: string): ResolvedArgs {
    const d = DEFAULTS;
    return {
        job: resolveJob(args.job),
        stream: { ...d.stream, ...defined(args.stream) },
        bucket: { ...d.bucket, ...defined(args.bucket) },
        application: { ...d.application, efoConsumerName: defaultEfoConsumerName(name), ...defined(args.application) },
        catalog: { ...d.catalog, databaseName: defaultDatabaseName(name, stack), ...defined(args.catalog) },
        athena: { ...d.athena, ...defined(args.athena) },
        monitoring: { ...d.monitoring, ...defined(args.monitoring) },
        tags: { ...(args.tags ?? {}) },
    } as ResolvedArgs;
}

/** The set fields of an arg group: an explicit `undefined` keeps the default. */
function defined<T extends object>(group: T | undefined): Partial<T> {
    return Object.fromEntries(Object.entries(group ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
