import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { MAX_BYTES_PER_RECORD, plainSize, type BatchAssembler, type KinesisRecord, type UserRecord } from "./batching.js";
import { ProduceCounters } from "./counters.js";
import { errorMessage } from "./errors.js";
import type { TickerEvent } from "./events.js";
import { Pacing } from "./pacing.js";
import type { ResolvedOptions } from "./produce-options.js";
import { ProgressMeter, type ProgressSnapshot } from "./progress.js";
import type { UserRecordSource } from "./record-sources.js";
import { Semaphore } from "./semaphore.js";
import { BatchSender } from "./sender.js";
import { sleep } from "./sleep.js";
import type { StopReason } from "./summary.js";
import { ThrottleGate } from "./throttle-gate.js";

/** The caller's side of a run: how to stop it, and what it is told while running. */
export interface RunHooks {
    signal?: AbortSignal;
    onProgress?: (progress: ProgressSnapshot) => void;
    onDelivered?: (events: TickerEvent[]) => void;
    onDeliveredData?: (data: Uint8Array[]) => void;
}

/** The code a user record too big for any Kinesis record is counted under; it is never sent. */
export const RECORD_TOO_LARGE = "RecordTooLarge";

/**
 * One produce() run: takes user records from the source, fills PutRecords
 * batches, keeps `concurrency` of them in flight and accounts for every event.
 * Its state (counters, the record carried over to the next batch, the first
 * fatal error) lives here, shared by the dispatch loop and the senders.
 */
export class ProduceRun {
    readonly counters = new ProduceCounters();
    readonly startedAt = Date.now();
    private readonly gate = new ThrottleGate();
    private readonly slots: Semaphore;
    private readonly inFlight = new Set<Promise<void>>();
    private readonly sender: BatchSender;
    private readonly pacing: Pacing;
    /** Why the run stopped early; the first one wins. */
    fatalError?: string;
    /** An exception from the producer's own code: rethrown once the batches in flight are done. */
    private bug: unknown;
    /** A record that did not fit the previous batch; it opens the next one. */
    private carried?: UserRecord;
    private exhausted = false;

    constructor(
        client: KinesisClient,
        private readonly options: ResolvedOptions,
        private readonly source: UserRecordSource,
        private readonly newBatch: () => BatchAssembler,
        private readonly hooks: RunHooks,
        /** Events one request can take, for pacing. */
        eventsPerBatch?: number,
    ) {
        this.slots = new Semaphore(options.concurrency);
        this.sender = new BatchSender(client, options.target, options.retry, this.counters, this.gate, (records) =>
            this.delivered(records),
        );
        this.pacing = new Pacing(this.startedAt, options.rate, options.eventLimit, options.durationSeconds, eventsPerBatch);
    }

    /** Runs until a stop condition; resolves once every batch in flight is done. */
    async run(): Promise<StopReason> {
        const { signal, onProgress } = this.hooks;
        const meter = new ProgressMeter(this.counters, this.startedAt);
        const timer = onProgress ? setInterval(() => this.reportProgress(meter), this.options.progressIntervalMs) : undefined;
        let stoppedBy: StopReason;
        try {
            for (;;) {
                await this.slots.acquire();
                await this.gate.wait();
                const stop = this.stopReason();
                if (stop !== undefined) {
                    this.slots.release();
                    stoppedBy = stop;
                    break;
                }
                await sleep(this.pacing.sendAt(this.counters.generated) - Date.now(), signal);
                const batch = signal?.aborted ? [] : this.collectBatch();
                if (batch.length === 0) {
                    this.slots.release();
                    continue;
                }
                this.dispatch(batch);
            }
            await Promise.all(this.inFlight);
        } finally {
            if (timer !== undefined) clearInterval(timer);
        }
        if (this.bug !== undefined) throw this.bug;
        return this.fatalError !== undefined ? "error" : stoppedBy;
    }

    private stopReason(): StopReason | undefined {
        const generated = this.counters.generated;
        if (this.fatalError !== undefined || this.bug !== undefined) return "error";
        if (this.hooks.signal?.aborted) return "signal";
        if (this.exhausted && this.carried === undefined) return "end-of-file";
        if (generated >= this.pacing.limit) {
            return this.options.count !== undefined && generated >= this.options.count ? "count" : "duration";
        }
        if (Date.now() >= this.pacing.deadline) return "duration";
        return undefined;
    }

    /** Takes the due records from the source into one batch. */
    private collectBatch(): KinesisRecord[] {
        const batch = this.newBatch();
        const available = this.pacing.dueBy(Date.now());
        while (!batch.isFull && this.counters.generated < available) {
            const record = this.carried ?? this.source.next();
            this.carried = undefined;
            if (record === undefined) {
                this.exhausted = true;
                break;
            }
            if (plainSize(record) > MAX_BYTES_PER_RECORD) {
                // Kinesis would refuse the whole request; the record alone is counted, never sent.
                this.counters.generated++;
                this.counters.failed++;
                this.counters.countError(RECORD_TOO_LARGE, 1);
                continue;
            }
            if (!batch.add(record)) {
                this.carried = record;
                break;
            }
            this.counters.generated++;
        }
        return batch.take();
    }

    private dispatch(batch: KinesisRecord[]): void {
        this.counters.batches++;
        this.counters.inFlight++;
        const sending: Promise<void> = this.sender
            .send(batch)
            .then(
                (result) => {
                    if (result.fatalError !== undefined) this.fatalError ??= errorMessage(result.fatalError);
                },
                (error: unknown) => {
                    this.bug ??= error;
                },
            )
            .finally(() => {
                this.counters.inFlight--;
                this.slots.release();
                this.inFlight.delete(sending);
            });
        this.inFlight.add(sending);
    }

    /** Hands what the stream accepted to the caller; a hook that throws stops the run, and the counts stay true. */
    private delivered(records: KinesisRecord[]): void {
        const { onDelivered, onDeliveredData } = this.hooks;
        const userRecords = records.flatMap((r) => r.userRecords);
        try {
            onDelivered?.(userRecords.map((r) => r.event!));
        } catch (error) {
            this.fatalError ??= `onDelivered threw: ${errorMessage(error)}`;
        }
        try {
            onDeliveredData?.(userRecords.map((r) => r.data));
        } catch (error) {
            this.fatalError ??= `onDeliveredData threw: ${errorMessage(error)}`;
        }
    }

    private reportProgress(meter: ProgressMeter): void {
        try {
            this.hooks.onProgress?.(meter.snapshot());
        } catch (error) {
            this.fatalError ??= `onProgress threw: ${errorMessage(error)}`;
        }
    }
}
