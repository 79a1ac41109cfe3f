import { simulatedClock, type TimeFormat } from "../producer/index.js";
import type { LocalJob } from "./local-job.js";

/** Everything a local run can be told; the CLI (cli-options.ts) builds it from the command line. */
export interface LocalRunOptions {
    /** Full windows the run must close. @default 3 */
    windows: number;
    /** Events to send. @default 3000 */
    count: number;
    /** Makes prices and tickers reproducible. @default random */
    seed?: number;
    /**
     * Start of the simulated event time (a whole minute).
     * @default the latest minute from which the run's event time ends before now: the job
     * rejects events stamped ahead of the time Kinesis receives them.
     */
    start: Date;
    /** @default "iso" */
    timeFormat: TimeFormat;
    /** @default 1 */
    shards: number;
    /** Pack the records into KPL aggregated records (the producer's --aggregate); the job de-aggregates them. @default false */
    aggregate?: boolean;
    /** @default 60 */
    windowSeconds: number;
    /** @default 5 */
    watermarkDelaySeconds: number;
    /** Event time after the last full window plus the delay, so that window surely closes. @default 5 */
    tailSeconds: number;
    /** The local stand-in for the bucket: one folder per declared table prefix. @default ".local/bucket" */
    outDir: string;
    /** Logs, generated properties. @default ".local" */
    workDir: string;
    /** PNG chart; undefined for none. @default ".local/chart.png" */
    chartFile?: string;
    /** How long the job may take to start polling, and the results to be committed. @default 180 */
    timeoutSeconds: number;
    region: string;
    /** Names the DuckDB schema after the Glue database, so the Athena SQL runs as saved. */
    database: string;
    /** The job to run. @default the bundled ticker job (flink-src/ and contract/) */
    job?: LocalJob;
    /**
     * A job other than the ticker job gets these records, one JSON object a line,
     * replayed in file order (the producer's file replay) instead of ticker events.
     */
    eventsFile?: string;
    signal?: AbortSignal;
}

/** The defaults of the CLI's flags, written once: the help text quotes them. */
export const LOCAL_RUN_DEFAULTS = {
    windows: 3,
    count: 3000,
    timeFormat: "iso",
    shards: 1,
    windowSeconds: 60,
    watermarkDelaySeconds: 5,
    tailSeconds: 5,
    timeoutSeconds: 180,
    region: "us-east-1",
    /** The component's default pipeline name, which names the Glue database. */
    pipelineName: "streaming-analytics",
    /** --serve refreshes the named queries and the chart this often. */
    refreshSeconds: 30,
    /** A job other than the ticker job is done once nothing new was committed for this long (5 checkpoints). */
    quietSeconds: 10,
} as const;

type SpanInputs = Pick<LocalRunOptions, "windows" | "windowSeconds" | "watermarkDelaySeconds" | "tailSeconds">;

/** The span of simulated event time a run spreads its events over. */
export function simulatedSpanSeconds(o: SpanInputs): number {
    return o.windows * o.windowSeconds + o.watermarkDelaySeconds + o.tailSeconds;
}

/**
 * The fewest events whose simulated times reach far enough for the watermark to
 * pass the end of the last window: with few events the last one falls short of
 * the span's end.
 */
export function countToClose(o: SpanInputs): number {
    const closesAtMs = o.windows * o.windowSeconds * 1000 - 1 + o.watermarkDelaySeconds * 1000;
    for (let n = 1; ; n++) {
        const lastMs = Math.floor(simulatedClock(new Date(0), simulatedSpanSeconds(o), n)(n - 1) / 1000);
        if (lastMs >= closesAtMs) return n;
    }
}

/** The latest whole minute from which the run's event time ends before `now`. */
export function latestStart(o: SpanInputs, now: Date): Date {
    const latestStartMs = now.getTime() - simulatedSpanSeconds(o) * 1000;
    return new Date(Math.floor(latestStartMs / 60_000) * 60_000);
}
