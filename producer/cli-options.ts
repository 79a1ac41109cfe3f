import { Command, CommanderError, InvalidArgumentError, Option, type OutputConfiguration } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_TICKERS } from "./events.js";
import type { PartitionKeyMode } from "./partition-key.js";
import {
    DEFAULT_CONCURRENCY,
    DEFAULT_SPAN_SECONDS,
    OptionError,
    resolveOptions,
    type ProduceOptions,
    type ResolvedOptions,
} from "./produce-options.js";
import { DEFAULT_RETRY_POLICY } from "./retry-policy.js";
import { parseZonedTime } from "./zoned-time.js";

/** What parseCommandLine() throws: commander's error, with its message and exit code. */
export { CommanderError };

/** The command line, parsed and checked: what the CLI runs. */
export interface CliOptions {
    /** Print one JSON summary on stdout instead of the human one. */
    json: boolean;
    /** Write each delivered event, as sent, to this JSON Lines file. */
    eventsOut?: string;
    /** Legal but probably unintended choices, one line each, for stderr. */
    warnings: string[];
    produce: Omit<ProduceOptions, "signal" | "onProgress" | "onDelivered" | "onDeliveredData" | "client">;
}

/** The exit code of a bad argument (commander's own default is 1, which here means "not delivered"). */
export const EXIT_BAD_ARGUMENT = 2;

const WHOLE_NUMBER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

function wholeNumber(raw: string): number {
    if (!WHOLE_NUMBER.test(raw) || !Number.isSafeInteger(Number(raw))) throw new InvalidArgumentError("must be a whole number");
    return Number(raw);
}

function decimal(raw: string): number {
    if (!DECIMAL.test(raw)) throw new InvalidArgumentError("must be a number such as 10 or 2.5");
    return Number(raw);
}

function zonedTime(raw: string): Date {
    const parsed = parseZonedTime(raw);
    if ("problem" in parsed) throw new InvalidArgumentError(parsed.problem);
    return parsed.date;
}

function partitionKeyMode(raw: string): PartitionKeyMode {
    if (raw === "ticker" || raw === "random") return raw;
    const field = /^field:(.+)$/.exec(raw)?.[1];
    if (field === undefined) {
        throw new InvalidArgumentError("must be ticker, random, or field:NAME (a top-level field of each --from-file line)");
    }
    return { field };
}

/** The flags, each declared once with the library option it sets, so a library error can name its flag. */
function declareFlags(program: Command): Map<string, Option> {
    const flagOf = new Map<string, Option>();
    const add = (option: Option, libraryOption?: string) => {
        program.addOption(option);
        if (libraryOption !== undefined) flagOf.set(libraryOption, option);
    };
    const group = (title: string) => program.optionsGroup(title);

    group("Target:");
    add(new Option("--stream-name <name>", "stream to write to").conflicts("streamArn"), "streamName");
    add(new Option("--stream-arn <arn>", "... or its ARN (its region is used unless --region is given)"), "streamArn");
    add(new Option("--endpoint <url>", "a local emulator, e.g. http://127.0.0.1:4568"), "endpoint");
    add(new Option("--region <region>", "default: the SDK chain (AWS_REGION, profile); credentials always come from the SDK chain"), "region");

    group("How much:");
    add(new Option("--count <n>", "stop after N events (or file lines)").argParser(wholeNumber), "count");
    add(
        new Option("--duration <seconds>", "stop after this long; with --rate, after rate x seconds events, even if a slow stream makes the run take longer")
            .argParser(decimal),
        "durationSeconds",
    );
    add(new Option("--rate <n>", "events per second (default: as fast as the stream takes them)").argParser(decimal), "rate");

    group("Events:");
    add(
        new Option("--from-file <file>", "replay this JSON Lines file, one record per line, in file order, instead of generating ticker events")
            .conflicts(["tickers", "eventTime", "start", "span", "timeFormat"]),
        "fromFile",
    );
    add(new Option("--seed <n>", "reproducible tickers, prices and random keys (default: random, reported)").argParser(wholeNumber), "seed");
    add(new Option("--tickers <list>", `comma-separated (default ${DEFAULT_TICKERS.join(",")})`).argParser((raw) => raw.split(",").map((t) => t.trim())), "tickers");
    add(new Option("--event-time <mode>", "wall: the current time; simulated: spread over --span").choices(["wall", "simulated"]), "eventTime.mode");
    add(new Option("--start <time>", "simulated: first event time, with a zone (default: now, to the minute)").argParser(zonedTime), "eventTime.start");
    add(new Option("--span <seconds>", `simulated: event time covered by the run (default ${DEFAULT_SPAN_SECONDS})`).argParser(decimal), "eventTime.spanSeconds");
    add(
        new Option("--time-format <format>", "iso: 2026-11-25T12:00:00.123Z; seed: Python isoformat, 2026-11-25T12:00:00.123456").choices(["iso", "seed"]),
        "timeFormat",
    );

    group("Sending:");
    add(
        new Option("--partition-key <mode>", "ticker (default for events), random (default for --from-file), or field:NAME").argParser(partitionKeyMode),
        "partitionKey",
    );
    add(new Option("--aggregate", "pack events into KPL aggregated records, per shard (needs kinesis:ListShards)"), "aggregate");
    add(new Option("--concurrency <n>", `PutRecords batches in flight (default ${DEFAULT_CONCURRENCY})`).argParser(wholeNumber), "concurrency");
    add(
        new Option("--max-attempts <n>", `PutRecords calls per batch before giving up (default ${DEFAULT_RETRY_POLICY.maxAttempts})`).argParser(wholeNumber),
        "retry.maxAttempts",
    );
    add(
        new Option("--max-retry-seconds <s>", `time per batch before giving up (default ${DEFAULT_RETRY_POLICY.maxRetrySeconds})`).argParser(decimal),
        "retry.maxRetrySeconds",
    );

    group("Output:");
    add(new Option("--json", "print one JSON summary on stdout"));
    add(new Option("--events-out <file>", "write every delivered event to FILE (JSON Lines, as sent)"));
    program.helpOption("-h, --help", "print this help");
    return flagOf;
}

function newProgram(output?: OutputConfiguration): Command {
    const program = new Command("produce")
        .usage("(--stream-name NAME | --stream-arn ARN) [options]")
        .description("Writes ticker events {event_time, ticker, price}, or the lines of a JSON Lines file, to a Kinesis data stream.")
        .exitOverride()
        // Positional arguments are reported below, quoting the one that is not a flag's value.
        .allowExcessArguments(true)
        .showHelpAfterError("(run with --help for usage)")
        .addHelpText(
            "after",
            "\nExit codes: 0 all delivered; 1 something failed or unknown (sent, no answer), or a fatal error; 2 a bad argument.",
        );
    if (output !== undefined) program.configureOutput(output);
    return program;
}

/** A repeated flag is a mistake (commander keeps the last value), so name it and both values. */
function rejectRepeatedFlags(program: Command): void {
    const seen = new Map<string, string | undefined>();
    for (const option of program.options) {
        program.on(`option:${option.name()}`, (value?: string) => {
            const flag = option.long ?? option.flags;
            if (seen.has(flag)) {
                const first = seen.get(flag);
                const values = first === undefined ? "" : ` (${JSON.stringify(first)}, then ${JSON.stringify(value)})`;
                program.error(`error: option '${option.flags}' given more than once${values}; give each flag once`, {
                    code: "produce.repeatedOption",
                });
            }
            seen.set(flag, value);
        });
    }
}

/**
 * Parses and checks the command line. Every rule is checked here (syntax,
 * choices, conflicts) or by the library's resolveOptions(), whose error is then
 * reported against the flag that set the option. Throws commander's
 * CommanderError: exit code 0 after --help, EXIT_BAD_ARGUMENT otherwise.
 */
export function parseCommandLine(argv: string[], output?: OutputConfiguration, now: Date = new Date()): CliOptions {
    const program = newProgram(output);
    const flagOf = declareFlags(program);
    rejectRepeatedFlags(program);
    try {
        program.parse(argv, { from: "user" });
        return checkedOptions(program, flagOf, now);
    } catch (error) {
        if (error instanceof CommanderError && error.exitCode !== 0) {
            throw new CommanderError(EXIT_BAD_ARGUMENT, error.code, error.message);
        }
        throw error;
    }
}

function checkedOptions(program: Command, flagOf: Map<string, Option>, now: Date): CliOptions {
    const fail = (message: string): never => program.error(`error: ${message}`, { code: "produce.invalidArgument" });
    const flags = program.opts();
    if (program.args.length > 0) {
        fail(`unexpected argument '${program.args[0]}'; every value follows its flag`);
    }
    if (flags.streamName === undefined && flags.streamArn === undefined) {
        fail("give the stream with --stream-name or --stream-arn");
    }
    const simulated = flags.eventTime === "simulated";
    for (const flag of ["start", "span"] as const) {
        const given = flags[flag] instanceof Date ? flags[flag].toISOString() : flags[flag];
        if (given !== undefined && !simulated) fail(`option '--${flag}' argument '${given}' only applies with --event-time simulated`);
    }
    if (simulated && flags.count === undefined && (flags.duration === undefined || flags.rate === undefined)) {
        fail("option '--event-time simulated' needs --count, or --duration with --rate, to know how many events to spread over --span");
    }
    if (flags.eventsOut !== undefined) {
        const problem = eventsOutProblem(flags.eventsOut);
        if (problem !== undefined) fail(`option '--events-out <file>' argument '${flags.eventsOut}' ${problem}`);
    }
    const produce = produceOptionsOf(flags, now);
    let resolved: ResolvedOptions;
    try {
        resolved = resolveOptions(produce);
    } catch (error) {
        if (!(error instanceof OptionError)) throw error;
        const option = flagOf.get(error.option);
        // Quote the offending string (e.g. the one bad ticker), or what the parser made of the flag's value.
        const value = typeof error.value === "string" ? error.value : error.value instanceof Date ? error.value.toISOString() : JSON.stringify(error.value);
        return fail(`option '${option?.flags ?? error.option}' argument '${value}' is invalid. ${error.rule}`);
    }
    return { json: flags.json === true, eventsOut: flags.eventsOut, warnings: warningsFor(resolved), produce };
}

function produceOptionsOf(flags: Record<string, any>, now: Date): CliOptions["produce"] {
    const mode = flags.eventTime as "wall" | "simulated" | undefined;
    return {
        streamName: flags.streamName,
        streamArn: flags.streamArn,
        endpoint: flags.endpoint,
        region: flags.region,
        count: flags.count,
        durationSeconds: flags.duration,
        rate: flags.rate,
        fromFile: flags.fromFile,
        aggregate: flags.aggregate,
        seed: flags.seed,
        tickers: flags.tickers,
        partitionKey: flags.partitionKey,
        concurrency: flags.concurrency,
        eventTime:
            mode === "simulated"
                ? { mode, start: flags.start ?? new Date(Math.floor(now.getTime() / 60_000) * 60_000), spanSeconds: flags.span ?? DEFAULT_SPAN_SECONDS }
                : mode === undefined
                  ? undefined
                  : { mode },
        timeFormat: flags.timeFormat,
        retry: { maxAttempts: flags.maxAttempts, maxRetrySeconds: flags.maxRetrySeconds },
    };
}

/**
 * Checked before the run, not when the file is written at the end: a bad path
 * found then would come after every event was already sent.
 */
function eventsOutProblem(file: string): string | undefined {
    if (statOf(file)?.isDirectory()) return "is a directory; give a file path";
    const directory = statOf(path.dirname(path.resolve(file)));
    if (directory === undefined) return "is in a directory that does not exist";
    if (!directory.isDirectory()) return "has a parent that is not a directory";
    return undefined;
}

/** What is at `file`, or undefined when nothing can be there (missing, or under a file). */
function statOf(file: string): fs.Stats | undefined {
    try {
        return fs.statSync(file);
    } catch {
        return undefined;
    }
}

function warningsFor(options: ResolvedOptions): string[] {
    const warnings: string[] = [];
    if (options.fromFile === undefined && options.partitionKey === "ticker" && options.tickers.length === 1) {
        warnings.push(
            `warning: --tickers ${JSON.stringify(options.tickers[0])} with --partition-key ticker puts every record on one shard; ` +
                `use --partition-key random to spread them over all shards`,
        );
    }
    return warnings;
}
