import { expect } from "chai";
import {
    AGGREGATED_RECORD_MAX_BYTES,
    AggregatedBatch,
    DEFAULT_TICKERS,
    EventGenerator,
    MAX_BYTES_PER_BATCH,
    MAX_BYTES_PER_RECORD,
    MAX_RECORDS_PER_BATCH,
    ShardMap,
    hashKeyOf,
    produce,
    simulatedClock,
    userRecordOf,
    type KinesisRecord,
    type UserRecord,
} from "../../producer/index.js";
import { evenShards, isAggregated, userRecordsOn } from "./deaggregate.js";
import { FakeKinesis } from "./fake-kinesis.js";

const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };
/** Every event its own millisecond, so a record's data identifies it. */
const DISTINCT_TIMES = { mode: "simulated", start: new Date("2026-11-25T12:00:00Z"), spanSeconds: 3600 } as const;

function shardMap(count: number): ShardMap {
    return new ShardMap(
        evenShards(count).map((s) => ({
            shardId: s.ShardId,
            startingHashKey: BigInt(s.HashKeyRange.StartingHashKey),
            endingHashKey: BigInt(s.HashKeyRange.EndingHashKey),
        })),
    );
}

function tickerRecords(n: number, seed = 1): UserRecord[] {
    const generator = new EventGenerator({
        seed,
        tickers: DEFAULT_TICKERS,
        timeFormat: "iso",
        clock: simulatedClock(new Date("2026-11-25T12:00:00Z"), 600, n),
    });
    return Array.from({ length: n }, () => {
        const event = generator.next();
        return userRecordOf(event, event.ticker);
    });
}

/** Fills batches until every record is in one, as the producer's run does. */
function assemble(records: UserRecord[], shards: ShardMap): KinesisRecord[][] {
    const batches: KinesisRecord[][] = [];
    let batch = new AggregatedBatch(shards);
    for (const record of records) {
        if (!batch.add(record)) {
            batches.push(batch.take());
            batch = new AggregatedBatch(shards);
            expect(batch.add(record), "an empty batch takes any record").to.equal(true);
        }
    }
    batches.push(batch.take());
    return batches;
}

function shardRangeOf(shards: ShardMap, shardId: string) {
    return evenShards(shards.size).find((s) => s.ShardId === shardId)!.HashKeyRange;
}

describe("producer KPL aggregation", () => {
    it("packs each shard's events in order, and a de-aggregating consumer reads back every event exactly once", () => {
        const shards = shardMap(4);
        const input = tickerRecords(20_000);
        const batches = assemble(input, shards);

        const readBack = new Map<string, string[]>();
        for (const record of batches.flat()) {
            const landsOn = shards.shardFor(record.partitionKey).shardId;
            expect(record.shardId ?? landsOn, "the record's key routes it to the shard it was packed for").to.equal(landsOn);
            const events = userRecordsOn(record, shardRangeOf(shards, landsOn)).map((r) => r.data);
            readBack.set(landsOn, [...(readBack.get(landsOn) ?? []), ...events]);
        }
        // Per shard, exactly the events whose ticker hashes there, in the order they were produced.
        for (const [shardId, events] of readBack) {
            const expected = input.filter((r) => shards.shardFor(r.partitionKey).shardId === shardId).map((r) => r.data.toString());
            expect(events, shardId).to.deep.equal(expected);
        }
        expect([...readBack.values()].flat()).to.have.length(input.length);
    });

    it("keeps each aggregated record within 51,200 bytes and carries far more than 50 ticker events in it", () => {
        const batches = assemble(tickerRecords(20_000), shardMap(2));
        const records = batches.flat();
        for (const record of records) {
            expect(isAggregated(record.data)).to.equal(true);
            expect(record.size).to.be.at.most(AGGREGATED_RECORD_MAX_BYTES);
            expect(record.size).to.equal(record.data.length + Buffer.byteLength(record.partitionKey));
        }
        expect(20_000 / records.length).to.be.at.least(50);
    });

    it("respects the PutRecords limits: 500 records and 5 MiB per request", () => {
        // 40 KiB events over 600 shards: the 5 MiB limit binds first; small events over 600 shards hit 500 records.
        const big = Array.from({ length: 400 }, (_, i) => ({ data: Buffer.alloc(40 * 1024, 97), partitionKey: `k${i}` }));
        const small = Array.from({ length: 3000 }, (_, i) => ({ data: Buffer.from(`{"n":${i}}`), partitionKey: `k${i}` }));
        for (const input of [big, small]) {
            const batches = assemble(input, shardMap(600));
            for (const batch of batches) {
                expect(batch.length).to.be.within(1, MAX_RECORDS_PER_BATCH);
                expect(batch.reduce((sum, r) => sum + r.size, 0)).to.be.at.most(MAX_BYTES_PER_BATCH);
            }
            expect(batches.flat().flatMap((r) => r.userRecords)).to.have.length(input.length);
        }
        expect(assemble(small, shardMap(600)).some((b) => b.length === MAX_RECORDS_PER_BATCH)).to.equal(true);
    });

    it("sends a user record too big to share a record alone and as it is, up to the 1 MiB limit", () => {
        const near = { data: Buffer.alloc(MAX_BYTES_PER_RECORD - 10, 98), partitionKey: "AAPL" };
        const [record] = assemble([near], shardMap(1)).flat();
        expect(isAggregated(record.data)).to.equal(false);
        expect(record.size).to.equal(MAX_BYTES_PER_RECORD - 6);
        expect(record.userRecords).to.deep.equal([near]);
    });

    it("sizes records exactly with multi-byte partition keys", () => {
        const input = Array.from({ length: 5000 }, (_, i) => ({ data: Buffer.from(`{"i":${i}}`), partitionKey: `ключ-${i % 300}-ü` }));
        // The run would throw if an aggregated record came out another size than accounted for.
        const records = assemble(input, shardMap(3)).flat();
        expect(records.flatMap((r) => r.userRecords)).to.have.length(5000);
    });

    it("routes records by the MD5 of their key, as Kinesis does", () => {
        const shards = shardMap(4);
        for (const key of DEFAULT_TICKERS) {
            const hash = hashKeyOf(key);
            const shard = shards.shardFor(key);
            expect(shard.startingHashKey <= hash && hash <= shard.endingHashKey, key).to.equal(true);
        }
    });

    describe("in a run", () => {
        let fake: FakeKinesis | undefined;
        afterEach(() => fake?.restore());

        it("delivers every event once through aggregated records, and reports events per record", async () => {
            fake = new FakeKinesis({ shards: 3 });
            const delivered: string[] = [];
            const summary = await produce({
                streamName: "fake", client: fake.client, count: 12_000, seed: 8, aggregate: true, eventTime: DISTINCT_TIMES,
                onDelivered: (events) => delivered.push(...events.map((e) => JSON.stringify(e))),
            });
            expect(summary).to.include({ generated: 12_000, delivered: 12_000, failed: 0, unknown: 0, aggregated: true });
            expect(summary.kinesisRecords).to.equal(fake.written.length);
            expect(summary.eventsPerRecord).to.equal(12_000 / fake.written.length).and.at.least(50);
            const onShards = [...fake.eventsOnShards().values()].flat();
            expect(onShards.slice().sort()).to.deep.equal(delivered.slice().sort());
            expect(new Set(onShards).size).to.equal(12_000);
        });

        it("counts every event of an aggregated record that the stream refused as failed", async () => {
            // Every record keyed MSFT (aggregated records take their first event's key) is refused, always.
            fake = new FakeKinesis({ shards: 2, entryFault: (_call, _data, key) => (key === "MSFT" ? "InternalFailure" : undefined) });
            const delivered: string[] = [];
            const summary = await produce({
                streamName: "fake", client: fake.client, count: 5000, seed: 8, aggregate: true, retry: { ...FAST_RETRY, maxAttempts: 2 },
                onDelivered: (events) => delivered.push(...events.map((e) => JSON.stringify(e))),
            });
            const onShards = [...fake.eventsOnShards().values()].flat();
            expect(summary.failed).to.be.greaterThan(0);
            expect(summary.delivered).to.equal(onShards.length);
            expect(summary.failed).to.equal(5000 - onShards.length);
            expect(summary.generated).to.equal(summary.delivered + summary.failed + summary.unknown);
            expect(onShards.slice().sort()).to.deep.equal(delivered.slice().sort());
        });

        it("stops and counts the events unknown when a record lands on a shard it was not packed for", async () => {
            fake = new FakeKinesis({ shards: 2, landOn: (call) => (call === 1 ? "shardId-000000000099" : undefined) });
            const summary = await produce({ streamName: "fake", client: fake.client, count: 200_000, seed: 8, aggregate: true, concurrency: 1 });
            expect(summary.stoppedBy).to.equal("error");
            expect(summary.fatalError).to.contain("resharded");
            expect(summary.unknown).to.be.greaterThan(0);
            expect(summary.errors.LandedOnAnotherShard).to.equal(summary.unknown);
            expect(summary.generated).to.equal(summary.delivered + summary.failed + summary.unknown);
            expect(summary.generated).to.be.lessThan(200_000);
        });

        it("reports a stream whose shards cannot be listed before sending anything", async () => {
            fake = new FakeKinesis();
            fake.stub.rejects(Object.assign(new Error("not allowed"), { name: "AccessDeniedException" }));
            const summary = await produce({ streamName: "fake", client: fake.client, count: 10, aggregate: true });
            expect(summary).to.include({ generated: 0, delivered: 0, stoppedBy: "error" });
            expect(summary.fatalError).to.contain("kinesis:ListShards").and.contain("AccessDeniedException");
        });
    });
});
