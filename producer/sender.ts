import { PutRecordsCommand, type KinesisClient, type PutRecordsResultEntry } from "@aws-sdk/client-kinesis";
import type { OutgoingRecord } from "./batching.js";
import type { ProduceCounters } from "./counters.js";
import { errorName, isRetryable, isThrottle } from "./errors.js";
import { backoffDelayMs, type RetryPolicy } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import type { ThrottleGate } from "./throttle-gate.js";

/** The stream to write to: by name or by ARN (one of the two). */
export interface StreamTarget {
    streamName?: string;
    streamArn?: string;
}

export interface BatchResult {
    /** Records of this batch that were not accepted. */
    undelivered: number;
    /** Set when the request can never succeed (unknown stream, no permission, bad config). */
    fatalError?: unknown;
}

/**
 * Sends one batch with PutRecords and re-sends only the entries that failed
 * (PutRecords is not atomic: some entries can fail while others succeed, and
 * re-sending the accepted ones would duplicate them). Every record ends up
 * either delivered or counted as failed.
 */
export class BatchSender {
    constructor(
        private readonly client: KinesisClient,
        private readonly target: StreamTarget,
        private readonly policy: RetryPolicy,
        private readonly counters: ProduceCounters,
        private readonly gate: ThrottleGate,
        private readonly onAccepted: (records: OutgoingRecord[]) => void,
        /** The backoff's jitter source; tests pin it to check the waits. */
        private readonly random: () => number = Math.random,
    ) {}

    async send(batch: OutgoingRecord[]): Promise<BatchResult> {
        const firstCallAt = Date.now();
        let pending = batch;
        for (let attempt = 1; ; attempt++) {
            const outcome = await this.attempt(pending);
            if (outcome.fatalError !== undefined) {
                this.counters.failed += pending.length;
                return { undelivered: pending.length, fatalError: outcome.fatalError };
            }
            if (outcome.rejected.length === 0) {
                return { undelivered: 0 };
            }
            const delay = backoffDelayMs(this.policy, attempt, this.random);
            const outOfTime = Date.now() + delay - firstCallAt > this.policy.maxRetrySeconds * 1000;
            if (attempt >= this.policy.maxAttempts || outOfTime) {
                this.counters.failed += outcome.rejected.length;
                return { undelivered: outcome.rejected.length };
            }
            if (outcome.throttled) {
                this.gate.pauseFor(delay);
            }
            // Not abortable: on Ctrl-C, batches already in flight still get their retries.
            await sleep(delay);
            this.counters.retried += outcome.rejected.length;
            pending = outcome.rejected;
        }
    }

    /** One PutRecords call: delivers what was accepted, returns what to retry. */
    private async attempt(
        records: OutgoingRecord[],
    ): Promise<{ rejected: OutgoingRecord[]; throttled: boolean; fatalError?: unknown }> {
        this.counters.requests++;
        let results: PutRecordsResultEntry[];
        try {
            const response = await this.client.send(
                new PutRecordsCommand({
                    StreamName: this.target.streamName,
                    StreamARN: this.target.streamArn,
                    Records: records.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })),
                }),
            );
            results = response.Records ?? [];
        } catch (error) {
            this.counters.countError(errorName(error), records.length);
            if (!isRetryable(error)) {
                return { rejected: records, throttled: false, fatalError: error };
            }
            const throttled = isThrottle(error);
            if (throttled) this.counters.throttled += records.length;
            return { rejected: records, throttled };
        }

        const accepted: OutgoingRecord[] = [];
        const rejected: OutgoingRecord[] = [];
        let throttled = false;
        records.forEach((record, i) => {
            const result = results[i];
            if (result?.SequenceNumber !== undefined && !result.ErrorCode) {
                accepted.push(record);
                return;
            }
            // An entry with no result at all would be a service bug; re-sending
            // risks a duplicate, which beats a silent loss.
            const code = result?.ErrorCode ?? "MissingResultEntry";
            this.counters.countError(code, 1);
            if (isThrottle(code)) {
                this.counters.throttled++;
                throttled = true;
            }
            rejected.push(record);
        });
        if (accepted.length > 0) {
            this.counters.delivered += accepted.length;
            for (const r of accepted) this.counters.bytesDelivered += r.size;
            this.onAccepted(accepted);
        }
        return { rejected, throttled };
    }
}
