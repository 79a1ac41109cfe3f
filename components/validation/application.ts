import { INITIAL_POSITIONS, READER_TYPES, SUPPORTED_RUNTIMES } from "../args.js";
import type { ResolvedArgs } from "../defaults.js";
import type { ArgChecker } from "./checker.js";
import { limit, scaledLimit } from "./limits.js";
import { booleanValue, integer, oneOf, type Rule } from "./rules.js";

const FLINK = "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration";

/**
 * CloudWatch Logs accepts only these retention values; the model's retentionInDays is
 * a bare integer, the list is in the API reference:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO-8601 date and time the job's AT_TIMESTAMP parsing accepts (Python's
 * datetime.fromisoformat), on a real calendar day: 2026-02-30 is refused, not rolled over.
 */
export const isoTimestamp: Rule<unknown> = (v) => {
    const m = typeof v === "string" ? ISO_TIMESTAMP.exec(v) : null;
    const rule = "must be an ISO-8601 date and time, e.g. 2026-11-25T12:00:00Z (no zone means UTC)";
    if (!m) return rule;
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const real =
        date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
        date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
    return real ? undefined : `${rule}, on a real calendar day and time`;
};

export function checkApplication(c: ArgChecker, app: ResolvedArgs["application"]): void {
    if (app.name !== undefined) c.check("application.name", app.name, limit("kinesisanalyticsv2:CreateApplication.ApplicationName"));
    // The service knows more runtimes than the bundled connector runs on.
    c.check("application.runtime", app.runtime, limit("kinesisanalyticsv2:CreateApplication.RuntimeEnvironment"), oneOf(SUPPORTED_RUNTIMES));
    c.check("application.parallelism", app.parallelism, limit(`${FLINK}.ParallelismConfiguration.Parallelism`));
    c.check("application.parallelismPerKpu", app.parallelismPerKpu, limit(`${FLINK}.ParallelismConfiguration.ParallelismPerKPU`));
    c.check("application.autoScalingEnabled", app.autoScalingEnabled, booleanValue);
    c.check("application.initialPosition", app.initialPosition, oneOf(INITIAL_POSITIONS));
    if (app.initialPosition === "AT_TIMESTAMP" && (app.initialTimestamp === undefined || app.initialTimestamp === "")) {
        c.report("application.initialTimestamp", app.initialTimestamp, "is required when application.initialPosition is AT_TIMESTAMP");
    } else if (app.initialTimestamp !== undefined) {
        c.check("application.initialTimestamp", app.initialTimestamp, isoTimestamp);
    }
    c.check("application.readerType", app.readerType, oneOf(READER_TYPES));
    if (app.readerType === "EFO") {
        c.check("application.efoConsumerName", app.efoConsumerName, limit("kinesis:RegisterStreamConsumer.ConsumerName"));
    }
    const inMilliseconds = "times 1000 (the API takes milliseconds)";
    c.check("application.checkpointIntervalSeconds", app.checkpointIntervalSeconds, integer(1), scaledLimit(`${FLINK}.CheckpointConfiguration.CheckpointInterval`, 1000, inMilliseconds));
    c.check(
        "application.minPauseBetweenCheckpointsSeconds",
        app.minPauseBetweenCheckpointsSeconds,
        integer(0),
        scaledLimit(`${FLINK}.CheckpointConfiguration.MinPauseBetweenCheckpoints`, 1000, inMilliseconds),
    );
    c.check("application.logLevel", app.logLevel, limit(`${FLINK}.MonitoringConfiguration.LogLevel`));
    c.check("application.metricsLevel", app.metricsLevel, limit(`${FLINK}.MonitoringConfiguration.MetricsLevel`));
    c.check("application.logRetentionDays", app.logRetentionDays, limit("logs:PutRetentionPolicy.retentionInDays"), oneOf(LOG_RETENTION_DAYS));
    c.check("application.startApplication", app.startApplication, booleanValue);
    c.check("application.allowNonRestoredState", app.allowNonRestoredState, booleanValue);
}
