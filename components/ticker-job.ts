import { properties, records, TICKER, tickerJobDescriptor, type CodeLocation, type TableDescriptor } from "../contract/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { PipelineJob } from "./args.js";
import { recordFieldOrigins } from "./validation/field-origins.js";
import { ArgChecker } from "./validation/checker.js";
import { PipelineArgsError } from "./validation/problems.js";
import { firstDuplicate, integer } from "./validation/rules.js";

/**
 * The bundled ticker job (flink-src/main.py) as a job descriptor: contract/job.json
 * with the job's parameters filled in. Its tables, prefixes, projection and queries
 * come from that file; the window and watermark defaults from
 * contract/properties.json, which the job itself reads.
 */

const RESULTS_ID = "table";
const REJECTED_ID = "rejected_table";
/** The ids of the ticker job's two tables in contract/job.json (the local run reads its output by them). */
export const TICKER_TABLE_IDS = { results: RESULTS_ID, rejected: REJECTED_ID } as const;
const QUERY_TICKER = "ticker";

function declaredTable(id: string): TableDescriptor {
    const table = tickerJobDescriptor.tables.find((t) => t.id === id);
    if (!table) throw new Error(`contract/job.json declares no table "${id}"`);
    return table;
}

const declaredResults = declaredTable(RESULTS_ID);
const declaredTickers = (() => {
    const projection = declaredResults.partitionKeys?.[0]?.projection;
    if (projection?.type !== "enum") throw new Error("contract/job.json: the ticker partition key must have an enum projection");
    return projection.values;
})();
const aggregation = properties.aggregation;

/** The ticker job's defaults, as contract/job.json and contract/properties.json declare them. */
export const TICKER_JOB_DEFAULTS = {
    tableName: declaredResults.name,
    outputPrefix: declaredResults.prefix,
    rejectedPrefix: declaredTable(REJECTED_ID).prefix,
    tickers: declaredTickers,
    queryTicker: tickerJobDescriptor.queryParameters?.[QUERY_TICKER] ?? declaredTickers[0],
    windowSeconds: Number(aggregation.defaults[aggregation.keys.windowSeconds]),
    watermarkDelaySeconds: Number(aggregation.defaults[aggregation.keys.watermarkDelaySeconds]),
    eventTimeMaxAheadSeconds: Number(aggregation.defaults[aggregation.keys.eventTimeMaxAheadSeconds]),
} as const;

type AggregationOption = keyof typeof aggregation.keys;

/** The whole-seconds range contract/properties.json gives an Aggregation0 key (the job checks the same range). */
export function aggregationRange(option: AggregationOption): { min: number; max: number } {
    const key = aggregation.keys[option];
    const range = aggregation.ranges?.[key];
    if (!range) throw new Error(`contract/properties.json: ${aggregation.groupId} has no range for "${key}"`);
    return range;
}

function inAggregationRange(option: AggregationOption) {
    const { min, max } = aggregationRange(option);
    const rule = integer(min, max);
    const origin = `(${aggregation.groupId} ${aggregation.keys[option]}, contract/properties.json)`;
    return (v: unknown) => {
        const problem = rule(v);
        return problem === undefined ? undefined : `${problem} ${origin}`;
    };
}

/** The rejected-records table is named after the results table. */
export function defaultRejectedTableName(tableName: string): string {
    return `${tableName}_rejected`;
}

export interface TickerJobOptions {
    /** The built application (`npm run build:flink`: build/flink-app.zip), a folder with that layout, or an S3 object. */
    code: CodeLocation<pulumi.Input<string>>;
    /**
     * Glue table of the windowed averages, `[a-z0-9_]{1,255}`.
     * @default "ticker_averages"
     */
    tableName?: string;
    /**
     * Glue table of the records the job rejected.
     * @default "<tableName>_rejected"
     */
    rejectedTableName?: string;
    /**
     * Prefix the job writes its results under (Hive layout `ticker=XYZ/`).
     * @default "output/"
     */
    outputPrefix?: string;
    /**
     * Prefix the job writes the records it could not read under, with the reason.
     * @default "rejected/"
     */
    rejectedPrefix?: string;
    /**
     * Tickers of the `enum` partition projection (projection mode); each matches the
     * job's ticker rule (contract/records.json).
     * @default ["AAPL", "AMZN", "MSFT", "INTC", "TBV"]
     */
    tickers?: string[];
    /**
     * Ticker filled into the "one ticker's series" named query.
     * @default "AAPL"
     */
    queryTicker?: string;
    /**
     * Tumbling window length, in seconds (`Aggregation0.window.seconds`).
     * @default 60
     */
    windowSeconds?: number;
    /**
     * Allowed event-time lateness, in seconds (`Aggregation0.watermark.delay.seconds`).
     * @default 5
     */
    watermarkDelaySeconds?: number;
    /**
     * How far ahead of the time Kinesis received it a record's event time may be, in
     * seconds (`Aggregation0.event.time.max.ahead.seconds`). A record stamped further
     * ahead is rejected as `event_time_ahead`, so one bad clock cannot move the
     * watermark and make later events late.
     * @default 60
     */
    eventTimeMaxAheadSeconds?: number;
}

const OPTION = "tickerJob";

/** Problems with the options only the ticker job has rules for; the rest is checked as a descriptor. */
function tickerOptionProblems(o: Required<Omit<TickerJobOptions, "code" | "rejectedTableName">>): ArgChecker {
    const c = new ArgChecker();
    const tickerRule = `must match ${records.tickerPattern}, as the job requires`;
    if (!Array.isArray(o.tickers) || o.tickers.length === 0) {
        c.report(`${OPTION}.tickers`, o.tickers, `must be a non-empty list of tickers matching ${records.tickerPattern}`);
    } else {
        o.tickers.forEach((t, i) => c.check(`${OPTION}.tickers[${i}]`, t, (v) => (typeof v === "string" && TICKER.test(v) ? undefined : tickerRule)));
        const repeated = firstDuplicate(o.tickers);
        if (repeated !== undefined) c.report(`${OPTION}.tickers[${o.tickers.lastIndexOf(repeated)}]`, repeated, "must not repeat a ticker");
    }
    // The job rejects other tickers; the rule also keeps quotes out of the SQL literal.
    c.check(`${OPTION}.queryTicker`, o.queryTicker, (v) => (typeof v === "string" && TICKER.test(v) ? undefined : tickerRule));
    for (const option of Object.keys(aggregation.keys) as AggregationOption[]) {
        c.check(`${OPTION}.${option}`, o[option], inAggregationRange(option));
    }
    return c;
}

/**
 * The ticker job's descriptor. Throws a PipelineArgsError naming the option for a
 * value only the ticker job has a rule for (tickers, window); the component checks
 * the rest of the descriptor and names these options in its messages too.
 */
export function tickerJob(options: TickerJobOptions): PipelineJob {
    const o = { ...TICKER_JOB_DEFAULTS, ...definedOptions(options) };
    const checker = tickerOptionProblems(o);
    if (checker.problems.length > 0) throw new PipelineArgsError(`${OPTION}()`, checker.problems, "tickerJob()");
    const rejectedTableName = options.rejectedTableName ?? defaultRejectedTableName(o.tableName);
    const tables = tickerJobDescriptor.tables.map((t): TableDescriptor => {
        if (t.id === RESULTS_ID) {
            const [key] = t.partitionKeys!;
            return { ...t, name: o.tableName, prefix: o.outputPrefix, partitionKeys: [{ ...key, projection: { type: "enum", values: [...o.tickers] } }] };
        }
        return t.id === REJECTED_ID ? { ...t, name: rejectedTableName, prefix: o.rejectedPrefix } : t;
    });
    const job: PipelineJob = {
        ...tickerJobDescriptor,
        code: options.code,
        tables,
        queryParameters: { ...tickerJobDescriptor.queryParameters, [QUERY_TICKER]: o.queryTicker },
        propertyGroups: {
            [aggregation.groupId]: {
                [aggregation.keys.windowSeconds]: String(o.windowSeconds),
                [aggregation.keys.watermarkDelaySeconds]: String(o.watermarkDelaySeconds),
                [aggregation.keys.eventTimeMaxAheadSeconds]: String(o.eventTimeMaxAheadSeconds),
            },
        },
    };
    const results = tables.findIndex((t) => t.id === RESULTS_ID);
    const rejected = tables.findIndex((t) => t.id === REJECTED_ID);
    recordFieldOrigins(job, {
        code: `${OPTION}.code`,
        [`tables[${results}].name`]: `${OPTION}.tableName`,
        [`tables[${results}].prefix`]: `${OPTION}.outputPrefix`,
        [`tables[${results}].partitionKeys[0].projection.values`]: `${OPTION}.tickers`,
        [`tables[${rejected}].name`]: options.rejectedTableName === undefined ? `${OPTION}.tableName` : `${OPTION}.rejectedTableName`,
        [`tables[${rejected}].prefix`]: `${OPTION}.rejectedPrefix`,
        [`queryParameters.${QUERY_TICKER}`]: `${OPTION}.queryTicker`,
    });
    return job;
}

function definedOptions(options: TickerJobOptions): Partial<TickerJobOptions> {
    return Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
}
