import * as path from "node:path";
import { sleep } from "../producer/sleep.js";
import { runNamedQueries, type QueryResult } from "./athena-on-duckdb.js";
import { bucketFolders } from "./bucket-folders.js";
import { clientInstructions } from "./client-environment.js";
import { CommitFeed, formatRejectLine, formatWindowLine } from "./commit-feed.js";
import { readCommittedWindows } from "./committed-output.js";
import { SavepointFailedError, startDurablePipeline, type DurablePipeline, type DurablePipelineOptions } from "./durable-pipeline.js";
import type { LocalJob } from "./local-job.js";
import { writePriceChart } from "./price-chart.js";
import { formatTableCommitLine, TableCommitFeed } from "./table-commit-feed.js";
import { formatTable } from "./text-table.js";

/**
 * `npm run local -- --serve`: the stream and the job (the ticker job or any
 * `--job`) stay up until the signal aborts, for any producer to write to. What the
 * job commits is printed as it appears: the ticker job's windows and rejects, any
 * other job's new files per declared table. The job's named queries (and, for the
 * ticker job, the chart) are refreshed on a steady interval while commits arrive.
 * Stopping takes a savepoint, so `--serve --resume` continues where this left off.
 */
export interface ServeOptions extends Omit<DurablePipelineOptions, "onEmulatorLog"> {
    /** The Glue database the named queries name. */
    database: string;
    /** Seconds between refreshes of the queries and the chart. */
    refreshSeconds: number;
    /** The ticker job's chart; another job has none. */
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
    /** Commit lines printed: the ticker job's windows and rejects, another job's files. */
    commitsSeen: number;
    lastQueries: QueryResult[];
}

const POLL_MS = 500;

/** The live lines of a served job, from what it committed since the last look. */
interface LiveFeed {
    /** Marks the output a resumed run keeps as seen; the line that says so, if there was any. */
    skipExisting(): Promise<string | undefined>;
    poll(): Promise<string[]>;
}

/** The ticker job: a line per window and per reject. Any other job: a line per new file of each declared table. */
function liveFeed(job: LocalJob, outDir: string): LiveFeed {
    if (job.isTickerJob) {
        const feed = new CommitFeed(bucketFolders(outDir, job.descriptor.tables));
        return {
            skipExisting: async () => {
                const kept = feed.skipExisting();
                return kept > 0 ? `kept ${kept} windows already committed under ${outDir}` : undefined;
            },
            poll: async () => {
                const fresh = feed.poll();
                return [...fresh.windows.map(formatWindowLine), ...fresh.rejected.map(formatRejectLine)];
            },
        };
    }
    const feed = new TableCommitFeed(outDir, job.descriptor.tables);
    return {
        skipExisting: async () => {
            const kept = feed.skipExisting();
            return kept > 0 ? `kept ${kept} files already committed under ${outDir}` : undefined;
        },
        poll: async () => (await feed.poll()).map(formatTableCommitLine),
    };
}

export async function serve(opts: ServeOptions): Promise<ServeResult> {
    const pipeline = await startDurablePipeline(opts);
    const result: ServeResult = { commitsSeen: 0, lastQueries: [] };
    const feed = liveFeed(opts.job, opts.outDir);
    try {
        const kept = await feed.skipExisting();
        opts.out(`serving: job ${pipeline.jobId} (pid ${pipeline.job.pid})${pipeline.restoredFrom ? `, restored from ${pipeline.restoredFrom}` : ""}`);
        if (kept !== undefined) opts.out(kept);
        for (const line of clientInstructions(pipeline.emulator, opts.job.streamName, pipeline.streamArn, opts.job.isTickerJob)) opts.out(line);
        opts.out("");
        const refreshed = opts.job.isTickerJob && opts.chartFile ? "queries and chart" : "queries";
        opts.out(`results under ${opts.outDir}; ${refreshed} every ${opts.refreshSeconds} s while commits arrive; Ctrl-C stops with a savepoint`);
        opts.onReady?.(pipeline);
        await watch(pipeline, feed, opts, result);
    } finally {
        result.savepoint = await stopServing(pipeline, opts);
    }
    // The savepoint commits what the job still held; those files get their lines too.
    const last = await feed.poll();
    for (const line of last) opts.out(line);
    result.commitsSeen += last.length;
    return result;
}

async function watch(pipeline: DurablePipeline, feed: LiveFeed, opts: ServeOptions, result: ServeResult): Promise<void> {
    let exited = false;
    void pipeline.job.exited.then(() => (exited = true));
    let changedSinceRefresh = false;
    let lastRefresh = Date.now();
    while (!opts.signal.aborted) {
        const fresh = await feed.poll();
        for (const line of fresh) opts.out(line);
        result.commitsSeen += fresh.length;
        changedSinceRefresh ||= fresh.length > 0;
        if (changedSinceRefresh && Date.now() - lastRefresh >= opts.refreshSeconds * 1000) {
            result.lastQueries = await refresh(opts);
            changedSinceRefresh = false;
            lastRefresh = Date.now();
        }
        if (exited) throw new Error(`the job exited while serving. Last output:\n${pipeline.job.logTail()}`);
        await sleep(POLL_MS, opts.signal).catch(() => undefined);
    }
}

/** The job's named queries over everything committed so far, and the ticker job's chart. */
async function refresh(opts: ServeOptions): Promise<QueryResult[]> {
    const queries = await runNamedQueries({ job: opts.job.descriptor, bucketRoot: opts.outDir, database: opts.database });
    for (const q of queries) {
        opts.out(`== ${q.query.name} (${q.query.id}) ==`);
        opts.out(formatTable(q.columns, q.rows));
    }
    if (opts.job.isTickerJob && opts.chartFile) {
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
        if (!(error instanceof SavepointFailedError)) throw error;
        opts.out(`${error.message}; --resume restores the latest retained checkpoint instead`);
        return undefined;
    }
}
