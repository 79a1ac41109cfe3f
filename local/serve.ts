import * as path from "node:path";
import { sleep } from "../producer/sleep.js";
import { runNamedQueries, type QueryResult } from "./athena-on-duckdb.js";
import { bucketFolders } from "./bucket-folders.js";
import { clientInstructions } from "./client-environment.js";
import { CommitFeed, formatRejectLine, formatWindowLine } from "./commit-feed.js";
import { readCommittedWindows } from "./committed-output.js";
import { startDurablePipeline, type DurablePipeline, type DurablePipelineOptions } from "./durable-pipeline.js";
import { writePriceChart } from "./price-chart.js";
import { formatTable } from "./text-table.js";

/**
 * `npm run local -- --serve`: the stream and the job stay up until the signal
 * aborts, for any producer to write to. Each committed window or reject is
 * printed as it appears; the named queries and the chart are refreshed on a
 * steady interval while new windows arrive. Stopping takes a savepoint, so
 * `--serve --resume` continues where this left off.
 */
export interface ServeOptions extends Omit<DurablePipelineOptions, "onEmulatorLog"> {
    /** The Glue database the named queries name. */
    database: string;
    /** Seconds between refreshes of the queries and the chart. */
    refreshSeconds: number;
    chartFile?: string;
    signal: AbortSignal;
    /** Each line for the user. */
    out: (line: string) => void;
    /** Called once the stream and the job are up (tests read the pipeline from it). */
    onReady?: (pipeline: DurablePipeline) => void;
}

export interface ServeResult {
    /** The savepoint the stop took; undefined when it failed and the retained checkpoints remain. */
    savepoint?: string;
    windowsSeen: number;
    rejectsSeen: number;
    lastQueries: QueryResult[];
}

const POLL_MS = 500;

export async function serve(opts: ServeOptions): Promise<ServeResult> {
    const pipeline = await startDurablePipeline(opts);
    const result: ServeResult = { windowsSeen: 0, rejectsSeen: 0, lastQueries: [] };
    try {
        const feed = new CommitFeed(bucketFolders(opts.outDir, opts.job.descriptor.tables));
        const kept = feed.skipExisting();
        opts.out(`serving: job ${pipeline.jobId} (pid ${pipeline.job.pid})${pipeline.restoredFrom ? `, restored from ${pipeline.restoredFrom}` : ""}`);
        if (kept > 0) opts.out(`kept ${kept} windows already committed under ${opts.outDir}`);
        for (const line of clientInstructions(pipeline.emulator, opts.job.streamName, pipeline.streamArn)) opts.out(line);
        opts.out("");
        opts.out(`results under ${opts.outDir}; queries and chart every ${opts.refreshSeconds} s while windows arrive; Ctrl-C stops with a savepoint`);
        opts.onReady?.(pipeline);
        await watch(pipeline, feed, opts, result);
    } finally {
        result.savepoint = await stopServing(pipeline, opts);
    }
    return result;
}

async function watch(pipeline: DurablePipeline, feed: CommitFeed, opts: ServeOptions, result: ServeResult): Promise<void> {
    let exited = false;
    void pipeline.job.exited.then(() => (exited = true));
    let changedSinceRefresh = false;
    let lastRefresh = Date.now();
    while (!opts.signal.aborted) {
        const fresh = feed.poll();
        for (const w of fresh.windows) opts.out(formatWindowLine(w));
        for (const r of fresh.rejected) opts.out(formatRejectLine(r));
        result.windowsSeen += fresh.windows.length;
        result.rejectsSeen += fresh.rejected.length;
        changedSinceRefresh ||= fresh.windows.length + fresh.rejected.length > 0;
        if (changedSinceRefresh && Date.now() - lastRefresh >= opts.refreshSeconds * 1000) {
            result.lastQueries = await refresh(opts);
            changedSinceRefresh = false;
            lastRefresh = Date.now();
        }
        if (exited) throw new Error(`the job exited while serving. Last output:\n${pipeline.job.logTail()}`);
        await sleep(POLL_MS, opts.signal).catch(() => undefined);
    }
}

/** The named queries over everything committed so far, and the chart. */
async function refresh(opts: ServeOptions): Promise<QueryResult[]> {
    const queries = await runNamedQueries({ job: opts.job.descriptor, bucketRoot: opts.outDir, database: opts.database });
    for (const q of queries) {
        opts.out(`== ${q.query.name} (${q.query.id}) ==`);
        opts.out(formatTable(q.columns, q.rows));
    }
    if (opts.chartFile) {
        await writePriceChart(readCommittedWindows(bucketFolders(opts.outDir, opts.job.descriptor.tables).results), opts.chartFile);
        opts.out(`chart ${path.relative(process.cwd(), opts.chartFile)} updated`);
    }
    return queries;
}

async function stopServing(pipeline: DurablePipeline, opts: ServeOptions): Promise<string | undefined> {
    opts.out("stopping: the job with a savepoint, then the stream (its records stay in the work folder)");
    try {
        const savepoint = await pipeline.stopWithSavepoint();
        opts.out(`stopped with savepoint ${savepoint}; \`npm run local -- --serve --resume\` continues from it (give the same --work and --out)`);
        return savepoint;
    } catch (error) {
        await pipeline.stop();
        opts.out(`the savepoint failed (${error instanceof Error ? error.message : String(error)}); --resume restores the latest retained checkpoint instead`);
        return undefined;
    }
}
