import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { expect } from "chai";
import { createHash } from "node:crypto";
import { createStream, emulatorClient, startKinesisLocal, type KinesisEmulator } from "../../local/kinesis-emulator.js";
import { DEFAULT_TICKERS, produce, type ProduceOptions, type TickerEvent } from "../../producer/index.js";
import { isAggregated, userRecordsOn } from "./deaggregate.js";
import { listShards, readAllRecords } from "./stream-reader.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PYTHON_ISOFORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/;

function assertSchema(data: string, timeFormat: RegExp): TickerEvent {
    const event = JSON.parse(data) as TickerEvent;
    expect(Object.keys(event).sort()).to.deep.equal(["event_time", "price", "ticker"]);
    expect(event.event_time).to.match(timeFormat);
    expect(Number.isNaN(Date.parse(event.event_time))).to.equal(false);
    expect(DEFAULT_TICKERS).to.include(event.ticker);
    expect(event.price).to.be.a("number").greaterThan(0);
    expect(Math.round(event.price * 100) / 100).to.equal(event.price);
    return event;
}

/** The shard whose hash-key range holds MD5(partition key), as Kinesis routes records. */
function shardFor(partitionKey: string, shards: { ShardId?: string; HashKeyRange?: { StartingHashKey?: string; EndingHashKey?: string } }[]) {
    const hash = BigInt("0x" + createHash("md5").update(partitionKey, "utf8").digest("hex"));
    return shards.find(
        (s) => BigInt(s.HashKeyRange!.StartingHashKey!) <= hash && hash <= BigInt(s.HashKeyRange!.EndingHashKey!),
    )?.ShardId;
}

describe("producer against kinesis-local", function () {
    let emulator: KinesisEmulator;
    let client: KinesisClient;
    let streams = 0;
    const newStream = async (shards: number) => {
        const name = `producer-test-${++streams}`;
        return { name, arn: await createStream(client, name, shards) };
    };
    const start = new Date("2026-11-25T12:00:00Z");

    before(async () => {
        emulator = await startKinesisLocal({ region: "eu-west-1", accountId: "123456789012" });
        client = emulatorClient(emulator);
    });
    after(async () => {
        client?.destroy();
        await emulator?.stop();
    });

    it("puts N events on the stream and N come back, each matching the schema", async () => {
        const { name } = await newStream(2);
        const delivered: TickerEvent[] = [];
        const summary = await produce({
            streamName: name,
            endpoint: emulator.endpoint,
            region: emulator.region,
            credentials: { accessKeyId: emulator.accountId, secretAccessKey: "local" },
            count: 1500,
            onDelivered: (events) => delivered.push(...events),
        });
        expect(summary).to.include({ generated: 1500, delivered: 1500, failed: 0 });

        const records = await readAllRecords(client, name);
        expect(records).to.have.length(1500);
        records.forEach((r) => assertSchema(r.data, ISO_UTC));
        // onDelivered hands over exactly what is on the stream, down to the bytes.
        expect(records.map((r) => r.data)).to.have.members(delivered.map((e) => JSON.stringify(e)));
    });

    it("writes to a stream given by ARN, in the seed's time format", async () => {
        const { name, arn } = await newStream(1);
        expect(arn).to.equal(`arn:aws:kinesis:eu-west-1:123456789012:stream/${name}`);
        const summary = await produce({ streamArn: arn, client, count: 700, timeFormat: "seed" });
        expect(summary).to.include({ stream: arn, delivered: 700, failed: 0 });
        const records = await readAllRecords(client, name);
        expect(records).to.have.length(700);
        records.forEach((r) => assertSchema(r.data, PYTHON_ISOFORMAT));
    });

    it("repeats a seeded run exactly, and another seed differs", async () => {
        const run = async (seed: number) => {
            const { name } = await newStream(2);
            const options: ProduceOptions = {
                streamName: name,
                client,
                count: 1000,
                seed,
                partitionKey: "random",
                eventTime: { mode: "simulated", start, spanSeconds: 300 },
            };
            await produce(options);
            return (await readAllRecords(client, name)).map((r) => `${r.shardId} ${r.partitionKey} ${r.data}`).sort();
        };
        const first = await run(42);
        expect(first).to.have.length(1000);
        expect(await run(42)).to.deep.equal(first);
        expect(await run(43)).to.not.deep.equal(first);
    });

    it("spreads random partition keys over every shard", async () => {
        const { name } = await newStream(4);
        await produce({ streamName: name, client, count: 1000, seed: 1, partitionKey: "random" });
        const records = await readAllRecords(client, name);
        expect(records).to.have.length(1000);
        expect(new Set(records.map((r) => r.partitionKey)).size).to.equal(1000);
        const perShard = new Map<string, number>();
        for (const r of records) perShard.set(r.shardId, (perShard.get(r.shardId) ?? 0) + 1);
        expect(perShard.size).to.equal(4);
        for (const n of perShard.values()) expect(n).to.be.within(150, 350);
    });

    it("keys by ticker: each ticker on the shard its hash picks, tickers over several shards", async () => {
        const { name } = await newStream(4);
        await produce({ streamName: name, client, count: 1000, seed: 2 });
        const shards = await listShards(client, name);
        const records = await readAllRecords(client, name);
        expect(records).to.have.length(1000);
        for (const r of records) {
            const event = JSON.parse(r.data) as TickerEvent;
            expect(r.partitionKey).to.equal(event.ticker);
            expect(r.shardId, event.ticker).to.equal(shardFor(event.ticker, shards));
        }
        const expectedShards = new Set(DEFAULT_TICKERS.map((t) => shardFor(t, shards)));
        expect(expectedShards.size).to.be.greaterThan(1);
        expect(new Set(records.map((r) => r.shardId))).to.deep.equal(expectedShards);
    });

    it("with aggregation, packs events per shard: each comes back once, on its ticker's shard, in order, many per record", async () => {
        const { name } = await newStream(4);
        const delivered: TickerEvent[] = [];
        const summary = await produce({
            streamName: name,
            client,
            count: 6000,
            seed: 3,
            aggregate: true,
            eventTime: { mode: "simulated", start, spanSeconds: 600 },
            onDelivered: (events) => delivered.push(...events),
        });
        expect(summary).to.include({ delivered: 6000, failed: 0, unknown: 0, aggregated: true });

        const shards = await listShards(client, name);
        const records = await readAllRecords(client, name);
        expect(records).to.have.length(summary.kinesisRecords);
        expect(records.every((r) => isAggregated(r.bytes))).to.equal(true);
        expect(6000 / records.length).to.be.at.least(50);
        const readBack: { shardId: string; event: TickerEvent }[] = records.flatMap((r) =>
            userRecordsOn({ data: r.bytes, partitionKey: r.partitionKey }, shards.find((s) => s.ShardId === r.shardId)!.HashKeyRange).map(
                (u) => ({ shardId: r.shardId, event: JSON.parse(u.data) as TickerEvent }),
            ),
        );
        // Every event once, each on the shard its ticker hashes to, as without aggregation.
        expect(readBack.map((r) => JSON.stringify(r.event)).sort()).to.deep.equal(delivered.map((e) => JSON.stringify(e)).sort());
        for (const { shardId, event } of readBack) expect(shardId, event.ticker).to.equal(shardFor(event.ticker, shards));
        // Each shard reads its events in the order they were produced.
        for (const shard of shards) {
            const times = readBack.filter((r) => r.shardId === shard.ShardId).map((r) => Date.parse(r.event.event_time));
            expect(times, shard.ShardId).to.deep.equal([...times].sort((a, b) => a - b));
        }
    });
});
