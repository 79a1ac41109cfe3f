import type { TickerEvent } from "./events.js";

/** PutRecords limits (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html). */
export const MAX_RECORDS_PER_BATCH = 500;
/** The whole request, counting each record's data and partition key. */
export const MAX_BYTES_PER_BATCH = 5 * 1024 * 1024;
/** One record's data plus its partition key. */
export const MAX_BYTES_PER_RECORD = 1024 * 1024;

/** A record ready to send, with the event it came from (for `onDelivered`). */
export interface OutgoingRecord {
    event: TickerEvent;
    data: Uint8Array;
    partitionKey: string;
    /** Bytes counted against the limits: data plus UTF-8 partition key. */
    size: number;
}

export function toOutgoingRecord(event: TickerEvent, partitionKey: string): OutgoingRecord {
    const data = Buffer.from(JSON.stringify(event), "utf8");
    const size = data.length + Buffer.byteLength(partitionKey, "utf8");
    if (size > MAX_BYTES_PER_RECORD) {
        throw new RangeError(
            `record for ticker ${JSON.stringify(event.ticker)} is ${size} bytes; a Kinesis record (data + partition key) is at most ${MAX_BYTES_PER_RECORD}`,
        );
    }
    return { event, data, partitionKey, size };
}

export interface BatchLimits {
    maxRecords: number;
    maxBytes: number;
}

export const PUT_RECORDS_LIMITS: BatchLimits = { maxRecords: MAX_RECORDS_PER_BATCH, maxBytes: MAX_BYTES_PER_BATCH };

/** Collects records into one PutRecords request without crossing its limits. */
export class BatchBuilder {
    private records: OutgoingRecord[] = [];
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
    fits(record: OutgoingRecord): boolean {
        if (this.records.length === 0) return true;
        return this.records.length < this.limits.maxRecords && this.bytes + record.size <= this.limits.maxBytes;
    }

    add(record: OutgoingRecord): void {
        if (!this.fits(record)) {
            throw new RangeError(
                `batch is full (${this.records.length} records, ${this.bytes} bytes); check fits() first`,
            );
        }
        this.records.push(record);
        this.bytes += record.size;
    }

    /** Returns the batch and starts a new one. */
    take(): OutgoingRecord[] {
        const batch = this.records;
        this.records = [];
        this.bytes = 0;
        return batch;
    }
}

/** Splits records into PutRecords-sized batches, in order. */
export function splitIntoBatches(records: Iterable<OutgoingRecord>, limits: BatchLimits = PUT_RECORDS_LIMITS): OutgoingRecord[][] {
    const batches: OutgoingRecord[][] = [];
    const builder = new BatchBuilder(limits);
    for (const record of records) {
        if (!builder.fits(record)) batches.push(builder.take());
        builder.add(record);
    }
    if (builder.count > 0) batches.push(builder.take());
    return batches;
}
