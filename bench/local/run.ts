/**
 * bench/local: the local pipeline's speed on this machine, in one run.
 *
 * 1. Throughput. A kinesis-local stream is filled first, then read twice from
 *    TRIM_HORIZON: by a bare GetRecords loop (the baseline: the emulator's read
 *    ceiling, no Flink) and by flink-src/main.py. The job's rate counts from its
 *    first shard read to the commit of the last closed window. (kinesalite would
 *    fill faster, but the connector's AWS SDK v1 cannot parse its GetRecords
 *    responses: JsonEOFException "Unexpected end-of-input in VALUE_STRING".)
 * 2. Parsing cost. The job over a file source, against the same window and sink
 *    over Flink's own json format, in alternating rounds in one JVM
 *    (job_vs_json_format.py): events per second, JVM CPU per event, and the ratio.
 * 3. Latency. A normal `npm run local` run on kinesis-local: for each window, the
 *    time from the delivery of the event that closed it to its committed file,
 *    compared with the checkpoint interval that bounds it.
 *
 * The backlog figures (events lost as late, before and after per-shard watermarks)
 * are bench/local/backlog.ts: npm run bench:backlog.
 *
 * usage: npm run bench:local [-- --events 10000 --file-events 1000000 --rounds 3]
 */
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { createStream, emulatorClient, startKinesisLocal } from "../../local/kinesis-emulator.js";
import { bucketFolders } from "../../local/bucket-folders.js";
import { readCommittedWindows } from "../../local/committed-output.js";
import { expectedWindows, windowKey } from "../../local/expected-windows.js";
import { startFlinkJob } from "../../local/flink-job.js";
import { writeLocalJobProperties } from "../../local/job-properties-file.js";
import { parseLocalCommandLine } from "../../local/cli-options.js";
import { tickerLocalJob } from "../../local/local-job.js";
import { VENV_PYTHON } from "../../local/paths.js";
import { runTickerJob } from "../../local/local-run.js";
import { ensurePythonAndConnector } from "../../local/setup.js";
import { humanLines, StageReporter } from "../../local/stage-reporter.js";
import { abortOnStopSignals } from "../../local/stop-signals.js";
import { produce, type TickerEvent } from "../../producer/index.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const CHECKPOINT_SECONDS = 2;
const log = (line: string) => process.stderr.write(`${line}\n`);
/** Ctrl-C stops the bench between steps, and every `finally` below stops what it started. */
const stop = new AbortController();
abortOnStopSignals(stop, (signal) => log(`interrupted (${signal}): stopping the job and the emulator`));

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            events: { type: "string", default: "10000" },
            "file-events": { type: "string", default: "1000000" },
            rounds: { type: "string", default: "3" },
        },
    });
    const events = Number(values.events);
    const fileEvents = Number(values["file-events"]);
    const rounds = Number(values.rounds);
    if (!Number.isSafeInteger(events) || events < 5_000) throw new Error(`--events '${values.events}': must be a whole number of at least 5000`);
    if (!Number.isSafeInteger(fileEvents) || fileEvents < 100_000) throw new Error(`--file-events '${values["file-events"]}': must be a whole number of at least 100000`);
    if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`--rounds '${values.rounds}': must be a whole number of at least 1`);
    await ensurePythonAndConnector(log);

    const parsing = compareWithJsonFormat(fileEvents, rounds);
    const throughput = await measureThroughput(events);
    const latency = await measureLatency();

    const cores = os.cpus().length;
    console.log(`\nbench/local on ${cores} cores (${os.cpus()[0]?.model ?? "unknown CPU"})`);
    console.log(`throughput, ${events} events on kinesis-local, 1 shard (filled at ${Math.round(throughput.fillPerSecond)} events/s):`);
    console.log(`  baseline: bare GetRecords loop   ${Math.round(throughput.baselinePerSecond)} events/s`);
    console.log(`  flink-src/main.py (PyFlink 1.20) ${Math.round(throughput.jobPerSecond)} events/s  (first read to last commit: ${throughput.jobSeconds.toFixed(1)} s)`);
    console.log(`  ratio job / baseline             ${(throughput.jobPerSecond / throughput.baselinePerSecond).toFixed(2)}`);
    console.log(parsing.trimEnd());
    console.log(`latency, window close -> committed file, ${latency.length} windows on kinesis-local (checkpoint every ${CHECKPOINT_SECONDS} s):`);
    const sorted = [...latency].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
    console.log(`  median ${pct(0.5).toFixed(2)} s, p90 ${pct(0.9).toFixed(2)} s, max ${pct(1).toFixed(2)} s`);
    console.log(`  ratio median / checkpoint interval ${(pct(0.5) / CHECKPOINT_SECONDS).toFixed(2)}`);
}

/** job_vs_json_format.py's summary: the job and Flink's json format over the same file, alternating rounds. */
function compareWithJsonFormat(events: number, rounds: number): string {
    log(`the job vs Flink's json format over a file of ${events} events, ${rounds} alternating rounds`);
    const script = path.join(__dirname, "job_vs_json_format.py");
    const run = spawnSync(VENV_PYTHON, [script, "--events", String(events), "--rounds", String(rounds)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, JAVA_HOME: process.env.JAVA_HOME ?? "/usr/lib/jvm/java-17-openjdk-amd64" },
    });
    if (run.status !== 0) throw new Error(`job_vs_json_format.py failed (exit ${run.status}); its output:\n${run.stdout}`);
    log(run.stdout.trimEnd());
    return run.stdout.slice(run.stdout.indexOf("\nthe job vs") + 1);
}

async function measureThroughput(count: number) {
    const emulator = await startKinesisLocal({ logLevel: "WARN" });
    const client = emulatorClient(emulator);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-local-"));
    let failed = true;
    try {
        const streamArn = await createStream(client, "bench-events", 1);
        // Ten events per ticker-second of event time keeps the windows full.
        const spanSeconds = Math.ceil(count / 50);
        log(`filling ${streamArn} with ${count} events over ${spanSeconds} s of event time`);
        const delivered: TickerEvent[] = [];
        const produced = await produce({
            streamArn,
            endpoint: emulator.endpoint,
            credentials: { accessKeyId: emulator.accountId, secretAccessKey: "bench" },
            count,
            seed: 1,
            concurrency: 1,
            eventTime: { mode: "simulated", start: new Date("2026-11-25T12:00:00Z"), spanSeconds },
            signal: stop.signal,
            onDelivered: (e) => delivered.push(...e),
        });
        if (stop.signal.aborted) throw new Error("interrupted");
        if (produced.delivered !== count) throw new Error(`filled only ${produced.delivered} of ${count} events: ${produced.fatalError ?? JSON.stringify(produced.errors)}`);

        const baselineSeconds = await readWholeShard(client, "bench-events", count);
        log(`baseline read ${count} events in ${baselineSeconds.toFixed(2)} s`);

        const expected = expectedWindows(delivered, 60, 5);
        const wanted = new Set(expected.closed.map(windowKey));
        const closedEvents = expected.closed.reduce((n, w) => n + w.eventCount, 0);
        const outDir = path.join(work, "bucket");
        const propertiesFile = path.join(work, "application_properties.json");
        writeLocalJobProperties(propertiesFile, {
            job: tickerLocalJob({ windowSeconds: 60, watermarkDelaySeconds: 5 }).descriptor,
            streamArn,
            region: emulator.region,
            endpoint: emulator.endpoint,
            outDir,
        });
        const job = startFlinkJob({ propertiesFile, workDir: work, accessKeyId: emulator.accountId, region: emulator.region, checkpointInterval: `${CHECKPOINT_SECONDS} s` });
        try {
            const firstRead = await waitFor(() => firstShardReadAt(path.join(work, "flink-logs")), 180, "the job to start reading");
            log(`job reading since ${new Date(firstRead).toISOString()}`);
            const lastCommit = await waitFor(
                () => {
                    const got = new Set(readCommittedWindows(bucketFolders(outDir).results).map(windowKey));
                    return [...wanted].every((k) => got.has(k)) ? Date.now() : undefined;
                },
                Number(process.env.BENCH_COMMIT_TIMEOUT ?? 600),
                `${wanted.size} windows to be committed`,
            );
            const jobSeconds = (lastCommit - firstRead) / 1000;
            failed = false;
            return { fillPerSecond: produced.eventsPerSecond, baselinePerSecond: count / baselineSeconds, jobPerSecond: closedEvents / jobSeconds, jobSeconds };
        } finally {
            await job.stop();
        }
    } finally {
        client.destroy();
        await emulator.stop();
        if (failed) log(`kept ${work} for inspection`);
        else fs.rmSync(work, { recursive: true, force: true });
    }
}

/** Seconds a bare client needs to read `count` records from TRIM_HORIZON. */
async function readWholeShard(client: KinesisClient, streamName: string, count: number): Promise<number> {
    const started = performance.now();
    const shards = (await client.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? [];
    let read = 0;
    for (const shard of shards) {
        let iterator = (
            await client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))
        ).ShardIterator;
        while (iterator && read < count) {
            const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
            read += page.Records?.length ?? 0;
            if ((page.Records?.length ?? 0) === 0) break;
            iterator = page.NextShardIterator;
        }
    }
    if (read !== count) throw new Error(`baseline read ${read} of ${count} records`);
    return (performance.now() - started) / 1000;
}

/** When the connector logged that it starts consuming a shard (Flink's log line carries the time). */
function firstShardReadAt(logDir: string): number | undefined {
    if (!fs.existsSync(logDir)) return undefined;
    for (const file of fs.readdirSync(logDir)) {
        const text = fs.readFileSync(path.join(logDir, file), "utf8");
        const match = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*will start consuming seeded shard/m.exec(text);
        // Log4j writes local time, as Date.parse reads a zone-less ISO date-time.
        if (match) return Date.parse(match[1].replace(" ", "T").replace(",", "."));
    }
    return undefined;
}

async function waitFor(probe: () => number | undefined, seconds: number, what: string): Promise<number> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        if (stop.signal.aborted) throw new Error(`interrupted while waiting for ${what}`);
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

async function measureLatency(): Promise<number[]> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-latency-"));
    try {
        const { options } = parseLocalCommandLine(["--windows", "5", "--count", "5000", "--seed", "3", "--out", path.join(work, "bucket")]);
        const result = await runTickerJob({ ...options, workDir: work, chartFile: undefined, signal: stop.signal }, new StageReporter(humanLines(log)));
        if (result.mismatches.length > 0) throw new Error(`latency run produced wrong windows: ${result.mismatches.slice(0, 3).join("; ")}`);
        return result.commitLatenciesMs;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().catch((error: unknown) => {
    process.stderr.write(`bench/local failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(stop.signal.aborted ? 130 : 1);
});
