import * as pulumi from "@pulumi/pulumi";
import { tickerJob, type StreamingAnalyticsPipelineArgs, type TickerJobOptions } from "../components/index.js";

/**
 * The stack's Pulumi config, namespace `streamingAnalytics`, mapped onto the
 * component's args and the ticker job's options. One table drives both reading and
 * the reference in the README (a test checks every key is documented).
 */

export const CONFIG_NAMESPACE = "streamingAnalytics";

/** `secretString`: read with getSecret, so the value stays a secret wherever it goes. */
export type ConfigValueType = "string" | "secretString" | "integer" | "number" | "boolean" | "stringList" | "object";

export interface ConfigKey {
    key: string;
    type: ConfigValueType;
    /**
     * Dotted path in StreamingAnalyticsPipelineArgs, `tickerJob.<option>` for the
     * ticker job's options (TickerJobOptions), or "" for keys the stack itself uses.
     */
    target: string;
}

export const CONFIG_KEYS: ConfigKey[] = [
    { key: "name", type: "string", target: "" },
    // the ticker job
    { key: "code", type: "string", target: "tickerJob.code" },
    { key: "tableName", type: "string", target: "tickerJob.tableName" },
    { key: "rejectedTableName", type: "string", target: "tickerJob.rejectedTableName" },
    { key: "outputPrefix", type: "string", target: "tickerJob.outputPrefix" },
    { key: "rejectedPrefix", type: "string", target: "tickerJob.rejectedPrefix" },
    { key: "tickers", type: "stringList", target: "tickerJob.tickers" },
    { key: "queryTicker", type: "string", target: "tickerJob.queryTicker" },
    { key: "windowSeconds", type: "integer", target: "tickerJob.windowSeconds" },
    { key: "watermarkDelaySeconds", type: "integer", target: "tickerJob.watermarkDelaySeconds" },
    { key: "eventTimeMaxAheadSeconds", type: "integer", target: "tickerJob.eventTimeMaxAheadSeconds" },
    // stream
    { key: "existingStreamArn", type: "string", target: "stream.existingArn" },
    { key: "streamName", type: "string", target: "stream.name" },
    { key: "streamMode", type: "string", target: "stream.mode" },
    { key: "shardCount", type: "integer", target: "stream.shardCount" },
    { key: "retentionHours", type: "integer", target: "stream.retentionHours" },
    { key: "streamKmsKeyArn", type: "string", target: "stream.kmsKeyArn" },
    // bucket
    { key: "existingBucketName", type: "string", target: "bucket.existingName" },
    { key: "bucketName", type: "string", target: "bucket.name" },
    { key: "codePrefix", type: "string", target: "bucket.codePrefix" },
    { key: "athenaResultsPrefix", type: "string", target: "bucket.athenaResultsPrefix" },
    { key: "abortIncompleteMultipartUploadDays", type: "integer", target: "bucket.abortIncompleteMultipartUploadDays" },
    { key: "noncurrentVersionExpirationDays", type: "integer", target: "bucket.noncurrentVersionExpirationDays" },
    { key: "athenaResultsExpirationDays", type: "integer", target: "bucket.athenaResultsExpirationDays" },
    { key: "bucketForceDestroy", type: "boolean", target: "bucket.forceDestroy" },
    // application
    { key: "applicationName", type: "string", target: "application.name" },
    { key: "runtime", type: "string", target: "application.runtime" },
    { key: "parallelism", type: "integer", target: "application.parallelism" },
    { key: "parallelismPerKpu", type: "integer", target: "application.parallelismPerKpu" },
    { key: "autoScalingEnabled", type: "boolean", target: "application.autoScalingEnabled" },
    { key: "initialPosition", type: "string", target: "application.initialPosition" },
    { key: "initialTimestamp", type: "string", target: "application.initialTimestamp" },
    { key: "readerType", type: "string", target: "application.readerType" },
    { key: "efoConsumerName", type: "string", target: "application.efoConsumerName" },
    { key: "checkpointIntervalSeconds", type: "integer", target: "application.checkpointIntervalSeconds" },
    { key: "minPauseBetweenCheckpointsSeconds", type: "integer", target: "application.minPauseBetweenCheckpointsSeconds" },
    { key: "logLevel", type: "string", target: "application.logLevel" },
    { key: "metricsLevel", type: "string", target: "application.metricsLevel" },
    { key: "logRetentionDays", type: "integer", target: "application.logRetentionDays" },
    { key: "startApplication", type: "boolean", target: "application.startApplication" },
    { key: "allowNonRestoredState", type: "boolean", target: "application.allowNonRestoredState" },
    // catalog
    { key: "catalogMode", type: "string", target: "catalog.mode" },
    { key: "databaseName", type: "string", target: "catalog.databaseName" },
    { key: "crawlerSchedule", type: "string", target: "catalog.crawlerSchedule" },
    // athena
    { key: "workgroupName", type: "string", target: "athena.workgroupName" },
    { key: "bytesScannedCutoffPerQuery", type: "integer", target: "athena.bytesScannedCutoffPerQuery" },
    { key: "workgroupForceDestroy", type: "boolean", target: "athena.forceDestroy" },
    // monitoring
    { key: "monitoring", type: "boolean", target: "monitoring.enabled" },
    { key: "alarmEmail", type: "secretString", target: "monitoring.alarmEmail" },
    { key: "alarmTopicArn", type: "string", target: "monitoring.alarmTopicArn" },
    { key: "downtimeThresholdMs", type: "number", target: "monitoring.downtimeThresholdMs" },
    { key: "failedCheckpointsThreshold", type: "number", target: "monitoring.failedCheckpointsThreshold" },
    { key: "millisBehindLatestThresholdMs", type: "number", target: "monitoring.millisBehindLatestThresholdMs" },
    { key: "writeThrottleThreshold", type: "number", target: "monitoring.writeThrottleThreshold" },
    { key: "alarmPeriodSeconds", type: "integer", target: "monitoring.periodSeconds" },
    { key: "alarmEvaluationPeriods", type: "integer", target: "monitoring.evaluationPeriods" },
    { key: "dashboard", type: "boolean", target: "monitoring.dashboard" },
    // tags
    { key: "tags", type: "object", target: "tags" },
];

/** What the stack uses when `code` is not set: the output of `npm run build:flink`. */
export const DEFAULT_CODE_PATH = "build/flink-app.zip";
export const DEFAULT_COMPONENT_NAME = "streaming-analytics";
const TICKER_JOB = "tickerJob";

function readValue(config: pulumi.Config, { key, type }: ConfigKey): unknown {
    switch (type) {
        case "string":
            return config.get(key);
        case "secretString":
            return config.getSecret(key);
        case "integer":
        case "number":
            // getNumber rejects non-numbers with a message naming the key; the component
            // then checks integer-ness and ranges.
            return config.getNumber(key);
        case "boolean":
            return config.getBoolean(key);
        case "object":
            return config.getObject(key);
        case "stringList": {
            // A YAML list arrives as JSON; `pulumi config set tickers AAPL,MSFT` as a plain string.
            const raw = config.get(key);
            if (raw === undefined) return undefined;
            const trimmed = raw.trim();
            const list: unknown = trimmed.startsWith("[") ? JSON.parse(trimmed) : trimmed.split(",");
            if (!Array.isArray(list)) throw new Error(`${CONFIG_NAMESPACE}:${key} must be a list`);
            return list.map((v) => String(v).trim()).filter((v) => v.length > 0);
        }
    }
}

function setPath(target: Record<string, any>, dotted: string, value: unknown): void {
    const parts = dotted.split(".");
    let node = target;
    for (const part of parts.slice(0, -1)) {
        node[part] ??= {};
        node = node[part];
    }
    node[parts[parts.length - 1]] = value;
}

export interface StackSettings {
    name: string;
    /** The ticker job's options, as set in config (`code` defaults to build/flink-app.zip). */
    tickerJob: TickerJobOptions;
    /** The component's args without the job. */
    args: Omit<StreamingAnalyticsPipelineArgs, "job">;
}

/** Reads the stack config; unset keys stay unset so the component's and the job's defaults apply. */
export function readStackSettings(config: pulumi.Config): StackSettings {
    const values: Record<string, any> = {};
    let name = DEFAULT_COMPONENT_NAME;
    for (const entry of CONFIG_KEYS) {
        const value = readValue(config, entry);
        if (value === undefined) continue;
        if (entry.key === "name") name = String(value);
        else setPath(values, entry.target, value);
    }
    const { [TICKER_JOB]: job = {}, ...args } = values;
    return { name, tickerJob: { code: DEFAULT_CODE_PATH, ...job }, args };
}

/** The component's args for the stack: the config's args and the ticker job built from its options. */
export function stackArgs(settings: StackSettings): StreamingAnalyticsPipelineArgs {
    return { ...settings.args, job: tickerJob(settings.tickerJob) };
}
