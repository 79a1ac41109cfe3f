import * as fs from "node:fs";
import * as path from "node:path";
import { kinesisConnector } from "../contract/index.js";
import { createStream, emulatorClient, startKinesisLocal, type KinesisEmulator } from "./kinesis-emulator.js";
import { formatStatusLine, produce, type ProduceSummary, type TickerEvent } from "../producer/index.js";
import { sleep } from "../producer/sleep.js";
import { runNamedQueries, type QueryResult } from "./athena-on-duckdb.js";
import { bucketFolders } from "./bucket-folders.js";
import { readCommittedWindows, readRejected, type CommittedWindow, type RejectedRecord } from "./committed-output.js";
import { expectedWindows, eventTimeMillis, windowKey, type ExpectedWindows } from "./expected-windows.js";
import { startFlinkJob, type FlinkJobProcess } from "./flink-job.js";
import { writeLocalJobProperties } from "./job-properties-file.js";
import { KinesisActivity } from "./kinesis-activity.js";
import { compareRejected, malformedRecords, putMalformedRecords, type MalformedRecord } from "./malformed-records.js";
import { prepareOutputDir } from "./output-dir.js";
import { writePriceChart } from "./price-chart.js";
import { ensurePythonAndConnector } from "./setup.js";
import { StageReporter, type StageTiming } from "./stage-reporter.js";
import { simulatedSpanSeconds, type LocalPipelineOptions } from "./options.js";

/** What one local run produced and measured. */
export interface LocalRunResult {
    streamArn: string;
    outDir: string;
    chartFile?: string;
    propertiesFile: string;
    produced: ProduceSummary;
    /** Exactly the events Kinesis accepted, in delivery order. */
    delivered: TickerEvent[];
    expected: ExpectedWindows;
    committed: CommittedWindow[];
    /** Every difference between expected and committed windows or rejects; empty when the run is correct. */
    mismatches: string[];
    /** Sent ahead of the events; each must come back rejected, with its reason. */
    malformed: MalformedRecord[];
    rejected: RejectedRecord[];
    /** Kinesis actions the Flink connector called while it was the emulator's only client. */
    connectorActions: string[];
    queries: QueryResult[];
    stages: StageTiming[];
    /** Per window: ms from the delivery of the event that closed it to its committed file. */
    commitLatenciesMs: number[];
}

export class StageTimeoutError extends Error {}

/** What the IAM policy grants the job in polling mode, as the emulator logs action names. */
export const CONNECTOR_POLLING_ACTIONS = kinesisConnector.actions.polling.stream.map((a) => a.replace(/^kinesis:/, "")).sort();

const STREAM_NAME = "ticker-events";
const POLL_MS = 200;

export async function runLocalPipeline(opts: LocalPipelineOptions, reporter = new StageReporter()): Promise<LocalRunResult> {
    const cleanups: (() => Promise<void>)[] = [];
    const abort = () => {
        if (opts.signal?.aborted) throw new Error(`interrupted during stage '${reporter.stage}'`);
    };
    try {
        // 1. Setup
        reporter.begin("setup", "Python venv with PyFlink, and the Kinesis connector jar");
        await ensurePythonAndConnector((line) => reporter.note(line));
        prepareOutputDir(opts.outDir);
        const folders = bucketFolders(opts.outDir);
        fs.mkdirSync(opts.workDir, { recursive: true });
        reporter.ready("venv and jar in place");
        abort();

        // 2. Stream
        // kinesis-mock binds every interface; the run only ever talks to it on 127.0.0.1.
        reporter.begin("stream", `kinesis-local on free ports, stream ${STREAM_NAME} with ${opts.shards} shard(s)`);
        const activity = new KinesisActivity();
        const emulatorLog = fs.createWriteStream(path.join(opts.workDir, "kinesis-local.log"));
        const emulator: KinesisEmulator = await startKinesisLocal({
            region: opts.region,
            logLevel: "DEBUG",
            onLog: (line) => {
                activity.observe(line);
                emulatorLog.write(`${line}\n`);
            },
        });
        cleanups.push(async () => {
            await emulator.stop();
            emulatorLog.end();
        });
        const client = emulatorClient(emulator);
        cleanups.push(async () => client.destroy());
        const streamArn = await createStream(client, STREAM_NAME, opts.shards);
        reporter.ready(`${emulator.endpoint} (pid ${emulator.pid}), ${streamArn}`);
        abort();

        // 3. Job
        reporter.begin("job", "flink-src/main.py on a local Flink mini-cluster");
        const propertiesFile = path.join(opts.workDir, "application_properties.json");
        writeLocalJobProperties(propertiesFile, {
            streamArn,
            region: emulator.region,
            endpoint: emulator.endpoint,
            outDir: opts.outDir,
            windowSeconds: opts.windowSeconds,
            watermarkDelaySeconds: opts.watermarkDelaySeconds,
        });
        activity.startRecording();
        const job = startFlinkJob({ propertiesFile, workDir: opts.workDir, accessKeyId: emulator.accountId, region: emulator.region });
        cleanups.push(() => job.stop());
        await untilJobPolls(job, activity, opts, reporter);
        reporter.ready(`pid ${job.pid}, polling ${STREAM_NAME} from TRIM_HORIZON, log ${path.relative(process.cwd(), job.logFile)}`);
        abort();

        // 4. Data
        const spanSeconds = simulatedSpanSeconds(opts);
        reporter.begin(
            "data",
            `${opts.count} events over ${spanSeconds} s of simulated event time from ${opts.start.toISOString()} (${opts.timeFormat} timestamps)`,
        );
        const connectorActions = activity.stopRecording();
        const malformed = malformedRecords(opts.start);
        await putMalformedRecords(client, streamArn, malformed);
        reporter.note(`sent ${malformed.length} malformed records first, one per reject reason`);
        const delivered: TickerEvent[] = [];
        const closingTimes = new ClosingTimes();
        const commitWatch = new CommitWatch(folders.results);
        commitWatch.start();
        cleanups.push(async () => commitWatch.stop());
        const produced = await produce({
            streamArn,
            endpoint: emulator.endpoint,
            region: emulator.region,
            credentials: { accessKeyId: emulator.accountId, secretAccessKey: "local-secret" },
            count: opts.count,
            seed: opts.seed,
            // One batch in flight keeps the stream in event-time order, so the simulated
            // clock's fast pace never makes events late.
            concurrency: 1,
            partitionKey: "ticker",
            eventTime: { mode: "simulated", start: opts.start, spanSeconds },
            timeFormat: opts.timeFormat,
            signal: opts.signal,
            onProgress: (p) => reporter.note(formatStatusLine(p)),
            onDelivered: (events) => {
                delivered.push(...events);
                closingTimes.record(events, Date.now());
            },
        });
        abort();
        if (produced.delivered !== produced.generated) {
            throw new Error(`producer delivered ${produced.delivered} of ${produced.generated} events (failed ${produced.failed})`);
        }
        reporter.ready(`delivered ${produced.delivered} events at ${Math.round(produced.eventsPerSecond)} events/s, seed ${produced.seed}`);

        // 5. Wait
        const expected = expectedWindows(delivered, opts.windowSeconds, opts.watermarkDelaySeconds);
        reporter.begin(
            "wait",
            `for ${expected.closed.length} closed windows and ${malformed.length} rejected records to be committed under ${opts.outDir}`,
        );
        await untilCommitted(expected, malformed.length, commitWatch, folders.rejected, job, opts, reporter);
        const committed = readCommittedWindows(folders.results);
        const rejected = readRejected(folders.rejected);
        const mismatches = [
            ...windowsClosedProblems(expected, opts.windows),
            ...compareWindows(expected, committed),
            ...compareRejected(malformed, rejected),
        ];
        const commitLatenciesMs = expected.closed
            .map((w) => commitWatch.firstSeen(windowKey(w)) - closingTimes.closedAt(w.windowEndMs - 1 + opts.watermarkDelaySeconds * 1000))
            .filter((ms) => Number.isFinite(ms));
        reporter.ready(
            `${committed.length} windows and ${rejected.length} rejects committed, ` +
                `${mismatches.length === 0 ? "all as sent" : `${mismatches.length} MISMATCHES`}; ` +
                `${expected.open.reduce((n, w) => n + w.eventCount, 0)} events wait in ${expected.open.length} open windows`,
        );
        abort();

        // 6. Query
        reporter.begin("query", "the Athena named queries on DuckDB over the committed files");
        const queries = await runNamedQueries(folders, {
            database: opts.database,
            table: opts.table,
            rejectedTable: opts.rejectedTable,
            ticker: opts.chartTicker,
        });
        reporter.ready(`${queries.length} queries, ${queries.map((q) => `${q.query.id}: ${q.rows.length} rows`).join(", ")}`);

        // 7. Chart
        let chartFile: string | undefined;
        if (opts.chartFile) {
            reporter.begin("chart", "average price per ticker and window");
            await writePriceChart(committed, opts.chartFile);
            chartFile = opts.chartFile;
            reporter.ready(path.relative(process.cwd(), opts.chartFile));
        }

        return {
            streamArn,
            outDir: opts.outDir,
            chartFile,
            propertiesFile,
            produced,
            delivered,
            expected,
            committed,
            mismatches,
            malformed,
            rejected,
            connectorActions,
            queries,
            stages: reporter.timings,
            commitLatenciesMs,
        };
    } finally {
        // 8. Shutdown
        reporter.begin("shutdown", "stopping every process this run started");
        for (const cleanup of cleanups.reverse()) {
            await cleanup().catch((error: unknown) => reporter.note(`cleanup failed: ${String(error)}`));
        }
        reporter.ready("all stopped");
    }
}

async function untilJobPolls(job: FlinkJobProcess, activity: KinesisActivity, opts: LocalPipelineOptions, reporter: StageReporter) {
    // The connector calls GetRecords once it has listed the shards and got iterators.
    const polling = activity.next("GetRecords").then(() => "polling" as const);
    const exited = job.exited.then((code) => ({ code }));
    const interrupted = aborted(opts.signal);
    const outcome = await Promise.race([polling, exited, deadline(opts.timeoutSeconds), interrupted]);
    if (outcome === "polling") return;
    if (outcome === "interrupted") throw new Error(`interrupted during stage '${reporter.stage}'`);
    if (outcome === "timeout") {
        throw new StageTimeoutError(
            `stage '${reporter.stage}' did not finish in ${opts.timeoutSeconds} s: the job never called GetRecords. Last job output:\n${job.logTail()}`,
        );
    }
    throw new Error(`stage '${reporter.stage}' failed: the job exited with code ${outcome.code}. Last output:\n${job.logTail()}`);
}

async function untilCommitted(
    expected: ExpectedWindows,
    rejectsWanted: number,
    watch: CommitWatch,
    rejectedDir: string,
    job: FlinkJobProcess,
    opts: LocalPipelineOptions,
    reporter: StageReporter,
) {
    const wanted = expected.closed.map(windowKey);
    const started = Date.now();
    let lastReport = 0;
    for (;;) {
        watch.refresh();
        const missing = wanted.filter((key) => !watch.has(key));
        const rejects = readRejected(rejectedDir).length;
        if (missing.length === 0 && rejects >= rejectsWanted) return;
        if (opts.signal?.aborted) throw new Error(`interrupted during stage '${reporter.stage}'`);
        const elapsed = (Date.now() - started) / 1000;
        if (elapsed > opts.timeoutSeconds) {
            throw new StageTimeoutError(
                `stage '${reporter.stage}' did not finish in ${opts.timeoutSeconds} s: ${wanted.length - missing.length} of ${wanted.length} ` +
                    `windows and ${rejects} of ${rejectsWanted} rejected records committed` +
                    `${missing.length > 0 ? `; missing e.g. ${missing.slice(0, 3).join(", ")}` : ""}. Last job output:\n${job.logTail()}`,
            );
        }
        if (elapsed - lastReport >= 5) {
            lastReport = elapsed;
            reporter.note(`${wanted.length - missing.length} of ${wanted.length} windows, ${rejects} of ${rejectsWanted} rejects committed`);
        }
        const exited = await Promise.race([job.exited.then(() => true), sleep(POLL_MS, opts.signal).then(() => false)]);
        if (exited) throw new Error(`stage '${reporter.stage}' failed: the job exited. Last output:\n${job.logTail()}`);
    }
}

/** A run that closed fewer windows than asked has checked less than it claims. */
export function windowsClosedProblems(expected: ExpectedWindows, windowsWanted: number): string[] {
    const closed = new Set(expected.closed.map((w) => w.windowStartMs)).size;
    return closed >= windowsWanted ? [] : [`only ${closed} of ${windowsWanted} windows closed: the delivered events end too early`];
}

/** Every difference between the windows the events imply and those the job committed. */
export function compareWindows(expected: ExpectedWindows, committed: readonly CommittedWindow[]): string[] {
    const problems: string[] = [];
    const byKey = new Map<string, CommittedWindow[]>();
    for (const w of committed) byKey.set(windowKey(w), [...(byKey.get(windowKey(w)) ?? []), w]);
    const open = new Set(expected.open.map(windowKey));
    for (const want of expected.closed) {
        const key = windowKey(want);
        const got = byKey.get(key) ?? [];
        byKey.delete(key);
        if (got.length === 0) {
            problems.push(`${key}: missing (lost ${want.eventCount} events)`);
            continue;
        }
        if (got.length > 1) problems.push(`${key}: written ${got.length} times (duplicated)`);
        const w = got[0];
        if (w.eventCount !== want.eventCount) problems.push(`${key}: event_count ${w.eventCount}, expected ${want.eventCount}`);
        if (w.minPrice !== want.minPrice) problems.push(`${key}: min_price ${w.minPrice}, expected ${want.minPrice}`);
        if (w.maxPrice !== want.maxPrice) problems.push(`${key}: max_price ${w.maxPrice}, expected ${want.maxPrice}`);
        if (Math.abs(w.avgPrice - want.avgPrice) > 1e-9 * Math.abs(want.avgPrice)) {
            problems.push(`${key}: avg_price ${w.avgPrice}, expected ${want.avgPrice}`);
        }
        if (w.windowEndMs !== want.windowEndMs) problems.push(`${key}: window_end ${new Date(w.windowEndMs).toISOString()}`);
    }
    for (const key of byKey.keys()) {
        if (!open.has(key)) problems.push(`${key}: committed but no delivered event belongs to it`);
        else problems.push(`${key}: committed although the watermark has not passed it`);
    }
    return problems;
}

/** When (wall clock) the stream first held an event at or past each event time. */
class ClosingTimes {
    private readonly marks: { eventMs: number; at: number }[] = [];
    private maxEventMs = -Infinity;

    record(events: readonly TickerEvent[], at: number): void {
        for (const e of events) this.maxEventMs = Math.max(this.maxEventMs, eventTimeMillis(e.event_time));
        this.marks.push({ eventMs: this.maxEventMs, at });
    }

    /** The delivery time of the first event with event time >= eventMs. */
    closedAt(eventMs: number): number {
        return this.marks.find((m) => m.eventMs >= eventMs)?.at ?? NaN;
    }
}

/** Polls the output folder and remembers when each window's committed file first appeared. */
class CommitWatch {
    private readonly seenAt = new Map<string, number>();
    private timer: NodeJS.Timeout | undefined;

    constructor(private readonly resultsDir: string) {}

    start(): void {
        this.timer = setInterval(() => this.refresh(), POLL_MS);
    }

    stop(): void {
        clearInterval(this.timer);
    }

    has(key: string): boolean {
        return this.seenAt.has(key);
    }

    firstSeen(key: string): number {
        return this.seenAt.get(key) ?? NaN;
    }

    /** Reads the folder once and records windows seen for the first time. */
    refresh(): void {
        const now = Date.now();
        for (const w of readCommittedWindows(this.resultsDir)) {
            const key = windowKey(w);
            if (!this.seenAt.has(key)) this.seenAt.set(key, now);
        }
    }
}

function aborted(signal: AbortSignal | undefined): Promise<"interrupted"> {
    return new Promise((resolve) => {
        if (signal?.aborted) resolve("interrupted");
        signal?.addEventListener("abort", () => resolve("interrupted"), { once: true });
    });
}

function deadline(seconds: number): Promise<"timeout"> {
    return new Promise((resolve) => setTimeout(() => resolve("timeout"), seconds * 1000).unref());
}

