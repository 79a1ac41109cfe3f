import type { ProduceCounters } from "./counters.js";

/** Why a run stopped. */
export type StopReason = "count" | "duration" | "end-of-file" | "signal" | "error";

/** What a file replay read besides the records it sent. */
export interface FileReplaySummary {
    path: string;
    /** Empty lines: no record to send, skipped. */
    blankLines: number;
    /** Lines sent under a random partition key because the key field could not be read from them. */
    unkeyedLines: number;
}

/**
 * The result of one produce() call. Counts are in events (user records):
 * `generated === delivered + failed + unknown` always holds.
 */
export interface ProduceSummary {
    /** The stream name or ARN written to. */
    stream: string;
    /** The seed used; pass it again to repeat the run. */
    seed: number;
    /** Events taken from the source: generated, or read from the file. */
    generated: number;
    delivered: number;
    /** Refused by the stream until the retries ran out, or never sent. */
    failed: number;
    /** Sent, but no answer came back: the stream may hold each once, several times, or not at all. */
    unknown: number;
    /** Delivered after an earlier unanswered attempt, so the stream may hold them more than once. */
    possiblyDuplicated: number;
    retried: number;
    throttled: number;
    batches: number;
    requests: number;
    /** Whether events were packed into KPL aggregated records. */
    aggregated: boolean;
    /** Kinesis records accepted (without aggregation, one per delivered event). */
    kinesisRecords: number;
    /** Delivered events per accepted Kinesis record (0 when nothing was delivered). */
    eventsPerRecord: number;
    /** Data plus partition-key bytes of the accepted Kinesis records. */
    bytesDelivered: number;
    elapsedMs: number;
    /** Delivered events per second over the whole run. */
    eventsPerSecond: number;
    stoppedBy: StopReason;
    /** Failed event attempts (retried or not) by error code. */
    errors: Record<string, number>;
    /** Why the run stopped early, when a request could never succeed. */
    fatalError?: string;
    /** With fromFile. */
    fromFile?: FileReplaySummary;
}

export interface SummaryFields {
    stream: string;
    seed: number;
    aggregated: boolean;
    elapsedMs: number;
    stoppedBy: StopReason;
    fatalError?: string;
    fromFile?: FileReplaySummary;
}

export function summarize(counters: ProduceCounters, fields: SummaryFields): ProduceSummary {
    return {
        stream: fields.stream,
        seed: fields.seed,
        generated: counters.generated,
        delivered: counters.delivered,
        failed: counters.failed,
        unknown: counters.unknown,
        possiblyDuplicated: counters.possiblyDuplicated,
        retried: counters.retried,
        throttled: counters.throttled,
        batches: counters.batches,
        requests: counters.requests,
        aggregated: fields.aggregated,
        kinesisRecords: counters.kinesisRecords,
        eventsPerRecord: counters.kinesisRecords > 0 ? counters.delivered / counters.kinesisRecords : 0,
        bytesDelivered: counters.bytesDelivered,
        elapsedMs: fields.elapsedMs,
        eventsPerSecond: fields.elapsedMs > 0 ? (counters.delivered * 1000) / fields.elapsedMs : 0,
        stoppedBy: fields.stoppedBy,
        errors: Object.fromEntries(counters.errors),
        ...(fields.fatalError !== undefined ? { fatalError: fields.fatalError } : {}),
        ...(fields.fromFile !== undefined ? { fromFile: fields.fromFile } : {}),
    };
}

/** Whether every event the run took from its source is on the stream, as far as the answers tell. */
export function allDelivered(s: ProduceSummary): boolean {
    return s.failed === 0 && s.unknown === 0 && s.fatalError === undefined;
}

/** The human-readable summary the CLI prints. */
export function formatSummary(s: ProduceSummary): string {
    const seconds = s.elapsedMs / 1000;
    const records = s.aggregated
        ? `kinesis records ${s.kinesisRecords} (aggregated, ${s.eventsPerRecord.toFixed(1)} events per record)`
        : `kinesis records ${s.kinesisRecords}`;
    const lines = [
        `delivered ${s.delivered} of ${s.generated} events to ${s.stream} in ${seconds.toFixed(2)} s ` +
            `(${Math.round(s.eventsPerSecond)} events/s, ${(s.bytesDelivered / 1024 / 1024 / Math.max(seconds, 0.001)).toFixed(2)} MiB/s)`,
        `failed ${s.failed}  unknown ${s.unknown}  retried ${s.retried}  throttled ${s.throttled}  batches ${s.batches}  requests ${s.requests}`,
        records,
        `seed ${s.seed}  stopped by ${s.stoppedBy}`,
    ];
    if (s.fromFile !== undefined) {
        lines.push(
            `read ${s.fromFile.path}: ${s.fromFile.blankLines} blank lines skipped, ` +
                `${s.fromFile.unkeyedLines} lines without the key field sent under a random key`,
        );
    }
    if (s.unknown > 0) {
        lines.push(`unknown: ${s.unknown} events were sent but no answer came back; the stream may hold each once, several times, or not at all`);
    }
    if (s.possiblyDuplicated > 0) {
        lines.push(`possibly duplicated: ${s.possiblyDuplicated} delivered events had been sent before without an answer`);
    }
    const errors = Object.entries(s.errors);
    if (errors.length > 0) {
        lines.push(`errors: ${errors.map(([name, n]) => `${name} x${n}`).join(", ")}`);
    }
    if (s.fatalError !== undefined) {
        lines.push(`stopped early: ${s.fatalError}`);
    }
    return lines.join("\n");
}
