import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { BatchBuilder, MAX_RECORDS_PER_BATCH, toOutgoingRecord, type OutgoingRecord } from "./batching.js";
import { createKinesisClient, regionOfStreamArn } from "./client.js";
import { ProduceCounters } from "./counters.js";
import { errorMessage } from "./errors.js";
import { simulatedClock, wallClock } from "./event-time.js";
import { EventGenerator } from "./events.js";
import { resolveOptions, type ProduceOptions, type ResolvedOptions } from "./options.js";
import { partitionKeyFor } from "./partition-key.js";
import { ProgressMeter } from "./progress.js";
import { randomSeed } from "./random.js";
import { Semaphore } from "./semaphore.js";
import { BatchSender } from "./sender.js";
import { sleep } from "./sleep.js";
import { summarize, type ProduceSummary, type StopReason } from "./summary.js";
import { ThrottleGate } from "./throttle-gate.js";

/**
 * With a rate, how long the first due event may wait for others to share its
 * batch: long enough to make batches worth sending, short enough to look live.
 */
const LINGER_MS = 100;

/**
 * Generates ticker events and writes them to a Kinesis stream in PutRecords
 * batches, `concurrency` at a time, retrying failed entries. Resolves once
 * every generated event is delivered or counted as failed; rejects only for
 * bad options (OptionError) or a bug.
 */
export async function produce(options: ProduceOptions): Promise<ProduceSummary> {
    const resolved = resolveOptions(options);
    const client =
        options.client ??
        createKinesisClient({
            region: options.region ?? (resolved.target.streamArn ? regionOfStreamArn(resolved.target.streamArn) : undefined),
            endpoint: options.endpoint,
            credentials: options.credentials,
            maxSockets: resolved.concurrency,
        });
    try {
        return await run(client, resolved, options);
    } finally {
        if (options.client === undefined) client.destroy();
    }
}

async function run(client: KinesisClient, o: ResolvedOptions, hooks: ProduceOptions): Promise<ProduceSummary> {
    const { signal, onDelivered, onProgress } = hooks;
    const seed = o.seed ?? randomSeed();
    const counters = new ProduceCounters();
    let fatalError: string | undefined;
    let bug: unknown;

    const gate = new ThrottleGate();
    const sender = new BatchSender(client, o.target, o.retry, counters, gate, (records) => {
        if (!onDelivered) return;
        try {
            onDelivered(records.map((r) => r.event));
        } catch (error) {
            fatalError ??= `onDelivered threw: ${errorMessage(error)}`;
        }
    });
    const generator = new EventGenerator({
        seed,
        tickers: o.tickers,
        timeFormat: o.timeFormat,
        clock:
            o.eventTime.mode === "wall"
                ? wallClock()
                : simulatedClock(o.eventTime.start, o.eventTime.spanSeconds, o.eventLimit ?? 1),
    });
    const keyFor = partitionKeyFor(o.partitionKey, seed);

    const startedAt = Date.now();
    // With a rate, the duration is already an event budget (rate x duration,
    // in eventLimit); a clock cut-off would only drop the tail of a lagging run.
    const deadline =
        o.durationSeconds !== undefined && o.rate === undefined ? startedAt + o.durationSeconds * 1000 : Infinity;
    const limit = o.eventLimit ?? Infinity;
    const rate = o.rate;
    /** When event `index` is due, with a rate. */
    const dueAt = (index: number) => startedAt + (index * 1000) / (rate ?? Infinity);
    /** How many events are due by `now` (all of them without a rate). */
    const dueBy = (now: number) => (rate === undefined ? Infinity : Math.floor(((now - startedAt) * rate) / 1000) + 1);

    const stopReason = (): StopReason | undefined => {
        if (fatalError !== undefined || bug !== undefined) return "error";
        if (signal?.aborted) return "signal";
        if (counters.generated >= limit) {
            return o.count !== undefined && counters.generated >= o.count ? "count" : "duration";
        }
        if (Date.now() >= deadline) return "duration";
        return undefined;
    };

    /** With a rate, waits until a full batch is due, or the first due event has lingered long enough. */
    const waitForDueEvents = async () => {
        if (rate === undefined) return;
        const first = counters.generated;
        const last = Math.min(first + MAX_RECORDS_PER_BATCH, limit) - 1;
        const sendAt = Math.min(dueAt(last), dueAt(first) + LINGER_MS, deadline);
        await sleep(sendAt - Date.now(), signal);
    };

    // A record that did not fit the previous batch opens the next one.
    let carried: OutgoingRecord | undefined;
    const collectBatch = (): OutgoingRecord[] => {
        const builder = new BatchBuilder();
        const available = Math.min(limit, dueBy(Date.now()));
        while (!builder.isFull && counters.generated < available) {
            let record = carried;
            if (record === undefined) {
                const event = generator.next();
                record = toOutgoingRecord(event, keyFor(event));
            }
            carried = undefined;
            if (!builder.fits(record)) {
                carried = record;
                break;
            }
            builder.add(record);
            counters.generated++;
        }
        return builder.take();
    };

    const slots = new Semaphore(o.concurrency);
    const inFlight = new Set<Promise<void>>();
    const dispatch = (batch: OutgoingRecord[]) => {
        counters.batches++;
        counters.inFlight++;
        const sending: Promise<void> = sender
            .send(batch)
            .then(
                (result) => {
                    if (result.fatalError !== undefined) fatalError ??= errorMessage(result.fatalError);
                },
                (error: unknown) => {
                    bug ??= error;
                },
            )
            .finally(() => {
                counters.inFlight--;
                slots.release();
                inFlight.delete(sending);
            });
        inFlight.add(sending);
    };

    const meter = new ProgressMeter(counters, startedAt);
    const reportProgress = () => {
        try {
            onProgress?.(meter.snapshot());
        } catch (error) {
            fatalError ??= `onProgress threw: ${errorMessage(error)}`;
        }
    };
    const timer = onProgress ? setInterval(reportProgress, o.progressIntervalMs) : undefined;
    let stoppedBy: StopReason;
    try {
        for (;;) {
            await slots.acquire();
            await gate.wait();
            const stop = stopReason();
            if (stop !== undefined) {
                slots.release();
                stoppedBy = stop;
                break;
            }
            await waitForDueEvents();
            const batch = signal?.aborted ? [] : collectBatch();
            if (batch.length === 0) {
                slots.release();
                continue;
            }
            dispatch(batch);
        }
        await Promise.all(inFlight);
    } finally {
        if (timer !== undefined) clearInterval(timer);
    }
    if (bug !== undefined) throw bug;

    return summarize(counters, {
        stream: o.target.streamName ?? o.target.streamArn ?? "",
        seed,
        elapsedMs: Date.now() - startedAt,
        stoppedBy: fatalError !== undefined ? "error" : stoppedBy,
        fatalError,
    });
}
