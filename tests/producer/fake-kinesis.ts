import {
    KinesisClient,
    ListShardsCommand,
    PutRecordsCommand,
    type PutRecordsCommandInput,
    type PutRecordsCommandOutput,
    type PutRecordsResultEntry,
} from "@aws-sdk/client-kinesis";
import { mockClient } from "aws-sdk-client-mock";
import { hashKeyOf } from "../../producer/index.js";
import { evenShards, userRecordsOn } from "./deaggregate.js";

// The SDK's "Node 20 support ends" warning would only clutter the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** What the fake does with one entry of one PutRecords call: accept it, or fail it with this ErrorCode. */
export type EntryFault = (call: number, data: string, partitionKey: string) => string | undefined;
/** Whether the fake fails a whole PutRecords call by throwing this error. */
export type CallFault = (call: number) => Error | undefined;

/** A request that reached the stream and was processed, but whose answer was lost on the way back. */
export function lostAnswer(): Error {
    return Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET" });
}

export interface FakeKinesisOptions {
    entryFault?: EntryFault;
    callFault?: CallFault;
    /** Calls that write their records and then lose the answer. */
    answerLost?: (call: number) => boolean;
    delayMs?: number;
    /** Open shards ListShards reports (an even split of the key space); records land by the MD5 of their key. Default 1. */
    shards?: number;
    /** The shard a call's entries land on instead, as after a reshard the producer did not see. */
    landOn?: (call: number) => string | undefined;
}

/**
 * A KinesisClient whose PutRecords is a fault-injecting in-memory stream. It
 * keeps its own tally of what it accepted, failed and received twice, so tests
 * can check the producer's counts against an independent record.
 */
export class FakeKinesis {
    readonly client = new KinesisClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    readonly stub = mockClient(this.client);
    readonly shards;
    /** Data of accepted records, in acceptance order (utf8; aggregated records are binary). */
    readonly accepted: string[] = [];
    /** Accepted records as written: data, partition key and the shard they landed on. */
    readonly written: { data: Uint8Array; partitionKey: string; shardId: string }[] = [];
    /** Data of every entry of every call. */
    readonly received: string[][] = [];
    /** Date.now() as each call arrived, to check pacing and backoff. */
    readonly callTimes: number[] = [];
    entriesFailed = 0;
    entriesThrottled = 0;
    callsRejected = 0;
    recordsInRejectedCalls = 0;
    recordsInThrottledCalls = 0;
    inFlight = 0;
    maxInFlight = 0;

    constructor(options: FakeKinesisOptions = {}) {
        this.shards = evenShards(options.shards ?? 1);
        this.stub.on(ListShardsCommand).resolves({ Shards: this.shards.map((s) => ({ ...s, SequenceNumberRange: { StartingSequenceNumber: "0" } })) });
        let calls = 0;
        this.stub.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput): Promise<PutRecordsCommandOutput> => {
            const call = calls++;
            this.callTimes.push(Date.now());
            this.inFlight++;
            this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
            try {
                await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
                return this.putRecords(call, input, options);
            } finally {
                this.inFlight--;
            }
        });
    }

    private putRecords(call: number, input: PutRecordsCommandInput, options: FakeKinesisOptions): PutRecordsCommandOutput {
        const entries = input.Records ?? [];
        const data = entries.map((r) => Buffer.from(r.Data!).toString("utf8"));
        this.received.push(data);
        const rejection = options.callFault?.(call);
        if (rejection) {
            this.callsRejected++;
            this.recordsInRejectedCalls += data.length;
            if (rejection.name === "ProvisionedThroughputExceededException") this.recordsInThrottledCalls += data.length;
            throw rejection;
        }
        let failed = 0;
        const results: PutRecordsResultEntry[] = entries.map((entry, i) => {
            const code = options.entryFault?.(call, data[i], entry.PartitionKey!);
            if (code) {
                failed++;
                this.entriesFailed++;
                if (code === "ProvisionedThroughputExceededException") this.entriesThrottled++;
                return { ErrorCode: code, ErrorMessage: `injected ${code}` };
            }
            const shardId = options.landOn?.(call) ?? this.shardOf(entry.PartitionKey!);
            this.accepted.push(data[i]);
            this.written.push({ data: Buffer.from(entry.Data!), partitionKey: entry.PartitionKey!, shardId });
            return { SequenceNumber: `${call}-${i}`, ShardId: shardId };
        });
        if (options.answerLost?.(call)) throw lostAnswer();
        return { FailedRecordCount: failed, Records: results, $metadata: {} };
    }

    private shardOf(partitionKey: string): string {
        const hash = hashKeyOf(partitionKey);
        return this.shards.find((s) => BigInt(s.HashKeyRange.StartingHashKey) <= hash && hash <= BigInt(s.HashKeyRange.EndingHashKey))!.ShardId;
    }

    /** The events a de-aggregating consumer reads back, per shard, in order. */
    eventsOnShards(): Map<string, string[]> {
        const byShard = new Map<string, string[]>();
        for (const record of this.written) {
            const shard = this.shards.find((s) => s.ShardId === record.shardId)!.HashKeyRange;
            const events = userRecordsOn(record, shard).map((r) => r.data);
            byShard.set(record.shardId, [...(byShard.get(record.shardId) ?? []), ...events]);
        }
        return byShard;
    }

    get calls(): number {
        return this.received.length;
    }

    restore(): void {
        this.stub.restore();
    }
}

/** A small deterministic generator, so fault patterns repeat run to run. */
export function seededUnit(seed: number): () => number {
    let x = seed >>> 0;
    return () => {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        return x / 2 ** 32;
    };
}
