import { CommanderError, parseLocalCommandLine, type LocalCommandLine, type ServeMode } from "./cli-options.js";
import { messageOf } from "./error-message.js";
import { tickerLocalJob } from "./local-job.js";
import { isTickerRunResult, runLocal } from "./local-run.js";
import { printReport, resultJson } from "./run-report.js";
import { serve } from "./serve.js";
import { ensurePythonAndConnector } from "./setup.js";
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
    if (parsed.serve) return serveUntilStopped(parsed, parsed.serve);
    const reporter = new StageReporter(parsed.json ? jsonLines() : humanLines());
    const result = await runLocal({ ...parsed.options, signal: controller.signal }, reporter);
    if (parsed.json) process.stdout.write(`${resultJson(result)}\n`);
    else printReport(result);
    // A job other than the ticker job has no exactness check: every record delivered and the run finished.
    return isTickerRunResult(result) && result.mismatches.length > 0 ? 1 : 0;
}

/** --serve: up until Ctrl-C, then stopped with a savepoint. Exit 0 once stopped cleanly. */
async function serveUntilStopped({ options }: LocalCommandLine, mode: ServeMode): Promise<number> {
    const job = options.job ?? tickerLocalJob(options);
    await ensurePythonAndConnector((line) => process.stderr.write(`setup: ${line}\n`), job.dir);
    process.stderr.write(`starting kinesis-local and ${job.script}${mode.resume ? ", resumed" : ""}\n`);
    const result = await serve({
        workDir: options.workDir,
        outDir: options.outDir,
        resume: mode.resume,
        job,
        shards: options.shards,
        region: options.region,
        timeoutSeconds: options.timeoutSeconds,
        database: options.database,
        refreshSeconds: mode.refreshSeconds,
        chartFile: options.chartFile,
        signal: controller.signal,
        out: (line) => process.stdout.write(`${line}\n`),
    });
    return result.savepoint === undefined ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(`local pipeline failed: ${messageOf(error)}\n`);
        process.exit(controller.signal.aborted ? 130 : 1);
    },
);
