import { formatTable } from "./text-table.js";
import { CommanderError, parseLocalCommandLine } from "./cli-options.js";
import { CONNECTOR_POLLING_ACTIONS, runLocal, type LocalRunResult } from "./local-run.js";
import { humanLines, jsonLines, StageReporter } from "./stage-reporter.js";
import { abortOnStopSignals } from "./stop-signals.js";

/** Ctrl-C (or SIGTERM, SIGHUP): finish the current step, stop every process, exit 130. */
const controller = new AbortController();

/** `npm run local`: the whole pipeline on this machine. Exit 0 when every window checks out. */
async function main(): Promise<number> {
    // Node 20 is what this machine has; the SDK's notice about Node 22 is noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    let parsed;
    try {
        parsed = parseLocalCommandLine(process.argv.slice(2));
    } catch (error) {
        // commander has printed the help or the error (with a pointer to --help).
        if (error instanceof CommanderError) return error.exitCode;
        throw error;
    }
    abortOnStopSignals(controller, (signal) =>
        process.stderr.write(`\ninterrupted (${signal}): finishing the current step, then stopping everything\n`),
    );
    const reporter = new StageReporter(parsed.json ? jsonLines() : humanLines());
    const result = await runLocal({ ...parsed.options, signal: controller.signal }, reporter);
    if (parsed.json) {
        const { delivered, committed, ...rest } = result;
        process.stdout.write(`${JSON.stringify({ ...rest, deliveredCount: delivered.length, committedCount: committed.length }, null, 2)}\n`);
    } else {
        printReport(result);
    }
    return result.mismatches.length === 0 ? 0 : 1;
}

function printReport(r: LocalRunResult): void {
    const out = (s = "") => process.stdout.write(`${s}\n`);
    for (const q of r.queries) {
        out(`\n== ${q.query.name} (${q.query.id}) ==`);
        out(formatTable(q.columns, q.rows));
    }
    out("\n== Run ==");
    out(`events delivered        ${r.produced.delivered} (seed ${r.produced.seed})`);
    out(`windows committed       ${r.committed.length}, expected ${r.expected.closed.length}`);
    out(`events in open windows  ${r.expected.open.reduce((n, w) => n + w.eventCount, 0)} (held until later events pass the watermark)`);
    out(`records rejected        ${r.rejected.length} of ${r.malformed.length} malformed records sent (${r.malformed.map((m) => m.reason).join(", ")})`);
    out(`connector Kinesis calls ${r.connectorActions.join(", ")}${sameSet(r.connectorActions, CONNECTOR_POLLING_ACTIONS) ? " (as contract/kinesis-connector.json grants)" : ` (contract grants ${CONNECTOR_POLLING_ACTIONS.join(", ")}!)`}`);
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

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(`local pipeline failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(controller.signal.aborted ? 130 : 1);
    },
);
