import { kinesisConnector } from "../contract/index.js";
import type { ProduceSummary, TickerEvent } from "../producer/index.js";
import type { QueryResult } from "./athena-on-duckdb.js";
import type { CommittedWindow, RejectedRecord } from "./committed-output.js";
import { windowKey, type ExpectedWindows } from "./expected-windows.js";
import { messageOf } from "./error-message.js";
import { tickerLocalJob, type LocalJob } from "./local-job.js";
import type { MalformedRecord } from "./malformed-records.js";
import type { LocalRunOptions } from "./run-options.js";
import {
    chartStage,
    emulatorStage,
    jobStage,
    produceStage,
    queryStage,
    replayStage,
    setupStage,
    stopIfInterrupted,
    streamStage,
    waitForCommitsStage,
    waitForQuietOutputStage,
    type EmulatorStage,
    type JobStage,
    type ProduceStage,
    type RunContext,
    type WaitStage,
} from "./run-stages.js";
import { StageReporter, type StageTiming } from "./stage-reporter.js";
import { verifyRun } from "./verify-run.js";

/**
 * `npm run local`: the whole pipeline on this machine, stage by stage
 * (run-stages.ts), then the exactness check (verify-run.ts). Whatever happens,
 * the shutdown stage stops every process the run started.
 */

/** What one local run produced and measured. */
export interface TickerRunResult {
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

/** What the IAM policy grants the job in polling mode, as the emulator logs action names. */
export const CONNECTOR_POLLING_ACTIONS = kinesisConnector.actions.polling.stream.map((a) => a.replace(/^kinesis:/, "")).sort();

/** What a run of a job other than the ticker job produced: counts, and its queries' answers. */
export interface JobRunResult {
    streamArn: string;
    outDir: string;
    propertiesFile: string;
    produced: ProduceSummary;
    /** Rows in each declared table, by table id. */
    tableRows: Record<string, number>;
    queries: QueryResult[];
    connectorActions: string[];
    stages: StageTiming[];
}

/** The first stages every run shares: the job is reading the stream when `rest` begins. */
interface StartedRun {
    ctx: RunContext;
    env: EmulatorStage;
    streamArn: string;
    started: JobStage;
}

/** Runs setup, emulator, stream and job, then `rest`; reports a failure, and always shuts down. */
async function withStartedJob<R>(opts: LocalRunOptions, reporter: StageReporter, job: LocalJob, rest: (run: StartedRun) => Promise<R>): Promise<R> {
    const ctx: RunContext = { opts, job, reporter, cleanups: [] };
    try {
        await setupStage(ctx);
        stopIfInterrupted(ctx);
        const env = await emulatorStage(ctx);
        const streamArn = await streamStage(ctx, env.client);
        stopIfInterrupted(ctx);
        const started = await jobStage(ctx, env, streamArn);
        stopIfInterrupted(ctx);
        return await rest({ ctx, env, streamArn, started });
    } catch (error) {
        reporter.fail(messageOf(error));
        throw error;
    } finally {
        await shutdownStage(ctx);
    }
}

/** The ticker job: generated events, and every window checked against them. */
export function runTickerJob(opts: LocalRunOptions, reporter = new StageReporter()): Promise<TickerRunResult> {
    return withStartedJob(opts, reporter, tickerLocalJob(opts), async ({ ctx, env, streamArn, started }) => {
        const sent = await produceStage(ctx, env, streamArn);
        const waited = await waitForCommitsStage(ctx, started.job, sent);
        const mismatches = verifyStage(ctx, sent, waited);
        stopIfInterrupted(ctx);
        const { queries } = await queryStage(ctx);
        const chartFile = await chartStage(ctx, waited.committed);
        return {
            streamArn,
            outDir: opts.outDir,
            chartFile,
            propertiesFile: started.propertiesFile,
            produced: sent.produced,
            delivered: sent.delivered,
            malformed: sent.malformed,
            ...waited,
            mismatches,
            connectorActions: started.connectorActions,
            queries,
            stages: reporter.timings,
            commitLatenciesMs: commitLatencies(ctx, sent, waited),
        };
    });
}

/** Any job folder (docs/job-descriptor.md): the events file replayed, its tables counted, its queries run. */
export function runJob(opts: LocalRunOptions, job: LocalJob, reporter = new StageReporter()): Promise<JobRunResult> {
    return withStartedJob(opts, reporter, job, async ({ ctx, env, streamArn, started }) => {
        const produced = await replayStage(ctx, env, streamArn);
        await waitForQuietOutputStage(ctx, started.job);
        stopIfInterrupted(ctx);
        const { queries, tableRows } = await queryStage(ctx);
        return {
            streamArn,
            outDir: opts.outDir,
            propertiesFile: started.propertiesFile,
            produced,
            tableRows,
            queries,
            connectorActions: started.connectorActions,
            stages: reporter.timings,
        };
    });
}

/** `npm run local`: the ticker job unless the options name another. */
export function runLocal(opts: LocalRunOptions, reporter = new StageReporter()): Promise<TickerRunResult | JobRunResult> {
    return opts.job === undefined || opts.job.isTickerJob ? runTickerJob(opts, reporter) : runJob(opts, opts.job, reporter);
}

/** A ticker run's result carries the exactness check's inputs. */
export function isTickerRunResult(result: TickerRunResult | JobRunResult): result is TickerRunResult {
    return "mismatches" in result;
}

function verifyStage(ctx: RunContext, sent: ProduceStage, waited: WaitStage): string[] {
    ctx.reporter.begin("verify", "every closed window against the producer's events, every reject against the malformed records");
    const mismatches = verifyRun({ ...waited, windowsWanted: ctx.opts.windows, malformed: sent.malformed });
    ctx.reporter.ready(mismatches.length === 0 ? "all as sent: 0 lost, 0 duplicated" : `${mismatches.length} MISMATCHES`, { mismatches: mismatches.length });
    return mismatches;
}

/** Per closed window: from the delivery of the event that let the watermark pass it to its committed file. */
function commitLatencies(ctx: RunContext, sent: ProduceStage, waited: WaitStage): number[] {
    const delayMs = ctx.opts.watermarkDelaySeconds * 1000;
    return waited.expected.closed
        .map((w) => sent.commitWatch.firstSeen(windowKey(w)) - sent.closingTimes.closedAt(w.windowEndMs - 1 + delayMs))
        .filter((ms) => Number.isFinite(ms));
}

async function shutdownStage(ctx: RunContext): Promise<void> {
    ctx.reporter.begin("shutdown", "stopping every process this run started");
    for (const cleanup of ctx.cleanups.reverse()) {
        await cleanup().catch((error: unknown) => ctx.reporter.note(`cleanup failed: ${String(error)}`));
    }
    ctx.reporter.ready("all stopped");
}
