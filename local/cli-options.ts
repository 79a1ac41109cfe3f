import { Command, CommanderError, InvalidArgumentError, Option, type OutputConfiguration } from "commander";
import * as path from "node:path";
import { toCatalogIdentifier } from "../components/defaults.js";
import { unreadableFileProblem } from "../producer/record-sources.js";
import { TIME_FORMATS, type TimeFormat } from "../producer/time-format.js";
import { loadLocalJob, tickerLocalJob } from "./local-job.js";
import { DEFAULT_WORK_DIR } from "./paths.js";
import { countToClose, latestStart, LOCAL_RUN_DEFAULTS, type LocalRunOptions } from "./run-options.js";

/** What parseLocalCommandLine() throws: commander's error, with its message and exit code. */
export { CommanderError };

/** The exit code of a bad argument (commander's own default is 1, which here means "a window did not match"). */
export const EXIT_BAD_ARGUMENT = 2;

/** The command line, parsed and checked: what `npm run local` runs. */
export interface LocalCommandLine {
    options: LocalRunOptions;
    /** Stage events as JSON lines on stderr, the result as one JSON document on stdout. */
    json: boolean;
    /** --serve: keep the stream and the job up for any producer until Ctrl-C (serve.ts). */
    serve?: ServeMode;
}

export interface ServeMode {
    /** --resume: restore the newest checkpoint or savepoint, keep the stream's records and the output. */
    resume: boolean;
    /** --refresh: seconds between refreshes of the named queries and (the ticker job's) chart. */
    refreshSeconds: number;
}

const D = LOCAL_RUN_DEFAULTS;

/** A custom parser for a whole number in [min, max]; its message is the rule. */
function wholeNumber(min: number, max: number): (raw: string) => number {
    return (raw) => {
        const value = Number(raw);
        if (!/^\d+$/.test(raw) || value < min || value > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
        return value;
    };
}

/** Checks the date-time and keeps the text as given, so later messages quote it unchanged. */
function isoDateText(raw: string): string {
    if (!/^\d{4}-\d\d-\d\dT/.test(raw) || Number.isNaN(new Date(raw).getTime())) {
        throw new InvalidArgumentError("must be an ISO-8601 date-time such as 2026-11-25T12:00:00Z");
    }
    return raw;
}

/**
 * The flags, in help groups. A new flag goes into its group here and is read in
 * checkedOptions(); the run's modes (serve, resume) get a group of their own.
 */
function declareFlags(program: Command): void {
    program.optionsGroup("Job:");
    program.addOption(new Option("--job <dir>", "a job folder with a job.json (docs/job-descriptor.md), e.g. examples/sensor-averages (default: the ticker job, flink-src/)"));
    program.addOption(new Option("--events-file <file>", "with --job: the records to send, one JSON object a line, in file order"));
    program.optionsGroup("Ticker events (the ticker job):");
    program.addOption(new Option("--windows <n>", "full windows to close").default(D.windows).argParser(wholeNumber(1, 60)));
    program.addOption(new Option("--count <n>", "events to send").default(D.count).argParser(wholeNumber(1, 1_000_000)));
    program.addOption(new Option("--seed <n>", "reproducible prices and tickers (default: random, reported)").argParser(wholeNumber(0, 2 ** 31 - 1)));
    program.addOption(
        new Option("--start <iso>", "start of the simulated event time, a whole minute (default: the latest minute whose events all lie before now; the job rejects events from the future)")
            .argParser(isoDateText),
    );
    program.addOption(
        new Option("--time-format <format>", "iso: 2026-11-25T12:00:00.123Z; seed: Python isoformat(), no zone").choices([...TIME_FORMATS]).default(D.timeFormat),
    );
    program.optionsGroup("Stream:");
    program.addOption(new Option("--shards <n>", "shards of the local stream").default(D.shards).argParser(wholeNumber(1, 16)));
    program.addOption(new Option("--aggregate", "send KPL aggregated records (many events per Kinesis record), as the producer's --aggregate"));
    program.optionsGroup("Folders:");
    program.addOption(new Option("--work <dir>", "logs and generated job properties").default(path.relative(process.cwd(), DEFAULT_WORK_DIR) || "."));
    program.addOption(new Option("--out <dir>", "where the job writes, one folder per table prefix, as in the bucket (default: <work>/bucket)"));
    program.addOption(new Option("--chart <file>", "the ticker job's PNG chart (default: <work>/chart.png)"));
    program.optionsGroup("Serve (a long-running pipeline for your own producer):");
    program.addOption(new Option("--serve", "keep the stream and the job (the ticker job, or --job) running until Ctrl-C, print how clients reach the stream, show what commits as it commits"));
    program.addOption(new Option("--resume", "with --serve: continue from the newest checkpoint or savepoint, keeping the stream's records and the output"));
    program.addOption(new Option("--refresh <seconds>", "with --serve: how often the job's named queries (and the ticker job's chart) are refreshed").default(D.refreshSeconds).argParser(wholeNumber(1, 3600)));
    program.optionsGroup("Run:");
    program.addOption(new Option("--timeout <seconds>", "limit of each waiting stage").default(D.timeoutSeconds).argParser(wholeNumber(10, 3600)));
    program.addOption(new Option("--json", "stage events as JSON lines on stderr, the result as JSON on stdout"));
    program.helpOption("-h, --help", "print this help");
}

function newProgram(output?: OutputConfiguration): Command {
    const program = new Command("npm run local --")
        .usage("[options]")
        .description(
            "Runs the whole pipeline on this machine: kinesis-local, the job (flink-src/main.py, or --job) on a local " +
                "Flink mini-cluster, the producer, DuckDB in place of Athena, and (for the ticker job) a chart.",
        )
        .exitOverride()
        .showHelpAfterError("(run with --help for usage)")
        .addHelpText("after", "\nExit codes: 0 every window checks out; 1 a mismatch or a failed stage; 2 a bad argument; 130 interrupted.");
    if (output !== undefined) program.configureOutput(output);
    return program;
}

/**
 * Parses and checks the command line. Throws commander's CommanderError: exit code 0
 * after --help, EXIT_BAD_ARGUMENT for anything wrong, with a message that names the
 * flag, the value and the rule.
 */
export function parseLocalCommandLine(argv: string[], output?: OutputConfiguration, now: Date = new Date()): LocalCommandLine {
    const program = newProgram(output);
    declareFlags(program);
    try {
        program.parse(argv, { from: "user" });
        return checkedOptions(program, now);
    } catch (error) {
        if (error instanceof CommanderError && error.exitCode !== 0) {
            throw new CommanderError(EXIT_BAD_ARGUMENT, error.code, error.message);
        }
        throw error;
    }
}

/** The flags that only apply to generated ticker events. */
const TICKER_EVENT_FLAGS = ["windows", "count", "seed", "start", "timeFormat"];

/** --job and --events-file: the job folder loads, and a job other than the ticker job gets its events from the file. */
function jobOptions(program: Command, options: LocalRunOptions, invalid: (flag: string, value: unknown, rule: string) => never): void {
    const flags = program.opts();
    try {
        options.job = flags.job === undefined ? tickerLocalJob(options) : loadLocalJob(flags.job, options);
    } catch (error) {
        invalid("--job <dir>", flags.job, (error as Error).message);
    }
    // --serve reads what producers send: serveMode() refuses --events-file and the ticker event flags.
    if (flags.serve === true) return;
    if (options.job!.isTickerJob) {
        if (flags.eventsFile !== undefined) {
            invalid("--events-file <file>", flags.eventsFile, "applies to a job other than the ticker job, whose events come from the producer (--count, --seed)");
        }
        return;
    }
    if (flags.eventsFile === undefined) {
        invalid("--job <dir>", flags.job, "is not the ticker job, so it needs its records: give --events-file FILE.jsonl (examples/sensor-averages ships generate-readings.ts)");
    }
    const problem = unreadableFileProblem(flags.eventsFile);
    if (problem !== undefined) invalid("--events-file <file>", flags.eventsFile, problem);
    options.eventsFile = path.resolve(flags.eventsFile);
    for (const name of TICKER_EVENT_FLAGS) {
        const option = program.options.find((o) => o.attributeName() === name)!;
        if (program.getOptionValueSource(name) === "cli") {
            invalid(option.flags, flags[name], "applies to the ticker job's generated events, not to a --job with --events-file");
        }
    }
}

/** --serve and --resume, for the ticker job or any --job: the job reads what producers send, so the flags of generated events and --events-file do not apply. */
function serveMode(program: Command, options: LocalRunOptions, invalid: (flag: string, value: unknown, rule: string) => never): ServeMode {
    const flags = program.opts();
    if (flags.serve !== true) invalid("--resume", true, "applies to --serve: run `npm run local -- --serve --resume`");
    for (const name of [...TICKER_EVENT_FLAGS, "eventsFile"]) {
        if (program.getOptionValueSource(name) === "cli") {
            const option = program.options.find((o) => o.attributeName() === name)!;
            invalid(option.flags, flags[name], "does not apply to --serve, where your own producer sends the events");
        }
    }
    return { resume: flags.resume === true, refreshSeconds: flags.refresh };
}

/** The rules that span flags, reported as commander reports a bad value: flag, value, rule. */
function checkedOptions(program: Command, now: Date): LocalCommandLine {
    const flags = program.opts();
    const invalid = (flag: string, value: unknown, rule: string): never =>
        program.error(`error: option '${flag}' argument '${value}' is invalid. ${rule}`, { code: "local.invalidArgument" });
    const workDir = path.resolve(flags.work);
    const options: LocalRunOptions = {
        windows: flags.windows,
        count: flags.count,
        seed: flags.seed,
        start: new Date(0),
        timeFormat: flags.timeFormat as TimeFormat,
        shards: flags.shards,
        aggregate: flags.aggregate === true,
        windowSeconds: D.windowSeconds,
        watermarkDelaySeconds: D.watermarkDelaySeconds,
        tailSeconds: D.tailSeconds,
        outDir: path.resolve(flags.out ?? path.join(workDir, "bucket")),
        workDir,
        chartFile: path.resolve(flags.chart ?? path.join(workDir, "chart.png")),
        timeoutSeconds: flags.timeout,
        region: D.region,
        database: toCatalogIdentifier(D.pipelineName),
    };
    if (flags.job !== undefined || flags.eventsFile !== undefined) jobOptions(program, options, invalid);
    if (flags.serve === true || flags.resume === true) return { options, json: flags.json === true, serve: serveMode(program, options, invalid) };
    if (options.job !== undefined && !options.job.isTickerJob) return { options, json: flags.json === true };
    options.start = flags.start === undefined ? latestStart(options, now) : new Date(flags.start);
    if (options.start.getTime() % (options.windowSeconds * 1000) !== 0) {
        invalid("--start <iso>", flags.start, "must fall on a window boundary (a whole minute), or the first window is not full");
    }
    const needed = Math.max(options.windows * 10, countToClose(options));
    if (options.count < needed) {
        invalid(
            "--count <n>",
            options.count,
            `must be at least ${needed} to close ${options.windows} window(s) (10 events per window, and the last event past the watermark delay)`,
        );
    }
    return { options, json: flags.json === true };
}
