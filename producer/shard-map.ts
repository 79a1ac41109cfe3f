import { ListShardsCommand, type KinesisClient, type Shard } from "@aws-sdk/client-kinesis";
import { createHash } from "node:crypto";
import type { StreamTarget } from "./sender.js";

/** An open shard and the range of 128-bit hash keys it takes. */
export interface ShardRange {
    shardId: string;
    startingHashKey: bigint;
    endingHashKey: bigint;
}

/** How Kinesis routes a record: the MD5 of its partition key, read as an unsigned 128-bit integer. */
export function hashKeyOf(partitionKey: string): bigint {
    return BigInt("0x" + createHash("md5").update(partitionKey, "utf8").digest("hex"));
}

/** Partition keys remembered, so a ticker key is hashed once; random keys are not worth keeping. */
const CACHED_KEYS = 10_000;

/**
 * Which open shard each partition key goes to. Aggregation needs it: a
 * de-aggregating consumer (the KCL's, which Flink's Kinesis connector uses)
 * keeps only the user records whose own key hashes into the shard the
 * aggregated record landed on, so records are packed per shard, as the KPL does.
 */
export class ShardMap {
    private readonly shards: ShardRange[];
    private readonly cache = new Map<string, ShardRange>();

    constructor(shards: ShardRange[]) {
        if (shards.length === 0) throw new RangeError("a shard map needs at least one open shard");
        this.shards = [...shards].sort((a, b) => (a.startingHashKey < b.startingHashKey ? -1 : 1));
    }

    get size(): number {
        return this.shards.length;
    }

    shardFor(partitionKey: string): ShardRange {
        const cached = this.cache.get(partitionKey);
        if (cached !== undefined) return cached;
        const hash = hashKeyOf(partitionKey);
        // The open shards' ranges cover the whole key space without overlap: the last one starting at or below the hash.
        let low = 0;
        let high = this.shards.length - 1;
        while (low < high) {
            const middle = Math.ceil((low + high) / 2);
            if (this.shards[middle].startingHashKey <= hash) low = middle;
            else high = middle - 1;
        }
        const shard = this.shards[low];
        if (this.cache.size >= CACHED_KEYS) this.cache.clear();
        this.cache.set(partitionKey, shard);
        return shard;
    }

    /** The stream's open shards, from ListShards (the producer then also needs kinesis:ListShards). */
    static async load(client: KinesisClient, target: StreamTarget): Promise<ShardMap> {
        const shards: Shard[] = [];
        let nextToken: string | undefined;
        do {
            const page = await client.send(
                new ListShardsCommand(
                    nextToken !== undefined
                        ? { NextToken: nextToken }
                        : { StreamName: target.streamName, StreamARN: target.streamArn },
                ),
            );
            shards.push(...(page.Shards ?? []));
            nextToken = page.NextToken;
        } while (nextToken);
        // A closed shard (split or merged away) has an ending sequence number and takes no new records.
        const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
        return new ShardMap(
            open.map((s) => ({
                shardId: s.ShardId!,
                startingHashKey: BigInt(s.HashKeyRange!.StartingHashKey!),
                endingHashKey: BigInt(s.HashKeyRange!.EndingHashKey!),
            })),
        );
    }
}
