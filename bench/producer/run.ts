/**
 * npm run bench:producer [-- --events N --rounds R --concurrency C --naive-events N --shards S]
 *
 * Four senders against one kinesalite, in one run:
 *   naive      - the seed's way: one awaited PutRecord per event, constant key;
 *   producer   - produce() from producer/, as the CLI runs it;
 *   aggregated - the same with aggregate: true (KPL records packed per shard);
 *   ceiling    - raw pre-built 500-record PutRecords, no logic: what the emulator takes at best.
 * Each round runs ceiling, producer and aggregated back to back (the order
 * rotating), each on a fresh stream; the verdict uses the median of the
 * per-round ratios, so drift in the machine's load hits both sides of a ratio
 * alike. For producer and aggregated it also reports Kinesis records/s, events
 * per record and the shards each would need at 10,000 events/s.
 * Exits 1 if the producer reaches less than 90 % of the ceiling, or aggregation
 * packs fewer than 50 ticker events per record.
 */
import { DeleteStreamCommand, DescribeStreamSummaryCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { createStream } from "../../local/kinesis-emulator.js";
import { createKinesisClient, DEFAULT_CONCURRENCY, produce } from "../../producer/index.js";
import { startKinesalite, type Kinesalite } from "./kinesalite.js";
import { eventsPerSecond, sendCeiling, sendNaive, type SenderRun } from "./senders.js";
import { shardsNeeded, TARGET_EVENTS_PER_SECOND } from "./shard-need.js";

const TARGET_RATIO = 0.9;
const TARGET_EVENTS_PER_RECORD = 50;

/** A produce() run, with what it put on the stream. */
interface ProducerRun extends SenderRun {
    kinesisRecords: number;
    bytes: number;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function whole(name: string, raw: string | undefined, fallback: number): number {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
        console.error(`bench:producer: --${name} ${JSON.stringify(raw)}: must be a whole number of at least 1`);
        process.exit(2);
    }
    return Number(raw);
}

const { values: flags } = parseArgs({
    options: {
        events: { type: "string" },
        rounds: { type: "string" },
        concurrency: { type: "string" },
        "naive-events": { type: "string" },
        shards: { type: "string" },
    },
});
const EVENTS = whole("events", flags.events, 20_000);
const ROUNDS = whole("rounds", flags.rounds, 5);
const CONCURRENCY = whole("concurrency", flags.concurrency, DEFAULT_CONCURRENCY);
const NAIVE_EVENTS = whole("naive-events", flags["naive-events"], 1_000);
const SHARDS = whole("shards", flags.shards, 4);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Each run gets a fresh client and stream, so no run inherits idle sockets or a fuller stream. */
async function onFreshStream<T>(k: Kinesalite, name: string, run: (client: KinesisClient, stream: string) => Promise<T>) {
    const client = createKinesisClient({
        endpoint: k.endpoint,
        region: k.region,
        credentials: { accessKeyId: k.accountId, secretAccessKey: "bench" },
        maxSockets: CONCURRENCY,
    });
    try {
        await createStream(client, name, SHARDS);
        const result = await run(client, name);
        // Dropping the data keeps later runs from writing into a bigger store.
        await client.send(new DeleteStreamCommand({ StreamName: name }));
        for (;;) {
            try {
                await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
            } catch {
                break;
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return result;
    } finally {
        client.destroy();
    }
}

function line(label: string, runs: SenderRun[]): string {
    const rates = runs.map(eventsPerSecond);
    const each = runs.length > 1 ? `  (runs: ${rates.map((r) => Math.round(r)).join(", ")})` : "";
    return `${label.padEnd(58)} ${String(Math.round(median(rates))).padStart(7)} events/s${each}`;
}

/** One produce() run as the CLI runs it: produce() builds its own client from the endpoint. */
function runProducer(k: Kinesalite, name: string, seed: number, aggregate: boolean): Promise<ProducerRun> {
    return onFreshStream(k, name, async (_client, stream) => {
        const summary = await produce({
            streamName: stream,
            endpoint: k.endpoint,
            region: k.region,
            credentials: { accessKeyId: k.accountId, secretAccessKey: "bench" },
            count: EVENTS,
            concurrency: CONCURRENCY,
            seed,
            aggregate,
        });
        if (summary.failed > 0 || summary.unknown > 0 || summary.delivered !== EVENTS) {
            throw new Error(`${name} lost events: ${JSON.stringify(summary)}`);
        }
        return { events: summary.delivered, elapsedMs: summary.elapsedMs, kinesisRecords: summary.kinesisRecords, bytes: summary.bytesDelivered };
    });
}

/** ROUNDS rounds of ceiling, producer and aggregated runs, the order rotating so none always runs first. */
async function alternatingRounds(k: Kinesalite) {
    const ceiling: SenderRun[] = [];
    const producer: ProducerRun[] = [];
    const aggregated: ProducerRun[] = [];
    const runs = [
        (round: number) => onFreshStream(k, `ceiling-${round}`, (client, stream) => sendCeiling(client, stream, EVENTS, CONCURRENCY)).then((r) => ceiling.push(r)),
        (round: number) => runProducer(k, `producer-${round}`, round, false).then((r) => producer.push(r)),
        (round: number) => runProducer(k, `aggregated-${round}`, round, true).then((r) => aggregated.push(r)),
    ];
    for (let round = 1; round <= ROUNDS; round++) {
        for (let i = 0; i < runs.length; i++) await runs[(round + i) % runs.length](round);
    }
    return { ceiling, producer, aggregated };
}

/** Medians over the runs of records/s, events/s, events per record and bytes per event, and the shards that implies. */
function recordFigures(runs: ProducerRun[]) {
    const eventsPerRecord = median(runs.map((r) => r.events / r.kinesisRecords));
    const bytesPerEvent = median(runs.map((r) => r.bytes / r.events));
    return {
        recordsPerSecond: median(runs.map((r) => (r.kinesisRecords * 1000) / r.elapsedMs)),
        eventsPerSecond: median(runs.map(eventsPerSecond)),
        eventsPerRecord,
        bytesPerEvent,
        need: shardsNeeded(TARGET_EVENTS_PER_SECOND, eventsPerRecord, bytesPerEvent),
    };
}

async function main() {
    const loadAtStart = os.loadavg()[0];
    const k = await startKinesalite();
    try {
        console.log(
            `Producer benchmark on kinesalite ${k.version} (in memory, own process), ${SHARDS} shards, ` +
                `Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)}`,
        );
        console.log(`${EVENTS} events per producer, aggregated and ceiling run, ${ROUNDS} rounds each; concurrency ${CONCURRENCY}\n`);

        // Warm up both processes (JIT, sockets) so the first measured run is not the slowest.
        await onFreshStream(k, "warmup", (client, stream) => sendCeiling(client, stream, 5_000, CONCURRENCY));

        const naive = await onFreshStream(k, "naive", (client, stream) => sendNaive(client, stream, NAIVE_EVENTS));
        const { ceiling, producer, aggregated } = await alternatingRounds(k);

        const rate = {
            naive: eventsPerSecond(naive),
            ceiling: median(ceiling.map(eventsPerSecond)),
            producer: median(producer.map(eventsPerSecond)),
            aggregated: median(aggregated.map(eventsPerSecond)),
        };
        const roundRatios = producer.map((p, i) => eventsPerSecond(p) / eventsPerSecond(ceiling[i]));
        const toCeiling = median(roundRatios);
        const toNaive = rate.producer / rate.naive;
        console.log(line(`naive: 1 awaited PutRecord per event (${NAIVE_EVENTS} events)`, [naive]));
        console.log(line(`producer: produce(), concurrency ${CONCURRENCY}`, producer));
        console.log(line(`aggregated: produce({ aggregate: true }), concurrency ${CONCURRENCY}`, aggregated));
        console.log(line(`ceiling: raw 500-record PutRecords, concurrency ${CONCURRENCY}`, ceiling));
        console.log();
        console.log(
            `producer / ceiling = ${(toCeiling * 100).toFixed(1)} %  (target >= ${TARGET_RATIO * 100} %; ` +
                `median of rounds ${roundRatios.map((r) => `${(r * 100).toFixed(0)} %`).join(", ")}; ` +
                `ratio of medians ${((rate.producer / rate.ceiling) * 100).toFixed(1)} %)`,
        );
        console.log(`producer / naive   = ${toNaive.toFixed(1)} x`);
        console.log();
        const perRecord = { producer: recordFigures(producer), aggregated: recordFigures(aggregated) };
        console.log(`Kinesis records, and shards needed at ${TARGET_EVENTS_PER_SECOND} events/s (1,000 records/s and 1 MiB/s per shard):`);
        for (const [label, f] of Object.entries(perRecord)) {
            console.log(
                `${label.padEnd(11)} ${String(Math.round(f.recordsPerSecond)).padStart(7)} records/s  ` +
                    `${String(Math.round(f.eventsPerSecond)).padStart(7)} events/s  ${f.eventsPerRecord.toFixed(1).padStart(7)} events/record  ` +
                    `${f.bytesPerEvent.toFixed(1)} bytes/event  -> ${f.need.shards} shards (records ${f.need.forRecords}, bytes ${f.need.forBytes})`,
            );
        }
        console.log(`aggregated events per record = ${perRecord.aggregated.eventsPerRecord.toFixed(1)}  (target >= ${TARGET_EVENTS_PER_RECORD})`);

        const resultsDir = path.join(__dirname, "..", "results");
        fs.mkdirSync(resultsDir, { recursive: true });
        const result = {
            emulator: `kinesalite ${k.version}`,
            at: new Date().toISOString(),
            loadAverageAtStart: loadAtStart,
            node: process.version,
            cpus: os.cpus().length,
            shards: SHARDS,
            concurrency: CONCURRENCY,
            eventsPerSecond: rate,
            kinesisRecords: perRecord,
            runs: { naive, ceiling, producer, aggregated },
            ratios: { producerToCeiling: toCeiling, producerToCeilingByRound: roundRatios, producerToNaive: toNaive },
        };
        fs.writeFileSync(path.join(resultsDir, "producer.json"), JSON.stringify(result, null, 2) + "\n");
        if (toCeiling < TARGET_RATIO || perRecord.aggregated.eventsPerRecord < TARGET_EVENTS_PER_RECORD) {
            console.log("BELOW TARGET");
            process.exitCode = 1;
        }
    } finally {
        await k.stop();
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
