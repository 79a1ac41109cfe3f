import type { ProduceCounters } from "./counters.js";

/** Why a run stopped. */
export type StopReason = "count" | "duration" | "signal" | "error";

/** The result of one produce() call. `generated === delivered + failed` always holds. */
export interface ProduceSummary {
    /** The stream name or ARN written to. */
    stream: string;
    /** The seed used; pass it again to repeat the run. */
    seed: number;
    generated: number;
    delivered: number;
    failed: number;
    retried: number;
    throttled: number;
    batches: number;
    requests: number;
    bytesDelivered: number;
    elapsedMs: number;
    /** Delivered events per second over the whole run. */
    eventsPerSecond: number;
    stoppedBy: StopReason;
    /** Failed record attempts (retried or not) by error code. */
    errors: Record<string, number>;
    /** Why the run stopped early, when a request could never succeed. */
    fatalError?: string;
}

export function summarize(
    counters: ProduceCounters,
    fields: { stream: string; seed: number; elapsedMs: number; stoppedBy: StopReason; fatalError?: string },
): ProduceSummary {
    return {
        stream: fields.stream,
        seed: fields.seed,
        generated: counters.generated,
        delivered: counters.delivered,
        failed: counters.failed,
        retried: counters.retried,
        throttled: counters.throttled,
        batches: counters.batches,
        requests: counters.requests,
        bytesDelivered: counters.bytesDelivered,
        elapsedMs: fields.elapsedMs,
        eventsPerSecond: fields.elapsedMs > 0 ? (counters.delivered * 1000) / fields.elapsedMs : 0,
        stoppedBy: fields.stoppedBy,
        errors: Object.fromEntries(counters.errors),
        ...(fields.fatalError !== undefined ? { fatalError: fields.fatalError } : {}),
    };
}

/** The human-readable summary the CLI prints. */
export function formatSummary(s: ProduceSummary): string {
    const seconds = s.elapsedMs / 1000;
    const lines = [
        `delivered ${s.delivered} of ${s.generated} events to ${s.stream} in ${seconds.toFixed(2)} s ` +
            `(${Math.round(s.eventsPerSecond)} events/s, ${(s.bytesDelivered / 1024 / 1024 / Math.max(seconds, 0.001)).toFixed(2)} MiB/s)`,
        `failed ${s.failed}  retried ${s.retried}  throttled ${s.throttled}  batches ${s.batches}  requests ${s.requests}`,
        `seed ${s.seed}  stopped by ${s.stoppedBy}`,
    ];
    const errors = Object.entries(s.errors);
    if (errors.length > 0) {
        lines.push(`errors: ${errors.map(([name, n]) => `${name} x${n}`).join(", ")}`);
    }
    if (s.fatalError !== undefined) {
        lines.push(`stopped early: ${s.fatalError}`);
    }
    return lines.join("\n");
}
