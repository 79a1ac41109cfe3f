import { MAX_RECORDS_PER_BATCH } from "./batching.js";

/**
 * With a rate, how long the first due event may wait for others to share its
 * batch: long enough to make batches worth sending, short enough to look live
 * (the KPL's RecordMaxBufferedTime is 100 ms by default too).
 */
export const LINGER_MS = 100;

/** When events are due and when the run is out of events or time. */
export class Pacing {
    /** The most events the run may take from its source (Infinity when unbounded). */
    readonly limit: number;
    /** The wall-clock end of a run bounded by duration alone (Infinity otherwise). */
    readonly deadline: number;

    constructor(
        private readonly startedAt: number,
        private readonly rate: number | undefined,
        eventLimit: number | undefined,
        durationSeconds: number | undefined,
        /** Events one request can take; aggregated requests take far more than 500. */
        private readonly eventsPerBatch = MAX_RECORDS_PER_BATCH,
    ) {
        this.limit = eventLimit ?? Infinity;
        // With a rate, the duration is already an event budget (rate x duration,
        // in eventLimit); a clock cut-off would only drop the tail of a lagging run.
        this.deadline = durationSeconds !== undefined && rate === undefined ? startedAt + durationSeconds * 1000 : Infinity;
    }

    /** How many events are due by `now` (all of them without a rate). */
    dueBy(now: number): number {
        if (this.rate === undefined) return this.limit;
        return Math.min(this.limit, Math.floor(((now - this.startedAt) * this.rate) / 1000) + 1);
    }

    /**
     * When to send the batch that starts with event `first`: once a full batch
     * is due, or the first event has lingered long enough (now, without a rate).
     */
    sendAt(first: number): number {
        if (this.rate === undefined) return 0;
        const last = Math.min(first + this.eventsPerBatch, this.limit) - 1;
        return Math.min(this.dueAt(last), this.dueAt(first) + LINGER_MS, this.deadline);
    }

    private dueAt(index: number): number {
        return this.startedAt + (index * 1000) / (this.rate ?? Infinity);
    }
}
