import { deaggregateSync } from "aws-kinesis-agg/lib/kpl-deagg.js";
import { hashKeyOf } from "../../producer/index.js";

export interface ShardRangeText {
    StartingHashKey?: string;
    EndingHashKey?: string;
}

/**
 * The user records a KCL-style consumer (Flink's Kinesis connector) reads from
 * one Kinesis record on a shard: an aggregated record is split, checksum
 * checked, and only the user records whose key hashes into the shard are kept.
 * A plain record is one user record.
 */
export function userRecordsOn(record: { data: Uint8Array; partitionKey: string }, shard?: ShardRangeText): { partitionKey: string; data: string }[] {
    let userRecords: { partitionKey: string; data: string }[] = [];
    deaggregateSync({ data: Buffer.from(record.data).toString("base64"), partitionKey: record.partitionKey }, true, (error, records) => {
        if (error) throw error;
        userRecords = (records ?? []).map((r) => ({ partitionKey: r.partitionKey, data: Buffer.from(r.data, "base64").toString("utf8") }));
    });
    if (shard === undefined || !isAggregated(record.data)) return userRecords;
    const start = BigInt(shard.StartingHashKey!);
    const end = BigInt(shard.EndingHashKey!);
    return userRecords.filter((r) => {
        const hash = hashKeyOf(r.partitionKey);
        return start <= hash && hash <= end;
    });
}

const KPL_MAGIC = Buffer.from("f3899ac2", "hex");

export function isAggregated(data: Uint8Array): boolean {
    return Buffer.from(data).subarray(0, 4).equals(KPL_MAGIC);
}

/** Shards that split the 128-bit hash key space evenly, as CreateStream does. */
export function evenShards(count: number): { ShardId: string; HashKeyRange: Required<ShardRangeText> }[] {
    const space = 2n ** 128n;
    return Array.from({ length: count }, (_, i) => ({
        ShardId: `shardId-${String(i).padStart(12, "0")}`,
        HashKeyRange: {
            StartingHashKey: String((space * BigInt(i)) / BigInt(count)),
            EndingHashKey: String((space * BigInt(i + 1)) / BigInt(count) - 1n),
        },
    }));
}
