/**
 * How many shards a write rate needs. A shard takes 1,000 records/s and
 * 1 MiB/s of data plus partition keys
 * (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html),
 * so a stream needs enough shards for whichever limit binds first.
 */
export const SHARD_RECORDS_PER_SECOND = 1000;
export const SHARD_BYTES_PER_SECOND = 1024 * 1024;

/** The rate the benchmark sizes a stream for. */
export const TARGET_EVENTS_PER_SECOND = 10_000;

export interface ShardNeed {
    /** Shards the records/s limit asks for. */
    forRecords: number;
    /** Shards the bytes/s limit asks for. */
    forBytes: number;
    shards: number;
}

/**
 * @param eventsPerRecord events one Kinesis record carries (1 without aggregation)
 * @param bytesPerEvent Kinesis bytes (data + partition key, aggregation framing included) per event
 */
export function shardsNeeded(eventsPerSecond: number, eventsPerRecord: number, bytesPerEvent: number): ShardNeed {
    const forRecords = Math.ceil(eventsPerSecond / eventsPerRecord / SHARD_RECORDS_PER_SECOND);
    const forBytes = Math.ceil((eventsPerSecond * bytesPerEvent) / SHARD_BYTES_PER_SECOND);
    return { forRecords, forBytes, shards: Math.max(forRecords, forBytes, 1) };
}
