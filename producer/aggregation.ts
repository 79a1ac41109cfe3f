import { RecordAggregator } from "aws-kinesis-agg/lib/kpl-agg.js";
import {
    BatchBuilder,
    plainRecord,
    PUT_RECORDS_LIMITS,
    type BatchAssembler,
    type BatchLimits,
    type KinesisRecord,
    type UserRecord,
} from "./batching.js";
import type { ShardMap, ShardRange } from "./shard-map.js";

/**
 * The largest aggregated record the producer builds: the KPL's default
 * AggregationMaxSize (51,200 bytes). Well under the 1 MiB record limit, so a
 * failed record costs a retry of a few hundred events, not thousands, and a
 * shard's 1 MiB/s is filled smoothly. A user record too big to share one goes
 * alone, as it is, up to the 1 MiB limit.
 */
export const AGGREGATED_RECORD_MAX_BYTES = 51_200;

/** The KPL format wraps the protobuf message in a 4-byte magic number and a 16-byte MD5. */
const KPL_FRAME_BYTES = 4 + 16;

function varintSize(value: number): number {
    let bytes = 1;
    while (value >= 0x80) {
        value = Math.floor(value / 0x80);
        bytes++;
    }
    return bytes;
}

/**
 * Protobuf bytes a user record adds to an AggregatedRecord message
 * (https://github.com/awslabs/amazon-kinesis-producer/blob/master/aggregation-format.md):
 * its Record entry (key index, data) and, for a key new to the message, the
 * key's entry in the partition key table. Counted here in UTF-8 bytes; the
 * library's own estimate counts a key's characters.
 */
function protobufCost(record: UserRecord, keyIndex: number, newKey: boolean): number {
    const keyBytes = Buffer.byteLength(record.partitionKey, "utf8");
    const keyEntry = newKey ? 1 + varintSize(keyBytes) + keyBytes : 0;
    const inner = 1 + varintSize(keyIndex) + 1 + varintSize(record.data.length) + record.data.length;
    return keyEntry + 1 + varintSize(inner) + inner;
}

/** The user records bound for one shard, being packed into one aggregated record. */
class OpenAggregate {
    private readonly keyIndex = new Map<string, number>();
    readonly userRecords: UserRecord[] = [];
    private protobufBytes = 0;

    constructor(readonly shard: ShardRange) {}

    /** Kinesis bytes (data + outer partition key) of the aggregated record, with `record` added if given. */
    sizeWith(record?: UserRecord): number {
        const first = this.userRecords[0] ?? record;
        if (first === undefined) return 0;
        const protobuf = this.protobufBytes + (record === undefined ? 0 : this.cost(record));
        return KPL_FRAME_BYTES + protobuf + Buffer.byteLength(first.partitionKey, "utf8");
    }

    add(record: UserRecord): void {
        this.protobufBytes += this.cost(record);
        if (!this.keyIndex.has(record.partitionKey)) this.keyIndex.set(record.partitionKey, this.keyIndex.size);
        this.userRecords.push(record);
    }

    /** The Kinesis record: a lone user record as it is (no framing to pay for), several aggregated by the library. */
    seal(): KinesisRecord {
        if (this.userRecords.length === 1) return plainRecord(this.userRecords[0]);
        const aggregator = new RecordAggregator();
        for (const record of this.userRecords) aggregator.addUserRecord(record);
        const built = aggregator.build()!;
        // The size accounting above decided what fits in the request; it must be exact.
        if (built.data.length !== KPL_FRAME_BYTES + this.protobufBytes) {
            throw new Error(
                `aggregated record is ${built.data.length} bytes, the estimate was ${KPL_FRAME_BYTES + this.protobufBytes}`,
            );
        }
        return {
            data: built.data,
            partitionKey: built.partitionKey,
            userRecords: this.userRecords,
            size: built.data.length + Buffer.byteLength(built.partitionKey, "utf8"),
            shardId: this.shard.shardId,
        };
    }

    private cost(record: UserRecord): number {
        const index = this.keyIndex.get(record.partitionKey);
        return protobufCost(record, index ?? this.keyIndex.size, index === undefined);
    }
}

/**
 * Fills one PutRecords request with KPL aggregated records: user records are
 * packed per shard (in arrival order, so each shard still reads them in the
 * order they were produced), each aggregated record under the partition key
 * of its first user record, which hashes into that same shard. The shard
 * spread of the keys therefore stays exactly as without aggregation.
 */
export class AggregatedBatch implements BatchAssembler {
    private readonly sealed: BatchBuilder;
    private readonly open = new Map<string, OpenAggregate>();
    private openBytes = 0;

    constructor(
        private readonly shards: ShardMap,
        private readonly limits: BatchLimits = PUT_RECORDS_LIMITS,
        private readonly maxAggregateBytes = AGGREGATED_RECORD_MAX_BYTES,
    ) {
        this.sealed = new BatchBuilder(limits);
    }

    add(record: UserRecord): boolean {
        const shard = this.shards.shardFor(record.partitionKey);
        let group = this.open.get(shard.shardId);
        if (group !== undefined && group.sizeWith(record) > this.maxAggregateBytes) {
            this.seal(group);
            group = undefined;
        }
        const growth = group === undefined ? new OpenAggregate(shard).sizeWith(record) : group.sizeWith(record) - group.sizeWith();
        const records = this.sealed.count + this.open.size + (group === undefined ? 1 : 0);
        const empty = this.sealed.count === 0 && this.open.size === 0;
        if (!empty && (records > this.limits.maxRecords || this.sealed.size + this.openBytes + growth > this.limits.maxBytes)) {
            return false;
        }
        if (group === undefined) {
            group = new OpenAggregate(shard);
            this.open.set(shard.shardId, group);
        }
        group.add(record);
        this.openBytes += growth;
        return true;
    }

    get isFull(): boolean {
        return this.sealed.count + this.open.size >= this.limits.maxRecords;
    }

    take(): KinesisRecord[] {
        for (const group of [...this.open.values()]) this.seal(group);
        return this.sealed.take();
    }

    private seal(group: OpenAggregate): void {
        this.openBytes -= group.sizeWith();
        this.open.delete(group.shard.shardId);
        this.sealed.add(group.seal());
    }
}
