import * as fs from "node:fs";
import * as path from "node:path";
import {
    CATALOG_MODES,
    INITIAL_POSITIONS,
    LOG_LEVELS,
    METRICS_LEVELS,
    READER_TYPES,
    ResolvedArgs,
    STREAM_MODES,
    SUPPORTED_RUNTIMES,
} from "./args.js";
import { records, TICKER } from "../contract/index.js";

/**
 * Argument validation. It runs on the resolved args before the component creates
 * anything, so a bad value fails `pulumi preview` with a message naming the field,
 * the value and the rule, instead of failing half-way through `pulumi up` with an
 * AWS API error.
 */

export interface ArgProblem {
    /** Dotted path of the arg, e.g. `stream.shardCount`. */
    field: string;
    value: unknown;
    /** What the value must satisfy. */
    rule: string;
}

export class PipelineArgsError extends Error {
    constructor(
        readonly componentName: string,
        readonly problems: ArgProblem[],
    ) {
        super(
            `StreamingAnalyticsPipeline "${componentName}": invalid arguments:\n` +
                problems.map((p) => `  - ${p.field} = ${JSON.stringify(p.value)}: ${p.rule}`).join("\n"),
        );
        this.name = "PipelineArgsError";
    }
}

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose buckets) */
export function s3BucketNameProblem(name: string): string | undefined {
    if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long (S3 bucket naming rules)";
    if (!/^[a-z0-9.-]+$/.test(name)) {
        return "may contain only lowercase letters, digits, dots and hyphens (S3 bucket naming rules)";
    }
    if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "must begin and end with a letter or digit (S3 bucket naming rules)";
    if (name.includes("..")) return "must not contain two adjacent dots (S3 bucket naming rules)";
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "must not be formatted as an IP address (S3 bucket naming rules)";
    for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"]) {
        if (name.startsWith(prefix)) return `must not start with "${prefix}" (S3 bucket naming rules)`;
    }
    for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) {
        if (name.endsWith(suffix)) return `must not end with "${suffix}" (S3 bucket naming rules)`;
    }
    return undefined;
}

/** CloudWatch Logs accepts only these retention values. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const KINESIS_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const CATALOG_NAME = /^[a-z0-9_]{1,255}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const PREFIX = /^[A-Za-z0-9_.=-]+(\/[A-Za-z0-9_.=-]+)*\/$/;

function isInt(v: unknown): v is number {
    return typeof v === "number" && Number.isInteger(v);
}

/**
 * Returns every problem found; empty when the args are valid. Pure apart from the
 * code-path check. With `componentName`, also checks that the names Pulumi derives
 * from it for unnamed children are valid AWS names.
 */
export function findArgProblems(args: ResolvedArgs, componentName?: string): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const check = (ok: boolean, field: string, value: unknown, rule: string) => {
        if (!ok) problems.push({ field, value, rule });
    };

    if (componentName !== undefined) {
        // Autonamed children are called `<name>-<part>-<7 random chars>`; the stream,
        // application and bucket names have the strictest rules.
        check(
            /^[a-zA-Z0-9-]{1,40}$/.test(componentName),
            "name",
            componentName,
            "the component name must match [a-zA-Z0-9-]{1,40}, because autonamed streams, applications and buckets derive from it",
        );
    }
    const intAtLeast = (field: string, value: number, min: number) =>
        check(isInt(value) && value >= min, field, value, `must be an integer >= ${min}`);
    const oneOf = (field: string, value: unknown, allowed: readonly unknown[]) =>
        check(allowed.includes(value), field, value, `must be one of ${allowed.join(", ")}`);

    const { stream, bucket, application, catalog, athena, monitoring } = args;

    // stream
    if (stream.name !== undefined) {
        check(KINESIS_NAME.test(stream.name), "stream.name", stream.name, "must match [a-zA-Z0-9_.-]{1,128}");
    }
    oneOf("stream.mode", stream.mode, STREAM_MODES);
    intAtLeast("stream.shardCount", stream.shardCount, 1);
    check(
        isInt(stream.retentionHours) && stream.retentionHours >= 24 && stream.retentionHours <= 8760,
        "stream.retentionHours",
        stream.retentionHours,
        "must be an integer from 24 to 8760",
    );
    if (stream.kmsKeyArn !== undefined) {
        check(
            KMS_KEY_ARN.test(stream.kmsKeyArn),
            "stream.kmsKeyArn",
            stream.kmsKeyArn,
            "must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); aliases cannot be scoped in IAM",
        );
    }

    // bucket
    if (bucket.name !== undefined) {
        const problem = s3BucketNameProblem(bucket.name);
        check(problem === undefined, "bucket.name", bucket.name, problem ?? "");
    }
    const prefixes: [string, string][] = [
        ["bucket.codePrefix", bucket.codePrefix],
        ["bucket.outputPrefix", bucket.outputPrefix],
        ["bucket.rejectedPrefix", bucket.rejectedPrefix],
        ["bucket.athenaResultsPrefix", bucket.athenaResultsPrefix],
    ];
    for (const [field, value] of prefixes) {
        check(
            typeof value === "string" && PREFIX.test(value),
            field,
            value,
            "must be a relative S3 prefix of [A-Za-z0-9_.=-] segments ending in '/', e.g. \"output/\"",
        );
    }
    // Both are Glue table locations.
    for (const [field, value] of [
        ["bucket.outputPrefix", bucket.outputPrefix],
        ["bucket.rejectedPrefix", bucket.rejectedPrefix],
    ] as const) {
        check(
            !value.split("/").some((segment) => segment.startsWith("_") || segment.startsWith(".")),
            field,
            value,
            "no segment may start with '_' or '.', because Athena skips such folders",
        );
    }
    for (let i = 0; i < prefixes.length; i++) {
        for (let j = i + 1; j < prefixes.length; j++) {
            const [fa, a] = prefixes[i];
            const [fb, b] = prefixes[j];
            check(
                !(a.startsWith(b) || b.startsWith(a)),
                fb,
                b,
                `must not overlap ${fa} (${JSON.stringify(a)}): each prefix gets its own permissions`,
            );
        }
    }
    intAtLeast("bucket.abortIncompleteMultipartUploadDays", bucket.abortIncompleteMultipartUploadDays, 1);
    intAtLeast("bucket.noncurrentVersionExpirationDays", bucket.noncurrentVersionExpirationDays, 1);
    intAtLeast("bucket.athenaResultsExpirationDays", bucket.athenaResultsExpirationDays, 1);

    // application
    checkCodePath(application.code, check);
    if (application.name !== undefined) {
        check(KINESIS_NAME.test(application.name), "application.name", application.name, "must match [a-zA-Z0-9_.-]{1,128}");
    }
    oneOf("application.runtime", application.runtime, SUPPORTED_RUNTIMES);
    intAtLeast("application.parallelism", application.parallelism, 1);
    intAtLeast("application.parallelismPerKpu", application.parallelismPerKpu, 1);
    check(
        isInt(application.windowSeconds) && application.windowSeconds > 0,
        "application.windowSeconds",
        application.windowSeconds,
        "must be an integer > 0",
    );
    intAtLeast("application.watermarkDelaySeconds", application.watermarkDelaySeconds, 0);
    oneOf("application.initialPosition", application.initialPosition, INITIAL_POSITIONS);
    if (application.initialPosition === "AT_TIMESTAMP") {
        check(
            typeof application.initialTimestamp === "string" && application.initialTimestamp.length > 0,
            "application.initialTimestamp",
            application.initialTimestamp,
            "is required when application.initialPosition is AT_TIMESTAMP",
        );
    }
    oneOf("application.readerType", application.readerType, READER_TYPES);
    if (application.readerType === "EFO") {
        check(
            KINESIS_NAME.test(application.efoConsumerName),
            "application.efoConsumerName",
            application.efoConsumerName,
            "must match [a-zA-Z0-9_.-]{1,128}",
        );
    }
    intAtLeast("application.checkpointIntervalSeconds", application.checkpointIntervalSeconds, 1);
    intAtLeast("application.minPauseBetweenCheckpointsSeconds", application.minPauseBetweenCheckpointsSeconds, 0);
    oneOf("application.logLevel", application.logLevel, LOG_LEVELS);
    oneOf("application.metricsLevel", application.metricsLevel, METRICS_LEVELS);
    oneOf("application.logRetentionDays", application.logRetentionDays, LOG_RETENTION_DAYS);

    // catalog
    oneOf("catalog.mode", catalog.mode, CATALOG_MODES);
    check(CATALOG_NAME.test(catalog.databaseName), "catalog.databaseName", catalog.databaseName, "must match [a-z0-9_]{1,255}");
    check(CATALOG_NAME.test(catalog.tableName), "catalog.tableName", catalog.tableName, "must match [a-z0-9_]{1,255}");
    check(
        CATALOG_NAME.test(catalog.rejectedTableName),
        "catalog.rejectedTableName",
        catalog.rejectedTableName,
        "must match [a-z0-9_]{1,255}",
    );
    check(
        catalog.rejectedTableName !== catalog.tableName,
        "catalog.rejectedTableName",
        catalog.rejectedTableName,
        "must differ from catalog.tableName",
    );
    // The job rejects other tickers; the rule also keeps quotes and commas out of the
    // SQL literal and the comma-separated projection enum they end up in.
    check(
        Array.isArray(catalog.tickers) && catalog.tickers.length > 0 && catalog.tickers.every((t) => TICKER.test(t)),
        "catalog.tickers",
        catalog.tickers,
        `must be a non-empty list of tickers matching ${records.tickerPattern}, as the job requires`,
    );
    check(
        new Set(catalog.tickers).size === catalog.tickers.length,
        "catalog.tickers",
        catalog.tickers,
        "must not repeat a ticker",
    );
    check(
        /^cron\(.+\)$/.test(catalog.crawlerSchedule),
        "catalog.crawlerSchedule",
        catalog.crawlerSchedule,
        "must be a Glue cron expression, e.g. cron(0/15 * * * ? *)",
    );

    // athena
    if (athena.workgroupName !== undefined) {
        check(
            /^[a-zA-Z0-9._-]{1,128}$/.test(athena.workgroupName),
            "athena.workgroupName",
            athena.workgroupName,
            "must match [a-zA-Z0-9._-]{1,128}",
        );
    }
    intAtLeast("athena.bytesScannedCutoffPerQuery", athena.bytesScannedCutoffPerQuery, 10 * 1024 * 1024);
    check(TICKER.test(athena.ticker), "athena.ticker", athena.ticker, `must match ${records.tickerPattern}, as the job requires`);

    // monitoring
    if (monitoring.alarmEmail !== undefined) {
        check(
            /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(monitoring.alarmEmail),
            "monitoring.alarmEmail",
            monitoring.alarmEmail,
            "must be an email address",
        );
    }
    for (const field of [
        "downtimeThresholdMs",
        "failedCheckpointsThreshold",
        "millisBehindLatestThresholdMs",
        "writeThrottleThreshold",
    ] as const) {
        const value = monitoring[field];
        check(typeof value === "number" && Number.isFinite(value) && value >= 0, `monitoring.${field}`, value, "must be a number >= 0");
    }
    check(
        [10, 30].includes(monitoring.periodSeconds) || (isInt(monitoring.periodSeconds) && monitoring.periodSeconds > 0 && monitoring.periodSeconds % 60 === 0),
        "monitoring.periodSeconds",
        monitoring.periodSeconds,
        "must be 10, 30 or a positive multiple of 60 (CloudWatch alarm periods)",
    );
    intAtLeast("monitoring.evaluationPeriods", monitoring.evaluationPeriods, 1);

    // tags
    for (const [key, value] of Object.entries(args.tags)) {
        check(key.length >= 1 && key.length <= 128 && !key.startsWith("aws:"), `tags.${key}`, key, "tag keys must be 1-128 characters and not start with aws:");
        check(typeof value === "string" && value.length <= 256, `tags.${key}`, value, "tag values must be strings of at most 256 characters");
    }
    return problems;
}

function checkCodePath(code: unknown, check: (ok: boolean, field: string, value: unknown, rule: string) => void) {
    const hint = "run `npm run build:flink` to build build/flink-app.zip, or point application.code at a zip or folder";
    if (typeof code !== "string" || code.length === 0) {
        check(false, "application.code", code, `is required: the path to the application zip or folder; ${hint}`);
        return;
    }
    const resolved = path.resolve(code);
    if (!fs.existsSync(resolved)) {
        check(false, "application.code", code, `does not exist (resolved to ${resolved}); ${hint}`);
        return;
    }
    const stat = fs.statSync(resolved);
    check(
        stat.isDirectory() || (stat.isFile() && resolved.endsWith(".zip")),
        "application.code",
        code,
        `must be a .zip file or a folder; ${hint}`,
    );
}

/** Throws PipelineArgsError listing every problem. */
export function validateArgs(componentName: string, args: ResolvedArgs): void {
    const problems = findArgProblems(args, componentName);
    if (problems.length > 0) {
        throw new PipelineArgsError(componentName, problems);
    }
}
