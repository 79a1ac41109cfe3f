/**
 * npm run bench:producer [-- --events N --rounds R --concurrency C --naive-events N --shards S]
 *
 * Three senders against one kinesalite, in one run:
 *   naive    - the seed's way: one awaited PutRecord per event, constant key;
 *   producer - produce() from producer/, as the CLI runs it;
 *   ceiling  - raw pre-built 500-record PutRecords, no logic: what the emulator takes at best.
 * Each round runs ceiling and producer back to back (the order alternating),
 * each on a fresh stream; the verdict uses the median of the per-round ratios,
 * so drift in the machine's load hits both sides of a ratio alike.
 * Exits 1 if the producer reaches less than 90 % of the ceiling.
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

const TARGET_RATIO = 0.9;

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

async function main() {
    const loadAtStart = os.loadavg()[0];
    const k = await startKinesalite();
    try {
        console.log(
            `Producer benchmark on kinesalite ${k.version} (in memory, own process), ${SHARDS} shards, ` +
                `Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)}`,
        );
        console.log(`${EVENTS} events per producer/ceiling run, ${ROUNDS} rounds each; concurrency ${CONCURRENCY}\n`);

        // Warm up both processes (JIT, sockets) so the first measured run is not the slowest.
        await onFreshStream(k, "warmup", (client, stream) => sendCeiling(client, stream, 5_000, CONCURRENCY));

        const naive = await onFreshStream(k, "naive", (client, stream) => sendNaive(client, stream, NAIVE_EVENTS));
        const ceiling: SenderRun[] = [];
        const producer: SenderRun[] = [];
        const runCeiling = (round: number) =>
            onFreshStream(k, `ceiling-${round}`, (client, stream) => sendCeiling(client, stream, EVENTS, CONCURRENCY));
        const runProducer = (round: number) =>
            onFreshStream(k, `producer-${round}`, async (_client, stream) => {
                // As the CLI runs it: produce() builds its own client from the endpoint.
                const summary = await produce({
                    streamName: stream,
                    endpoint: k.endpoint,
                    region: k.region,
                    credentials: { accessKeyId: k.accountId, secretAccessKey: "bench" },
                    count: EVENTS,
                    concurrency: CONCURRENCY,
                    seed: round,
                });
                if (summary.failed > 0 || summary.delivered !== EVENTS) {
                    throw new Error(`producer run ${round} lost events: ${JSON.stringify(summary)}`);
                }
                return { events: summary.delivered, elapsedMs: summary.elapsedMs };
            });
        for (let round = 1; round <= ROUNDS; round++) {
            // Alternate which goes first, so neither always runs on the warmer (or busier) side.
            if (round % 2 === 1) {
                ceiling.push(await runCeiling(round));
                producer.push(await runProducer(round));
            } else {
                producer.push(await runProducer(round));
                ceiling.push(await runCeiling(round));
            }
        }

        const rate = {
            naive: eventsPerSecond(naive),
            ceiling: median(ceiling.map(eventsPerSecond)),
            producer: median(producer.map(eventsPerSecond)),
        };
        const roundRatios = producer.map((p, i) => eventsPerSecond(p) / eventsPerSecond(ceiling[i]));
        const toCeiling = median(roundRatios);
        const toNaive = rate.producer / rate.naive;
        console.log(line(`naive: 1 awaited PutRecord per event (${NAIVE_EVENTS} events)`, [naive]));
        console.log(line(`producer: produce(), concurrency ${CONCURRENCY}`, producer));
        console.log(line(`ceiling: raw 500-record PutRecords, concurrency ${CONCURRENCY}`, ceiling));
        console.log();
        console.log(
            `producer / ceiling = ${(toCeiling * 100).toFixed(1)} %  (target >= ${TARGET_RATIO * 100} %; ` +
                `median of rounds ${roundRatios.map((r) => `${(r * 100).toFixed(0)} %`).join(", ")}; ` +
                `ratio of medians ${((rate.producer / rate.ceiling) * 100).toFixed(1)} %)`,
        );
        console.log(`producer / naive   = ${toNaive.toFixed(1)} x`);

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
            runs: { naive, ceiling, producer },
            ratios: { producerToCeiling: toCeiling, producerToCeilingByRound: roundRatios, producerToNaive: toNaive },
        };
        fs.writeFileSync(path.join(resultsDir, "producer.json"), JSON.stringify(result, null, 2) + "\n");
        if (toCeiling < TARGET_RATIO) {
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
