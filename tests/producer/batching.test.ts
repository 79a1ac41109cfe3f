import { expect } from "chai";
import {
    BatchBuilder,
    MAX_BYTES_PER_BATCH,
    MAX_BYTES_PER_RECORD,
    MAX_RECORDS_PER_BATCH,
    plainRecord,
    splitIntoBatches,
    userRecordOf,
    type KinesisRecord,
    type TickerEvent,
} from "../../producer/index.js";

const outgoing = (event: TickerEvent, partitionKey: string) => plainRecord(userRecordOf(event, partitionKey));

function record(i: number, tickerBytes: number): KinesisRecord {
    // A long ticker makes a large record without breaking the event shape.
    const event = { event_time: "2026-11-25T12:00:00.000Z", ticker: "T".repeat(tickerBytes) + i, price: 1 };
    return outgoing(event, `key-${i}`);
}

/** A record whose data is exactly `dataBytes` long, under `partitionKey`. */
function recordOfSize(dataBytes: number, partitionKey: string): KinesisRecord {
    const empty = JSON.stringify({ event_time: "2026-11-25T12:00:00.000Z", ticker: "", price: 1 }).length;
    const event = { event_time: "2026-11-25T12:00:00.000Z", ticker: "T".repeat(dataBytes - empty), price: 1 };
    const r = outgoing(event, partitionKey);
    expect(r.data.length).to.equal(dataBytes);
    return r;
}

const sizes = (batches: KinesisRecord[][]) => batches.map((b) => b.reduce((sum, r) => sum + r.size, 0));

function check(batches: KinesisRecord[][], input: KinesisRecord[]) {
    for (const batch of batches) {
        expect(batch.length).to.be.within(1, MAX_RECORDS_PER_BATCH);
        expect(batch.reduce((sum, r) => sum + r.size, 0)).to.be.at.most(MAX_BYTES_PER_BATCH);
    }
    expect(batches.flat()).to.deep.equal(input);
}

describe("producer batching", () => {
    it("puts at most 500 small records in a batch, in order", () => {
        const input = Array.from({ length: 1234 }, (_, i) => record(i, 4));
        const batches = splitIntoBatches(input);
        check(batches, input);
        expect(batches.map((b) => b.length)).to.deep.equal([500, 500, 234]);
    });

    it("closes a batch before it passes 5 MiB", () => {
        // ~100 KiB records: 5 MiB is reached long before 500 records.
        const input = Array.from({ length: 120 }, (_, i) => record(i, 100 * 1024 + (i % 7) * 1000));
        const batches = splitIntoBatches(input);
        check(batches, input);
        expect(batches.length).to.be.greaterThan(2);
        // Each closed batch was full: the next record would not have fitted.
        batches.slice(0, -1).forEach((b, i) => {
            const size = b.reduce((sum, r) => sum + r.size, 0);
            expect(size + batches[i + 1][0].size).to.be.greaterThan(MAX_BYTES_PER_BATCH);
        });
    });

    it("fills a batch to exactly 5 MiB, and not a byte more", () => {
        // Five records of exactly 1 MiB each (data plus an 8-byte key), then a tiny one.
        const full = Array.from({ length: 5 }, (_, i) => recordOfSize(MAX_BYTES_PER_RECORD - 8, `key-000${i}`));
        const input = [...full, recordOfSize(100, "k")];
        const batches = splitIntoBatches(input);
        check(batches, input);
        expect(batches.map((b) => b.length)).to.deep.equal([5, 1]);
        expect(sizes(batches)[0]).to.equal(MAX_BYTES_PER_BATCH);
    });

    it("counts partition keys towards the 5 MiB: data that fits alone does not fit with its keys", () => {
        // Six records whose data totals 2 bytes under 5 MiB; their 1-byte keys take it 4 bytes over.
        const dataBytes = Math.floor(MAX_BYTES_PER_BATCH / 6);
        const input = Array.from({ length: 6 }, (_, i) => recordOfSize(dataBytes, String(i)));
        expect(6 * dataBytes).to.be.at.most(MAX_BYTES_PER_BATCH);
        expect(6 * (dataBytes + 1)).to.be.greaterThan(MAX_BYTES_PER_BATCH);
        const batches = splitIntoBatches(input);
        check(batches, input);
        expect(batches.map((b) => b.length)).to.deep.equal([5, 1]);
    });

    it("counts the partition key towards the size", () => {
        const event = { event_time: "t", ticker: "AAPL", price: 1.5 };
        const r = outgoing(event, "ключ");
        expect(r.size).to.equal(Buffer.byteLength(JSON.stringify(event)) + Buffer.byteLength("ключ"));
        expect(Buffer.from(r.data).toString()).to.equal(JSON.stringify(event));
        expect(r.userRecords.map((u) => u.event)).to.deep.equal([event]);
    });

    it("refuses a record over 1 MiB and a record that does not fit", () => {
        expect(() => record(0, MAX_BYTES_PER_RECORD)).to.throw(RangeError, /at most 1048576/);
        const builder = new BatchBuilder({ maxRecords: 2, maxBytes: MAX_BYTES_PER_BATCH });
        builder.add(record(1, 1));
        builder.add(record(2, 1));
        expect(builder.isFull).to.equal(true);
        expect(() => builder.add(record(3, 1))).to.throw(RangeError, /batch is full/);
    });
});
