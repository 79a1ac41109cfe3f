import type { KinesisClient, KinesisClientConfig } from "@aws-sdk/client-kinesis";
import { records, TICKER } from "../contract/index.js";
import { EVENT_TIME_MODES, type EventTimeMode } from "./event-time.js";
import { DEFAULT_TICKERS, type TickerEvent } from "./events.js";
import { PARTITION_KEY_NAMES, type PartitionKeyMode } from "./partition-key.js";
import type { ProgressSnapshot } from "./progress.js";
import { MAX_SEED } from "./random.js";
import { unreadableFileProblem } from "./record-sources.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
import type { StreamTarget } from "./sender.js";
import { TIME_FORMATS, type TimeFormat } from "./time-format.js";

export interface ProduceOptions {
    /** The stream to write to; give this or `streamArn`. */
    streamName?: string;
    streamArn?: string;
    /** Default: the region of `streamArn`, else the SDK's chain. */
    region?: string;
    /** A local emulator, e.g. http://127.0.0.1:4568. */
    endpoint?: string;
    /** Default: the SDK's credential chain. */
    credentials?: KinesisClientConfig["credentials"];
    /**
     * Use this client instead of building one (tests inject faults here);
     * `region`, `endpoint` and `credentials` are then ignored. It is not destroyed.
     * A client of your own may retry by itself: set its `maxAttempts: 1` so the
     * summary counts every retry.
     */
    client?: KinesisClient;

    /** Stop after this many events. */
    count?: number;
    /**
     * Stop after this many seconds; with `rate`, after rate x duration events
     * (exactly that many, even if the stream is too slow to keep the pace).
     * With `count` too, whichever comes first; with neither, run until `signal`.
     */
    durationSeconds?: number;
    /** Events per second; undefined sends as fast as the stream takes them. */
    rate?: number;

    /**
     * Replay this JSON Lines file instead of generating ticker events: each
     * non-empty line is one record, sent byte for byte, in file order.
     * `count`, `durationSeconds` and `rate` apply to its lines; `tickers`,
     * `eventTime` and `timeFormat` do not.
     */
    fromFile?: string;
    /**
     * Pack events into KPL aggregated records, per shard (the stream's shards
     * come from ListShards, so the caller also needs kinesis:ListShards).
     * Flink's Kinesis connector and the KCL de-aggregate them.
     * @default false
     */
    aggregate?: boolean;

    /** Makes tickers, prices and random partition keys reproducible. Default: a random seed, reported in the summary. */
    seed?: number;
    /** Default: AAPL, AMZN, MSFT, INTC, TBV. */
    tickers?: readonly string[];
    /**
     * `{ field }` keys each line of `fromFile` by that top-level JSON field.
     * @default "ticker" for generated events, "random" with fromFile
     */
    partitionKey?: PartitionKeyMode;
    /** PutRecords batches in flight at once. Default 4. */
    concurrency?: number;
    /** Default `{ mode: "wall" }`. */
    eventTime?: EventTimeMode;
    /** Default "iso". */
    timeFormat?: TimeFormat;
    /** Default: 10 attempts, 60 s per batch, backoff 100 ms doubling up to 5 s, full jitter. */
    retry?: Partial<RetryPolicy>;

    /** Abort to stop: no new batches; batches in flight finish (with their retries); then the summary. */
    signal?: AbortSignal;
    /** Called every `progressIntervalMs` (default 1000) while running. An exception here stops the run, like one in onDelivered. */
    onProgress?: (progress: ProgressSnapshot) => void;
    progressIntervalMs?: number;
    /**
     * Called with exactly the events Kinesis accepted, as the objects that were
     * serialized into the records (generated events only). An exception here
     * stops the run (reported as its fatal error) so that the counts stay true.
     */
    onDelivered?: (events: TickerEvent[]) => void;
    /** Like onDelivered, for any source: the data of each accepted event, byte for byte as sent. */
    onDeliveredData?: (data: Uint8Array[]) => void;
}

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 256;
export const MAX_ATTEMPTS_LIMIT = 1000;
export const DEFAULT_SPAN_SECONDS = 300;

const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/;
const REGION = /^[a-z0-9-]{1,64}$/;

/** A bad option: names the option, the value and the rule it breaks. */
export class OptionError extends Error {
    constructor(
        readonly option: string,
        readonly value: unknown,
        readonly rule: string,
    ) {
        super(`${option} ${describe(value)}: ${rule}`);
        this.name = "OptionError";
    }
}

function describe(value: unknown): string {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
    if (value === undefined) return "(missing)";
    return JSON.stringify(value) ?? String(value);
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
    target: StreamTarget;
    count?: number;
    durationSeconds?: number;
    rate?: number;
    /** The most events this run may produce (count, or rate x duration), when known. */
    eventLimit?: number;
    /** The file to replay; undefined generates ticker events. */
    fromFile?: string;
    aggregate: boolean;
    seed?: number;
    tickers: readonly string[];
    partitionKey: PartitionKeyMode;
    concurrency: number;
    eventTime: EventTimeMode;
    timeFormat: TimeFormat;
    retry: RetryPolicy;
    progressIntervalMs: number;
}

function positiveInteger(option: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return undefined;
    if (!Number.isSafeInteger(value) || value < 1 || value > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? "of at least 1" : `from 1 to ${max}`;
        throw new OptionError(option, value, `must be a whole number ${range}`);
    }
    return value;
}

function positiveNumber(option: string, value: number | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
        throw new OptionError(option, value, "must be a number greater than 0");
    }
    return value;
}

function nonNegativeNumber(option: string, value: number): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new OptionError(option, value, "must be a number of at least 0");
    }
    return value;
}

function oneOf<T extends string>(option: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) {
        throw new OptionError(option, value, `must be one of ${allowed.join(", ")}`);
    }
    return value;
}

function resolveTarget(options: ProduceOptions): StreamTarget {
    const { streamName, streamArn } = options;
    if (streamName === undefined && streamArn === undefined) {
        throw new OptionError("streamName", undefined, "give the stream's name or its ARN (streamArn)");
    }
    if (streamName !== undefined && streamArn !== undefined) {
        throw new OptionError("streamArn", streamArn, "give either streamName or streamArn, not both");
    }
    if (streamName !== undefined && !STREAM_NAME.test(streamName)) {
        throw new OptionError("streamName", streamName, "must be 1-128 letters, digits, '_', '-' or '.'");
    }
    if (streamArn !== undefined && !STREAM_ARN.test(streamArn)) {
        throw new OptionError("streamArn", streamArn, "must look like arn:aws:kinesis:<region>:<12-digit account>:stream/<name>");
    }
    return streamName !== undefined ? { streamName } : { streamArn };
}

function resolveTickers(tickers: readonly string[] | undefined): readonly string[] {
    if (tickers === undefined) return DEFAULT_TICKERS;
    if (!Array.isArray(tickers) || tickers.length === 0) {
        throw new OptionError("tickers", tickers, "must list at least one ticker");
    }
    for (const ticker of tickers) {
        if (typeof ticker !== "string" || !TICKER.test(ticker)) {
            throw new OptionError("tickers", ticker, `each ticker must match ${records.tickerPattern}, or the job rejects its events`);
        }
    }
    const duplicate = tickers.find((t, i) => tickers.indexOf(t) !== i);
    if (duplicate !== undefined) {
        throw new OptionError("tickers", duplicate, "is listed twice");
    }
    return [...tickers];
}

/** The options that shape generated events, which a file replay does not generate. */
const GENERATED_ONLY = ["tickers", "eventTime", "timeFormat", "onDelivered"] as const;

function resolveFromFile(options: ProduceOptions): string | undefined {
    const file = options.fromFile;
    if (file === undefined) return undefined;
    if (typeof file !== "string" || file.length === 0) {
        throw new OptionError("fromFile", file, "must be the path of a JSON Lines file");
    }
    const problem = unreadableFileProblem(file);
    if (problem !== undefined) throw new OptionError("fromFile", file, problem);
    for (const option of GENERATED_ONLY) {
        if (options[option] !== undefined) {
            const instead = option === "onDelivered" ? "; use onDeliveredData" : "";
            throw new OptionError(option, options[option], `applies to generated events, not to fromFile, whose lines are sent as they are${instead}`);
        }
    }
    return file;
}

function resolvePartitionKey(mode: PartitionKeyMode | undefined, fromFile: string | undefined): PartitionKeyMode {
    if (mode === undefined) return fromFile === undefined ? "ticker" : "random";
    if (typeof mode === "object" && mode !== null) {
        if (typeof mode.field !== "string" || mode.field.length === 0) {
            throw new OptionError("partitionKey", mode, "a field key needs the name of a top-level JSON field");
        }
        if (fromFile === undefined) {
            throw new OptionError("partitionKey", mode, "a field key applies to fromFile; generated events are keyed by ticker or random");
        }
        return { field: mode.field };
    }
    return oneOf("partitionKey", mode, PARTITION_KEY_NAMES, "ticker");
}

function resolveEventTime(eventTime: EventTimeMode | undefined, eventLimit: number | undefined): EventTimeMode {
    if (eventTime === undefined) return { mode: "wall" };
    oneOf("eventTime.mode", eventTime.mode, EVENT_TIME_MODES, "wall");
    if (eventTime.mode === "wall") return eventTime;
    const { start, spanSeconds } = eventTime;
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
        throw new OptionError("eventTime.start", start, "must be a valid Date");
    }
    positiveNumber("eventTime.spanSeconds", spanSeconds);
    const end = new Date(start.getTime() + spanSeconds * 1000);
    if (start.getUTCFullYear() < 1 || end.getTime() > Date.UTC(9999, 11, 31, 23, 59, 59)) {
        throw new OptionError("eventTime.start", start, "the simulated span must lie within the years 1-9999");
    }
    if (eventLimit === undefined) {
        throw new OptionError(
            "eventTime.mode",
            "simulated",
            "needs count, or durationSeconds with rate, to know how many events to spread over the span",
        );
    }
    return { mode: "simulated", start, spanSeconds };
}

function resolveRetry(retry: Partial<RetryPolicy> | undefined): RetryPolicy {
    // A field given as undefined keeps its default: a plain spread would copy the
    // undefined over it and silently drop that bound.
    const given = Object.entries(retry ?? {}).filter(([, value]) => value !== undefined);
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...(Object.fromEntries(given) as Partial<RetryPolicy>) };
    positiveInteger("retry.maxAttempts", policy.maxAttempts, MAX_ATTEMPTS_LIMIT);
    nonNegativeNumber("retry.maxRetrySeconds", policy.maxRetrySeconds);
    nonNegativeNumber("retry.baseDelayMs", policy.baseDelayMs);
    nonNegativeNumber("retry.maxDelayMs", policy.maxDelayMs);
    return policy;
}

/** Applies defaults and checks every option; throws OptionError on the first bad one. */
export function resolveOptions(options: ProduceOptions): ResolvedOptions {
    const target = resolveTarget(options);
    if (options.region !== undefined && !REGION.test(options.region)) {
        throw new OptionError("region", options.region, "must be a region name like us-east-1");
    }
    if (options.endpoint !== undefined) {
        let protocol: string | undefined;
        try {
            protocol = new URL(options.endpoint).protocol;
        } catch {
            protocol = undefined;
        }
        if (protocol !== "http:" && protocol !== "https:") {
            throw new OptionError("endpoint", options.endpoint, "must be an http:// or https:// URL");
        }
    }
    const count = positiveInteger("count", options.count);
    const durationSeconds = positiveNumber("durationSeconds", options.durationSeconds);
    const rate = positiveNumber("rate", options.rate);
    const limitFromDuration =
        durationSeconds !== undefined && rate !== undefined ? Math.max(1, Math.floor(durationSeconds * rate)) : undefined;
    const eventLimit =
        count !== undefined && limitFromDuration !== undefined
            ? Math.min(count, limitFromDuration)
            : (count ?? limitFromDuration);
    const fromFile = resolveFromFile(options);
    if (options.aggregate !== undefined && typeof options.aggregate !== "boolean") {
        throw new OptionError("aggregate", options.aggregate, "must be true or false");
    }
    if (options.seed !== undefined && (!Number.isSafeInteger(options.seed) || options.seed < 0 || options.seed > MAX_SEED)) {
        throw new OptionError("seed", options.seed, `must be a whole number from 0 to ${MAX_SEED}`);
    }
    return {
        target,
        count,
        durationSeconds,
        rate,
        eventLimit,
        fromFile,
        aggregate: options.aggregate ?? false,
        seed: options.seed,
        tickers: resolveTickers(options.tickers),
        partitionKey: resolvePartitionKey(options.partitionKey, fromFile),
        concurrency: positiveInteger("concurrency", options.concurrency, MAX_CONCURRENCY) ?? DEFAULT_CONCURRENCY,
        eventTime: fromFile === undefined ? resolveEventTime(options.eventTime, eventLimit) : { mode: "wall" },
        timeFormat: oneOf("timeFormat", options.timeFormat, TIME_FORMATS, "iso"),
        retry: resolveRetry(options.retry),
        progressIntervalMs: positiveNumber("progressIntervalMs", options.progressIntervalMs) ?? 1000,
    };
}
