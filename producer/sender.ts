import { PutRecordsCommand, type KinesisClient, type PutRecordsResultEntry } from "@aws-sdk/client-kinesis";
import type { KinesisRecord } from "./batching.js";
import type { ProduceCounters } from "./counters.js";
import { errorName, isRetryable, isThrottle, mayHaveBeenWritten } from "./errors.js";
import { backoffDelayMs, type RetryPolicy } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import type { ThrottleGate } from "./throttle-gate.js";

/** The stream to write to: by name or by ARN (one of the two). */
export interface StreamTarget {
    streamName?: string;
    streamArn?: string;
}

export interface BatchResult {
    /** Set when the run must stop: a request that can never succeed, or a record that landed on a shard it was not packed for. */
    fatalError?: unknown;
}

/** A record still to be accepted, and whether an earlier attempt went unanswered (it may be on the stream already). */
interface Pending {
    record: KinesisRecord;
    unanswered: boolean;
}

interface AttemptOutcome {
    retry: Pending[];
    throttled: boolean;
    fatalError?: unknown;
}

const eventsIn = (pending: Pending[]) => pending.reduce((sum, p) => sum + p.record.userRecords.length, 0);

/**
 * Sends one batch with PutRecords and re-sends only the entries that were not
 * accepted (PutRecords is not atomic: some entries can fail while others
 * succeed, and re-sending the accepted ones would duplicate them). Every event
 * ends up delivered, failed (refused, or never sent) or unknown (sent, never
 * answered), and an aggregated record's events share its fate.
 */
export class BatchSender {
    constructor(
        private readonly client: KinesisClient,
        private readonly target: StreamTarget,
        private readonly policy: RetryPolicy,
        private readonly counters: ProduceCounters,
        private readonly gate: ThrottleGate,
        private readonly onAccepted: (records: KinesisRecord[]) => void,
        /** The backoff's jitter source; tests pin it to check the waits. */
        private readonly random: () => number = Math.random,
    ) {}

    async send(batch: KinesisRecord[]): Promise<BatchResult> {
        const firstCallAt = Date.now();
        let pending: Pending[] = batch.map((record) => ({ record, unanswered: false }));
        for (let attempt = 1; ; attempt++) {
            const outcome = await this.attempt(pending);
            if (outcome.fatalError !== undefined) {
                this.giveUp(outcome.retry);
                return { fatalError: outcome.fatalError };
            }
            if (outcome.retry.length === 0) return {};
            const delay = backoffDelayMs(this.policy, attempt, this.random);
            const outOfTime = Date.now() + delay - firstCallAt > this.policy.maxRetrySeconds * 1000;
            if (attempt >= this.policy.maxAttempts || outOfTime) {
                this.giveUp(outcome.retry);
                return {};
            }
            if (outcome.throttled) this.gate.pauseFor(delay);
            // Not abortable: on Ctrl-C, batches already in flight still get their retries.
            await sleep(delay);
            this.counters.retried += eventsIn(outcome.retry);
            pending = outcome.retry;
        }
    }

    /** Counts what will not be sent again: unknown if any attempt went unanswered, else failed. */
    private giveUp(pending: Pending[]): void {
        for (const p of pending) {
            if (p.unanswered) this.counters.unknown += p.record.userRecords.length;
            else this.counters.failed += p.record.userRecords.length;
        }
    }

    /** One PutRecords call: delivers what was accepted, returns what to retry. */
    private async attempt(pending: Pending[]): Promise<AttemptOutcome> {
        this.counters.requests++;
        let results: PutRecordsResultEntry[];
        try {
            const response = await this.client.send(
                new PutRecordsCommand({
                    StreamName: this.target.streamName,
                    StreamARN: this.target.streamArn,
                    Records: pending.map((p) => ({ Data: p.record.data, PartitionKey: p.record.partitionKey })),
                }),
            );
            results = response.Records ?? [];
        } catch (error) {
            return this.requestFailed(pending, error);
        }

        const accepted: Pending[] = [];
        const retry: Pending[] = [];
        let throttled = false;
        let fatalError: Error | undefined;
        pending.forEach((p, i) => {
            const result = results[i];
            const events = p.record.userRecords.length;
            if (result?.SequenceNumber !== undefined && !result.ErrorCode) {
                if (p.record.shardId !== undefined && result.ShardId !== undefined && result.ShardId !== p.record.shardId) {
                    // A de-aggregating consumer reads back only the user records that hash into the landing shard.
                    this.counters.unknown += events;
                    this.counters.countError("LandedOnAnotherShard", events);
                    fatalError ??= new Error(
                        `an aggregated record packed for ${p.record.shardId} landed on ${result.ShardId}: the stream was ` +
                            `resharded during the run, and a de-aggregating consumer skips the events that hash outside ` +
                            `the shard they land on; run the producer again to pack for the new shards`,
                    );
                    return;
                }
                accepted.push(p);
                return;
            }
            // An entry with no result would be a service bug: it may or may not have been written.
            const code = result?.ErrorCode ?? "MissingResultEntry";
            this.counters.countError(code, events);
            if (isThrottle(code)) {
                this.counters.throttled += events;
                throttled = true;
            }
            retry.push({ record: p.record, unanswered: p.unanswered || result === undefined });
        });
        this.deliver(accepted);
        return { retry, throttled, fatalError };
    }

    private requestFailed(pending: Pending[], error: unknown): AttemptOutcome {
        const events = eventsIn(pending);
        this.counters.countError(errorName(error), events);
        const unanswered = mayHaveBeenWritten(error);
        const retry = pending.map((p) => ({ record: p.record, unanswered: p.unanswered || unanswered }));
        if (!isRetryable(error)) return { retry, throttled: false, fatalError: error };
        const throttled = isThrottle(error);
        if (throttled) this.counters.throttled += events;
        return { retry, throttled };
    }

    private deliver(accepted: Pending[]): void {
        if (accepted.length === 0) return;
        for (const p of accepted) {
            const events = p.record.userRecords.length;
            this.counters.delivered += events;
            if (p.unanswered) this.counters.possiblyDuplicated += events;
            this.counters.kinesisRecords++;
            this.counters.bytesDelivered += p.record.size;
        }
        this.onAccepted(accepted.map((p) => p.record));
    }
}
