import type { KinesisClient } from "@aws-sdk/client-kinesis";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatStatusLine, produce, type ProduceSummary, type TickerEvent } from "../producer/index.js";
import { queryCatalog, type CatalogAnswers } from "./athena-on-duckdb.js";
import { bucketFolders, tableFolder } from "./bucket-folders.js";
import { LOCAL_SECRET_ACCESS_KEY } from "./client-environment.js";
import { ClosingTimes, COMMIT_POLL_MS, CommitWatch } from "./commit-watch.js";
import { committedFilesBelow, readCommittedWindows, readRejected, type CommittedWindow, type RejectedRecord } from "./committed-output.js";
import { expectedWindows, windowKey, type ExpectedWindows } from "./expected-windows.js";
import { startFlinkJob, type FlinkJobProcess } from "./flink-job.js";
import { writeLocalJobProperties } from "./job-properties-file.js";
import { KinesisActivity } from "./kinesis-activity.js";
import { createStream, emulatorClient, startKinesisLocal, type KinesisEmulator } from "./kinesis-emulator.js";
import type { LocalJob } from "./local-job.js";
import { malformedRecords, putMalformedRecords, type MalformedRecord } from "./malformed-records.js";
import { prepareOutputDir } from "./output-dir.js";
import { writePriceChart } from "./price-chart.js";
import { LOCAL_RUN_DEFAULTS, simulatedSpanSeconds, type LocalRunOptions } from "./run-options.js";
import { ensurePythonAndConnector } from "./setup.js";
import type { StageReporter } from "./stage-reporter.js";
import { pollWhileJobRuns, StageTimeoutError, untilJobPolls } from "./stage-waits.js";

/**
 * The stages of a local run, one function each, in the order local-run.ts calls
 * them. Each begins its stage on the reporter, reports it ready with its details,
 * and registers what it started in `cleanups`, which the run's shutdown stops in
 * reverse order whatever happens.
 */
export interface RunContext {
    opts: LocalRunOptions;
    job: LocalJob;
    reporter: StageReporter;
    cleanups: (() => Promise<void>)[];
}

/** Throws once the run was interrupted, naming the stage it stopped in. */
export function stopIfInterrupted(ctx: RunContext): void {
    if (ctx.opts.signal?.aborted) throw new Error(`interrupted during stage '${ctx.reporter.stage}'`);
}

const stageName = (ctx: RunContext) => `stage '${ctx.reporter.stage}'`;

export async function setupStage(ctx: RunContext): Promise<void> {
    ctx.reporter.begin("setup", "Python venv with PyFlink, and the Kinesis connector jar");
    await ensurePythonAndConnector((line) => ctx.reporter.note(line), ctx.job.dir);
    prepareOutputDir(ctx.opts.outDir, ctx.job.descriptor.tables);
    fs.mkdirSync(ctx.opts.workDir, { recursive: true });
    ctx.reporter.ready("venv and jar in place", { outDir: ctx.opts.outDir, workDir: ctx.opts.workDir });
}

export interface EmulatorStage {
    emulator: KinesisEmulator;
    client: KinesisClient;
    /** What the emulator logs of each call, so the run sees the connector's Kinesis actions. */
    activity: KinesisActivity;
}

export async function emulatorStage(ctx: RunContext): Promise<EmulatorStage> {
    // kinesis-mock binds every interface; the run only ever talks to it on 127.0.0.1.
    ctx.reporter.begin("emulator", "kinesis-local on free ports");
    const activity = new KinesisActivity();
    const logFile = path.join(ctx.opts.workDir, "kinesis-local.log");
    const emulatorLog = fs.createWriteStream(logFile);
    const emulator = await startKinesisLocal({
        region: ctx.opts.region,
        logLevel: "DEBUG",
        onLog: (line) => {
            activity.observe(line);
            emulatorLog.write(`${line}\n`);
        },
    });
    ctx.cleanups.push(async () => {
        await emulator.stop();
        emulatorLog.end();
    });
    const client = emulatorClient(emulator);
    ctx.cleanups.push(async () => client.destroy());
    ctx.reporter.ready(`${emulator.endpoint} (pid ${emulator.pid})`, { pid: emulator.pid, endpoint: emulator.endpoint, region: emulator.region, log: logFile });
    return { emulator, client, activity };
}

export async function streamStage(ctx: RunContext, client: KinesisClient): Promise<string> {
    ctx.reporter.begin("stream", `stream ${ctx.job.streamName} with ${ctx.opts.shards} shard(s)`);
    const streamArn = await createStream(client, ctx.job.streamName, ctx.opts.shards);
    ctx.reporter.ready(streamArn, { streamName: ctx.job.streamName, streamArn, shards: ctx.opts.shards });
    return streamArn;
}

export interface JobStage {
    job: FlinkJobProcess;
    propertiesFile: string;
    /** Kinesis actions the connector called while it was the emulator's only client. */
    connectorActions: string[];
}

export async function jobStage(ctx: RunContext, env: EmulatorStage, streamArn: string): Promise<JobStage> {
    const { emulator, activity } = env;
    ctx.reporter.begin("job", `${path.relative(process.cwd(), ctx.job.script)} on a local Flink mini-cluster`);
    const propertiesFile = path.join(ctx.opts.workDir, "application_properties.json");
    writeLocalJobProperties(propertiesFile, { job: ctx.job.descriptor, streamArn, region: emulator.region, endpoint: emulator.endpoint, outDir: ctx.opts.outDir });
    activity.startRecording();
    const job = startFlinkJob({
        propertiesFile,
        workDir: ctx.opts.workDir,
        accessKeyId: emulator.accountId,
        region: emulator.region,
        script: ctx.job.script,
        jar: ctx.job.jar,
    });
    ctx.cleanups.push(() => job.stop());
    await untilJobPolls(job, activity, { timeoutSeconds: ctx.opts.timeoutSeconds, signal: ctx.opts.signal, what: stageName(ctx) });
    const connectorActions = activity.stopRecording();
    const log = path.relative(process.cwd(), job.logFile);
    ctx.reporter.ready(`pid ${job.pid}, polling ${ctx.job.streamName} from TRIM_HORIZON, log ${log}`, { pid: job.pid, log: job.logFile, propertiesFile });
    return { job, propertiesFile, connectorActions };
}

export interface ProduceStage {
    produced: ProduceSummary;
    /** Exactly the events Kinesis accepted, in delivery order. */
    delivered: TickerEvent[];
    /** Sent ahead of the events; each must come back rejected, with its reason. */
    malformed: MalformedRecord[];
    closingTimes: ClosingTimes;
    commitWatch: CommitWatch;
}

/** The malformed records, then the producer's ticker events, watching the output as they go. */
export async function produceStage(ctx: RunContext, env: EmulatorStage, streamArn: string): Promise<ProduceStage> {
    const { opts, reporter } = ctx;
    const spanSeconds = simulatedSpanSeconds(opts);
    reporter.begin("data", `${opts.count} events over ${spanSeconds} s of simulated event time from ${opts.start.toISOString()} (${opts.timeFormat} timestamps)`);
    const malformed = malformedRecords(opts.start);
    await putMalformedRecords(env.client, streamArn, malformed);
    reporter.note(`sent ${malformed.length} malformed records first, one per reject reason`, { malformed: malformed.length });
    const delivered: TickerEvent[] = [];
    const closingTimes = new ClosingTimes();
    const commitWatch = new CommitWatch(bucketFolders(opts.outDir, ctx.job.descriptor.tables).results);
    commitWatch.start();
    ctx.cleanups.push(async () => commitWatch.stop());
    const produced = await produce({
        ...emulatorTarget(ctx, env, streamArn),
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
    stopIfInterrupted(ctx);
    throwUnlessAllDelivered(produced);
    const records = produced.aggregated ? ` in ${produced.kinesisRecords} aggregated records` : "";
    reporter.ready(`delivered ${produced.delivered} events${records} at ${Math.round(produced.eventsPerSecond)} events/s, seed ${produced.seed}`, {
        delivered: produced.delivered,
        kinesisRecords: produced.kinesisRecords,
        eventsPerSecond: Math.round(produced.eventsPerSecond),
        seed: produced.seed,
    });
    return { produced, delivered, malformed, closingTimes, commitWatch };
}

/** The producer's target: the emulator's stream, signed with the account the emulator reads from the key id. */
function emulatorTarget(ctx: RunContext, env: EmulatorStage, streamArn: string) {
    return {
        streamArn,
        aggregate: ctx.opts.aggregate === true,
        endpoint: env.emulator.endpoint,
        region: env.emulator.region,
        credentials: { accessKeyId: env.emulator.accountId, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
    };
}

function throwUnlessAllDelivered(produced: ProduceSummary): void {
    if (produced.delivered !== produced.generated) {
        throw new Error(`producer delivered ${produced.delivered} of ${produced.generated} records (failed ${produced.failed}, unknown ${produced.unknown})`);
    }
}

/** A job other than the ticker job: the lines of --events-file, in file order, through the producer's file replay. */
export async function replayStage(ctx: RunContext, env: EmulatorStage, streamArn: string): Promise<ProduceSummary> {
    const file = ctx.opts.eventsFile!;
    ctx.reporter.begin("data", `the records of ${path.relative(process.cwd(), file)}, in file order`);
    const produced = await produce({
        ...emulatorTarget(ctx, env, streamArn),
        fromFile: file,
        // One batch in flight keeps the stream in file order.
        concurrency: 1,
        signal: ctx.opts.signal,
        onProgress: (p) => ctx.reporter.note(formatStatusLine(p)),
    });
    stopIfInterrupted(ctx);
    throwUnlessAllDelivered(produced);
    ctx.reporter.ready(`delivered ${produced.delivered} records (${produced.fromFile?.blankLines ?? 0} blank lines skipped)`, {
        delivered: produced.delivered,
        blankLines: produced.fromFile?.blankLines ?? 0,
    });
    return produced;
}

/**
 * A job other than the ticker job, whose windows the run cannot predict: done once
 * its first table has a committed file and nothing new was committed in any table
 * for LOCAL_RUN_DEFAULTS.quietSeconds (the job commits on every checkpoint).
 */
export async function waitForQuietOutputStage(ctx: RunContext, job: FlinkJobProcess): Promise<void> {
    const { opts, reporter } = ctx;
    const quietSeconds = LOCAL_RUN_DEFAULTS.quietSeconds;
    const tables = ctx.job.descriptor.tables;
    reporter.begin("wait", `until ${tables[0].name} has committed files and no table gets a new one for ${quietSeconds} s`);
    const snapshot = () => tables.map((t) => committedFilesBelow(tableFolder(opts.outDir, t)));
    let last = "";
    let changedAt = Date.now();
    let files = 0;
    const done = await pollWhileJobRuns(
        () => {
            const now = snapshot();
            const signature = JSON.stringify(now);
            if (signature !== last) [last, changedAt] = [signature, Date.now()];
            files = now.reduce((n, f) => n + f.length, 0);
            return now[0].length > 0 && Date.now() - changedAt >= quietSeconds * 1000 ? true : undefined;
        },
        { job, intervalMs: COMMIT_POLL_MS, timeoutSeconds: opts.timeoutSeconds, signal: opts.signal, what: stageName(ctx) },
    );
    if (!done) {
        throw new StageTimeoutError(
            `${stageName(ctx)} did not finish in ${opts.timeoutSeconds} s: ${files} committed files, ` +
                `${snapshot()[0].length === 0 ? `none in ${tables[0].name}` : "still changing"}. Last job output:\n${job.logTail()}`,
        );
    }
    reporter.ready(`${files} committed files, none new for ${quietSeconds} s`, { files });
}

export interface WaitStage {
    expected: ExpectedWindows;
    committed: CommittedWindow[];
    rejected: RejectedRecord[];
}

/** Until every window the delivered events close, and every reject, is committed. */
export async function waitForCommitsStage(ctx: RunContext, job: FlinkJobProcess, sent: ProduceStage): Promise<WaitStage> {
    const { opts, reporter } = ctx;
    const folders = bucketFolders(opts.outDir, ctx.job.descriptor.tables);
    const expected = expectedWindows(sent.delivered, opts.windowSeconds, opts.watermarkDelaySeconds);
    const wanted = expected.closed.map(windowKey);
    const rejectsWanted = sent.malformed.length;
    reporter.begin("wait", `for ${wanted.length} closed windows and ${rejectsWanted} rejected records to be committed under ${opts.outDir}`);
    let lastReport = 0;
    let progress = { windows: 0, rejects: 0, missing: wanted };
    const done = await pollWhileJobRuns(
        (elapsed) => {
            sent.commitWatch.refresh();
            const missing = wanted.filter((key) => !sent.commitWatch.has(key));
            progress = { windows: wanted.length - missing.length, rejects: readRejected(folders.rejected).length, missing };
            if (missing.length === 0 && progress.rejects >= rejectsWanted) return true;
            if (elapsed - lastReport >= 5) {
                lastReport = elapsed;
                reporter.note(`${progress.windows} of ${wanted.length} windows, ${progress.rejects} of ${rejectsWanted} rejects committed`, {
                    windows: progress.windows,
                    rejects: progress.rejects,
                });
            }
            return undefined;
        },
        { job, intervalMs: COMMIT_POLL_MS, timeoutSeconds: opts.timeoutSeconds, signal: opts.signal, what: stageName(ctx) },
    );
    if (!done) {
        throw new StageTimeoutError(
            `${stageName(ctx)} did not finish in ${opts.timeoutSeconds} s: ${progress.windows} of ${wanted.length} ` +
                `windows and ${progress.rejects} of ${rejectsWanted} rejected records committed` +
                `${progress.missing.length > 0 ? `; missing e.g. ${progress.missing.slice(0, 3).join(", ")}` : ""}. Last job output:\n${job.logTail()}`,
        );
    }
    const committed = readCommittedWindows(folders.results);
    const rejected = readRejected(folders.rejected);
    const waiting = expected.open.reduce((n, w) => n + w.eventCount, 0);
    reporter.ready(`${committed.length} windows and ${rejected.length} rejects committed; ${waiting} events wait in ${expected.open.length} open windows`, {
        windows: committed.length,
        rejects: rejected.length,
        openWindows: expected.open.length,
        eventsInOpenWindows: waiting,
    });
    return { expected, committed, rejected };
}

/** The job's named queries on DuckDB over the committed files, and each table's rows. */
export async function queryStage(ctx: RunContext): Promise<CatalogAnswers> {
    ctx.reporter.begin("query", "the Athena named queries on DuckDB over the committed files");
    const answers = await queryCatalog({ job: ctx.job.descriptor, bucketRoot: ctx.opts.outDir, database: ctx.opts.database });
    const tables = ctx.job.descriptor.tables.map((t) => `${t.name} ${answers.tableRows[t.id]} rows`).join(", ");
    ctx.reporter.ready(`${tables}; ${answers.queries.length} queries, ${answers.queries.map((q) => `${q.query.id}: ${q.rows.length} rows`).join(", ")}`, {
        ...Object.fromEntries(answers.queries.map((q) => [`query.${q.query.id}`, q.rows.length])),
        ...Object.fromEntries(Object.entries(answers.tableRows).map(([id, n]) => [`table.${id}`, n])),
    });
    return answers;
}

/** The ticker job's average prices as a PNG, when a chart file is asked for. */
export async function chartStage(ctx: RunContext, committed: readonly CommittedWindow[]): Promise<string | undefined> {
    const file = ctx.opts.chartFile;
    if (!file) return undefined;
    ctx.reporter.begin("chart", "average price per ticker and window");
    await writePriceChart(committed, file);
    ctx.reporter.ready(path.relative(process.cwd(), file), { file });
    return file;
}
