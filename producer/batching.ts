import type { TickerEvent } from "./events.js";

/** PutRecords limits (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html). */
export const MAX_RECORDS_PER_BATCH = 500;
/** The whole request, counting each record's data and partition key. */
export const MAX_BYTES_PER_BATCH = 5 * 1024 * 1024;
/** One record's data plus its partition key. */
export const MAX_BYTES_PER_RECORD = 1024 * 1024;

/**
 * One event as it goes on the stream (the KPL's "user record"): a generated
 * ticker event or one line of a file, with its partition key.
 */
export interface UserRecord {
    data: Buffer;
    partitionKey: string;
    /** The generated event that `data` serializes; absent for a line read from a file. */
    event?: TickerEvent;
}

/**
 * One PutRecords entry (a "Kinesis record"): a single user record as it is,
 * or several packed into one KPL aggregated record.
 */
export interface KinesisRecord {
    data: Uint8Array;
    partitionKey: string;
    /** The user records it carries, in order; their count is what the delivery accounting counts. */
    userRecords: UserRecord[];
    /** Bytes counted against the limits: data plus UTF-8 partition key. */
    size: number;
    /**
     * Aggregated records only: the shard the record was packed for. Every user
     * record inside hashes into it; a de-aggregating consumer skips those that
     * do not hash into the shard the record lands on.
     */
    shardId?: string;
}

/** Bytes a user record takes against the limits when sent alone. */
export function plainSize(record: UserRecord): number {
    return record.data.length + Buffer.byteLength(record.partitionKey, "utf8");
}

export function userRecordOf(event: TickerEvent, partitionKey: string): UserRecord {
    return { data: Buffer.from(JSON.stringify(event), "utf8"), partitionKey, event };
}

/** A user record sent as it is, as one Kinesis record. */
export function plainRecord(record: UserRecord): KinesisRecord {
    const size = plainSize(record);
    if (size > MAX_BYTES_PER_RECORD) {
        throw new RangeError(
            `record is ${size} bytes; a Kinesis record (data + partition key) is at most ${MAX_BYTES_PER_RECORD}`,
        );
    }
    return { data: record.data, partitionKey: record.partitionKey, userRecords: [record], size };
}

export interface BatchLimits {
    maxRecords: number;
    maxBytes: number;
}

export const PUT_RECORDS_LIMITS: BatchLimits = { maxRecords: MAX_RECORDS_PER_BATCH, maxBytes: MAX_BYTES_PER_BATCH };

/**
 * What the producer fills one PutRecords request with: user records go in,
 * Kinesis records come out (one each, or aggregated).
 */
export interface BatchAssembler {
    /** Adds the record; false when the request is full and the record must open the next one. */
    add(record: UserRecord): boolean;
    readonly isFull: boolean;
    /** The request's Kinesis records, in order; starts a new request. */
    take(): KinesisRecord[];
}

/** Collects Kinesis records into one PutRecords request without crossing its limits. */
export class BatchBuilder {
    private records: KinesisRecord[] = [];
    private bytes = 0;

    constructor(private readonly limits: BatchLimits = PUT_RECORDS_LIMITS) {}

    get count(): number {
        return this.records.length;
    }

    get size(): number {
        return this.bytes;
    }

    get isFull(): boolean {
        return this.records.length >= this.limits.maxRecords;
    }

    /** Whether `record` can join this batch; a record alone always fits (its own limit is checked when it is built). */
    fits(record: { size: number }): boolean {
        return this.fitsSize(record.size);
    }

    /** Whether one more record of `size` bytes can join this batch. */
    fitsSize(size: number, extraRecords = 1): boolean {
        if (this.records.length === 0) return true;
        return this.records.length + extraRecords <= this.limits.maxRecords && this.bytes + size <= this.limits.maxBytes;
    }

    add(record: KinesisRecord): void {
        if (!this.fits(record)) {
            throw new RangeError(
                `batch is full (${this.records.length} records, ${this.bytes} bytes); check fits() first`,
            );
        }
        this.records.push(record);
        this.bytes += record.size;
    }

    /** Returns the batch and starts a new one. */
    take(): KinesisRecord[] {
        const batch = this.records;
        this.records = [];
        this.bytes = 0;
        return batch;
    }
}

/** One user record per Kinesis record, as the producer sends without aggregation. */
export class PlainBatch implements BatchAssembler {
    private readonly builder: BatchBuilder;

    constructor(limits: BatchLimits = PUT_RECORDS_LIMITS) {
        this.builder = new BatchBuilder(limits);
    }

    add(record: UserRecord): boolean {
        const kinesisRecord = plainRecord(record);
        if (!this.builder.fits(kinesisRecord)) return false;
        this.builder.add(kinesisRecord);
        return true;
    }

    get isFull(): boolean {
        return this.builder.isFull;
    }

    take(): KinesisRecord[] {
        return this.builder.take();
    }
}

/** Splits Kinesis records into PutRecords-sized batches, in order. */
export function splitIntoBatches(records: Iterable<KinesisRecord>, limits: BatchLimits = PUT_RECORDS_LIMITS): KinesisRecord[][] {
    const batches: KinesisRecord[][] = [];
    const builder = new BatchBuilder(limits);
    for (const record of records) {
        if (!builder.fits(record)) batches.push(builder.take());
        builder.add(record);
    }
    if (builder.count > 0) batches.push(builder.take());
    return batches;
}
