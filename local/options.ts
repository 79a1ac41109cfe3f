import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_TABLE_NAME, defaultRejectedTableName, toCatalogIdentifier } from "../components/args.js";
import { simulatedClock, type TimeFormat } from "../producer/index.js";
import { DEFAULT_WORK_DIR } from "./paths.js";

/** Everything a local run can be told. */
export interface LocalPipelineOptions {
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
    /** @default 60 */
    windowSeconds: number;
    /** @default 5 */
    watermarkDelaySeconds: number;
    /** Event time after the last full window plus the delay, so that window surely closes. @default 5 */
    tailSeconds: number;
    /** The local stand-in for the bucket: results in output/, rejected records in rejected/. @default ".local/bucket" */
    outDir: string;
    /** Logs, generated properties. @default ".local" */
    workDir: string;
    /** PNG chart; undefined for none. @default ".local/chart.png" */
    chartFile?: string;
    /** How long the job may take to start polling, and the results to be committed. @default 180 */
    timeoutSeconds: number;
    region: string;
    /** Names the DuckDB views after the Glue tables, so the Athena SQL runs as saved. */
    database: string;
    table: string;
    rejectedTable: string;
    /** The ticker of the one-ticker named query. @default "AAPL" */
    chartTicker: string;
    signal?: AbortSignal;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run local -- [options]

Runs the whole pipeline on this machine: kinesis-local, flink-src/main.py on a
local Flink mini-cluster, the producer, DuckDB in place of Athena, and a chart.

  --windows <n>       full 1-minute windows to close (default 3)
  --count <n>         events to send (default 3000)
  --seed <n>          reproducible prices and tickers (default random)
  --start <iso>       start of the simulated event time (default: the latest minute whose
                      events all lie before now; the job rejects events from the future)
  --time-format <f>   iso (2026-11-25T12:00:00.123Z) or seed (Python isoformat(), no zone) (default iso)
  --shards <n>        shards of the local stream (default 1)
  --work <dir>        logs and generated job properties (default .local)
  --out <dir>         where the job writes, as in the bucket: output/ and rejected/ (default <work>/bucket)
  --chart <file>      PNG chart (default <work>/chart.png)
  --timeout <s>       per waiting stage (default 180)
  --json              print the result as JSON on stdout
  -h, --help`;

export function parseLocalArgs(argv: string[], now = new Date()): { options: LocalPipelineOptions; json: boolean } {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                windows: { type: "string" },
                count: { type: "string" },
                seed: { type: "string" },
                start: { type: "string" },
                "time-format": { type: "string" },
                shards: { type: "string" },
                work: { type: "string" },
                out: { type: "string" },
                chart: { type: "string" },
                timeout: { type: "string" },
                json: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
        });
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    const v = parsed.values;
    if (v.help) throw new UsageError("");
    const workDir = path.resolve(v.work ?? DEFAULT_WORK_DIR);
    const options: LocalPipelineOptions = {
        windows: wholeNumber("--windows", v.windows, 3, 1, 60),
        count: wholeNumber("--count", v.count, 3000, 1, 1_000_000),
        seed: v.seed === undefined ? undefined : wholeNumber("--seed", v.seed, 0, 0, 2 ** 31 - 1),
        start: v.start === undefined ? new Date(0) : isoDate("--start", v.start),
        timeFormat: oneOf("--time-format", v["time-format"], ["iso", "seed"], "iso"),
        shards: wholeNumber("--shards", v.shards, 1, 1, 16),
        windowSeconds: 60,
        watermarkDelaySeconds: 5,
        tailSeconds: 5,
        outDir: path.resolve(v.out ?? path.join(workDir, "bucket")),
        workDir,
        chartFile: path.resolve(v.chart ?? path.join(workDir, "chart.png")),
        timeoutSeconds: wholeNumber("--timeout", v.timeout, 180, 10, 3600),
        region: "us-east-1",
        // The component's defaults for a pipeline named streaming-analytics.
        database: toCatalogIdentifier("streaming-analytics"),
        table: DEFAULT_TABLE_NAME,
        rejectedTable: defaultRejectedTableName(DEFAULT_TABLE_NAME),
        chartTicker: "AAPL",
    };
    if (v.start === undefined) {
        const latestStartMs = now.getTime() - simulatedSpanSeconds(options) * 1000;
        options.start = new Date(Math.floor(latestStartMs / 60_000) * 60_000);
    }
    if (options.start.getTime() % (options.windowSeconds * 1000) !== 0) {
        throw new UsageError(`--start '${v.start}': must fall on a window boundary (a whole minute), or the first window is not full`);
    }
    const needed = Math.max(options.windows * 10, countToClose(options));
    if (options.count < needed) {
        throw new UsageError(
            `--count ${options.count}: must be at least ${needed} to close ${options.windows} window(s) (10 events per window, and the last event past the watermark delay)`,
        );
    }
    return { options, json: Boolean(v.json) };
}

/** The span of simulated event time a run spreads its events over. */
export function simulatedSpanSeconds(o: Pick<LocalPipelineOptions, "windows" | "windowSeconds" | "watermarkDelaySeconds" | "tailSeconds">): number {
    return o.windows * o.windowSeconds + o.watermarkDelaySeconds + o.tailSeconds;
}

/**
 * The fewest events whose simulated times reach far enough for the watermark to
 * pass the end of the last window: with few events the last one falls short of
 * the span's end.
 */
export function countToClose(o: Pick<LocalPipelineOptions, "windows" | "windowSeconds" | "watermarkDelaySeconds" | "tailSeconds">): number {
    const closesAtMs = o.windows * o.windowSeconds * 1000 - 1 + o.watermarkDelaySeconds * 1000;
    for (let n = 1; ; n++) {
        const lastMs = Math.floor(simulatedClock(new Date(0), simulatedSpanSeconds(o), n)(n - 1) / 1000);
        if (lastMs >= closesAtMs) return n;
    }
}

function wholeNumber(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
        throw new UsageError(`${flag} '${raw}': must be a whole number from ${min} to ${max}`);
    }
    return value;
}

function isoDate(flag: string, raw: string): Date {
    const value = new Date(raw);
    if (!/^\d{4}-\d\d-\d\dT/.test(raw) || Number.isNaN(value.getTime())) {
        throw new UsageError(`${flag} '${raw}': must be an ISO-8601 date-time such as 2026-11-25T12:00:00Z`);
    }
    return value;
}

function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw as T)) throw new UsageError(`${flag} '${raw}': must be one of ${allowed.join(", ")}`);
    return raw as T;
}
