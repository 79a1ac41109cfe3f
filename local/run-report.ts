import { CONNECTOR_POLLING_ACTIONS, isTickerRunResult, type JobRunResult, type TickerRunResult } from "./local-run.js";
import type { QueryResult } from "./athena-on-duckdb.js";
import { formatTable } from "./text-table.js";

/** What `npm run local` prints at the end: the queries' answers, then the run's figures. */

type Out = (line?: string) => void;

/** The result as one JSON document (the event lists as counts). */
export function resultJson(result: TickerRunResult | JobRunResult): string {
    if (!isTickerRunResult(result)) return JSON.stringify(result, null, 2);
    const { delivered, committed, ...rest } = result;
    return JSON.stringify({ ...rest, deliveredCount: delivered.length, committedCount: committed.length }, null, 2);
}

export function printReport(result: TickerRunResult | JobRunResult, out: Out = (s = "") => process.stdout.write(`${s}\n`)): void {
    printQueries(result.queries, out);
    out("\n== Run ==");
    if (isTickerRunResult(result)) printTickerFigures(result, out);
    else printJobFigures(result, out);
}

function printQueries(queries: readonly QueryResult[], out: Out): void {
    for (const q of queries) {
        out(`\n== ${q.query.name} (${q.query.id}) ==`);
        out(formatTable(q.columns, q.rows));
    }
}

function connectorLine(actions: readonly string[]): string {
    const granted = sameSet(actions, CONNECTOR_POLLING_ACTIONS) ? " (as contract/kinesis-connector.json grants)" : ` (contract grants ${CONNECTOR_POLLING_ACTIONS.join(", ")}!)`;
    return `connector Kinesis calls ${actions.join(", ")}${granted}`;
}

function printJobFigures(r: JobRunResult, out: Out): void {
    out(`records delivered       ${r.produced.delivered} of ${r.produced.generated} read from ${r.produced.fromFile?.path ?? "the file"}`);
    for (const [id, rows] of Object.entries(r.tableRows)) out(`table ${id.padEnd(18)}${rows} rows`);
    out(connectorLine(r.connectorActions));
    out(`output                  ${r.outDir}`);
    out(`stages                  ${r.stages.map((s) => `${s.stage} ${s.tookSeconds.toFixed(1)}s`).join(", ")}`);
}

function printTickerFigures(r: TickerRunResult, out: Out): void {
    out(`events delivered        ${r.produced.delivered} (seed ${r.produced.seed})`);
    out(`windows committed       ${r.committed.length}, expected ${r.expected.closed.length}`);
    out(`events in open windows  ${r.expected.open.reduce((n, w) => n + w.eventCount, 0)} (held until later events pass the watermark)`);
    out(`records rejected        ${r.rejected.length} of ${r.malformed.length} malformed records sent (${r.malformed.map((m) => m.reason).join(", ")})`);
    out(connectorLine(r.connectorActions));
    if (r.commitLatenciesMs.length > 0) {
        const sorted = [...r.commitLatenciesMs].sort((a, b) => a - b);
        out(`window close -> commit  median ${(sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(1)} s, max ${(sorted[sorted.length - 1] / 1000).toFixed(1)} s`);
    }
    out(`output                  ${r.outDir}`);
    if (r.chartFile) out(`chart                   ${r.chartFile}`);
    out(`stages                  ${r.stages.map((s) => `${s.stage} ${s.tookSeconds.toFixed(1)}s`).join(", ")}`);
    if (r.mismatches.length === 0) {
        out(`verified                every committed window equals the producer's events: 0 lost, 0 duplicated; every malformed record rejected with its reason`);
    } else {
        out(`MISMATCHES (${r.mismatches.length}):`);
        for (const m of r.mismatches.slice(0, 20)) out(`  ${m}`);
    }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((x) => b.includes(x));
}
