import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
    DEFAULT_CONCURRENCY,
    DEFAULT_SPAN_SECONDS,
    OptionError,
    resolveOptions,
    type ProduceOptions,
    type ResolvedOptions,
} from "./options.js";
import { DEFAULT_RETRY_POLICY } from "./retry-policy.js";
import { DEFAULT_TICKERS } from "./events.js";

/** A bad command line: names the flag, the value and the rule. The CLI exits with code 2. */
export class ArgumentError extends Error {
    constructor(
        readonly flag: string,
        readonly value: string | undefined,
        readonly rule: string,
    ) {
        super(value === undefined ? `${flag}: ${rule}` : `${flag} ${JSON.stringify(value)}: ${rule}`);
        this.name = "ArgumentError";
    }
}

export interface CliArguments {
    help: boolean;
    /** Print one JSON summary on stdout instead of the human one. */
    json: boolean;
    /** Write each delivered event, as sent, to this JSON Lines file. */
    eventsOut?: string;
    /** Legal but probably unintended choices, one line each, for stderr. */
    warnings: string[];
    produce: Omit<ProduceOptions, "signal" | "onProgress" | "onDelivered" | "client">;
}

export const USAGE = `Usage: npm run produce -- (--stream-name NAME | --stream-arn ARN) [options]

Writes ticker events {event_time, ticker, price} to a Kinesis data stream.

Target
  --stream-name NAME         stream to write to
  --stream-arn ARN           ... or its ARN (its region is used unless --region is given)
  --endpoint URL             a local emulator, e.g. http://127.0.0.1:4568
  --region REGION            default: the SDK chain (AWS_REGION, profile)
                             credentials always come from the SDK chain

How much
  --count N                  stop after N events
  --duration SECONDS         stop after this long; with --rate, after rate x SECONDS events,
                             even if a slow stream makes the run take longer
                             (with --count: whichever comes first; with neither, run until Ctrl-C)
  --rate N                   events per second (default: as fast as the stream takes them)

Events
  --seed N                   reproducible tickers, prices and random keys (default: random, reported)
  --tickers A,B,C            default ${DEFAULT_TICKERS.join(",")}
  --event-time MODE          wall (default) | simulated
  --start ISO-TIME           simulated: first event time, with a zone (default: now, to the minute)
  --span SECONDS             simulated: event time covered by the run (default ${DEFAULT_SPAN_SECONDS})
  --time-format FORMAT       iso (default, 2026-11-25T12:00:00.123Z)
                             | seed (Python isoformat, 2026-11-25T12:00:00.123456)

Sending
  --partition-key MODE       ticker (default) | random
  --concurrency N            PutRecords batches in flight (default ${DEFAULT_CONCURRENCY})
  --max-attempts N           PutRecords calls per batch before giving up (default ${DEFAULT_RETRY_POLICY.maxAttempts})
  --max-retry-seconds S      time per batch before giving up (default ${DEFAULT_RETRY_POLICY.maxRetrySeconds})

Output
  --json                     print one JSON summary on stdout
  --events-out FILE          write every delivered event to FILE (JSON Lines, as sent)
  -h, --help

Exit codes: 0 all delivered, 1 something undelivered or a fatal error, 2 bad arguments.
`;

/** Where each library option comes from on the command line, to word errors in flags. */
const FLAG_OF_OPTION: Record<string, string> = {
    streamName: "--stream-name",
    streamArn: "--stream-arn",
    endpoint: "--endpoint",
    region: "--region",
    count: "--count",
    durationSeconds: "--duration",
    rate: "--rate",
    seed: "--seed",
    tickers: "--tickers",
    partitionKey: "--partition-key",
    concurrency: "--concurrency",
    "eventTime.mode": "--event-time",
    "eventTime.start": "--start",
    "eventTime.spanSeconds": "--span",
    timeFormat: "--time-format",
    "retry.maxAttempts": "--max-attempts",
    "retry.maxRetrySeconds": "--max-retry-seconds",
};

const WHOLE_NUMBER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
const ZONED_ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function wholeNumber(flag: string, raw: string | undefined): number | undefined {
    if (raw === undefined) return undefined;
    if (!WHOLE_NUMBER.test(raw) || !Number.isSafeInteger(Number(raw))) {
        throw new ArgumentError(flag, raw, "must be a whole number");
    }
    return Number(raw);
}

function decimal(flag: string, raw: string | undefined): number | undefined {
    if (raw === undefined) return undefined;
    if (!DECIMAL.test(raw)) {
        throw new ArgumentError(flag, raw, "must be a number such as 10 or 2.5");
    }
    return Number(raw);
}

function startTime(raw: string | undefined, now: Date): Date {
    if (raw === undefined) {
        return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    }
    const date = new Date(raw);
    if (!ZONED_ISO_TIME.test(raw) || Number.isNaN(date.getTime())) {
        throw new ArgumentError("--start", raw, "must be an ISO 8601 time with a zone, e.g. 2026-11-25T12:00:00Z");
    }
    return date;
}

function parseFlags(argv: string[]) {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            // The tokens show each occurrence; values alone keep only the last one.
            tokens: true,
            options: {
                "stream-name": { type: "string" },
                "stream-arn": { type: "string" },
                endpoint: { type: "string" },
                region: { type: "string" },
                count: { type: "string" },
                duration: { type: "string" },
                rate: { type: "string" },
                seed: { type: "string" },
                tickers: { type: "string" },
                "partition-key": { type: "string" },
                concurrency: { type: "string" },
                "event-time": { type: "string" },
                start: { type: "string" },
                span: { type: "string" },
                "time-format": { type: "string" },
                "max-attempts": { type: "string" },
                "max-retry-seconds": { type: "string" },
                json: { type: "boolean" },
                "events-out": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (error) {
        // parseArgs words its errors around the flag: "Unknown option '--cout'", "Option '--count <value>' argument missing".
        const message = error instanceof Error ? error.message : String(error);
        const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "arguments";
        const code = (error as { code?: string }).code;
        const rule =
            code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
                ? "unknown option (see --help)"
                : code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL"
                  ? "unexpected argument; every value follows its flag (see --help)"
                  : message.includes("argument missing")
                    ? "needs a value"
                    : message.includes("ambiguous")
                      ? `needs a value; write one that starts with "-" as ${flag}=VALUE`
                      : message.includes("does not take an argument")
                        ? "takes no value"
                        : message;
        const value = code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" ? /'([^']*)'/.exec(message)?.[1] : undefined;
        throw new ArgumentError(code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" ? "arguments" : flag, value, rule);
    }
    rejectRepeatedFlags(parsed.tokens);
    return parsed.values;
}

/** A repeated flag is a mistake (parseArgs would silently keep the last value), so name it and both values. */
function rejectRepeatedFlags(tokens: { kind: string; name?: string; value?: string }[]): void {
    const seen = new Map<string, string | undefined>();
    for (const token of tokens) {
        if (token.kind !== "option" || token.name === undefined) continue;
        const flag = `--${token.name}`;
        if (seen.has(flag)) {
            const first = seen.get(flag);
            const values = first === undefined ? "" : ` (${JSON.stringify(first)}, then ${JSON.stringify(token.value)})`;
            throw new ArgumentError(flag, undefined, `given more than once${values}; give each flag once`);
        }
        seen.set(flag, token.value);
    }
}

/**
 * Parses and checks the command line. Every rule is checked here or by the
 * library's resolveOptions(); either way the error names the flag.
 */
export function parseCliArgs(argv: string[], now: Date = new Date()): CliArguments {
    const flags = parseFlags(argv);
    if (flags.help) {
        return { help: true, json: false, warnings: [], produce: {} };
    }

    const streamName = flags["stream-name"];
    const streamArn = flags["stream-arn"];
    if (streamName === undefined && streamArn === undefined) {
        throw new ArgumentError("--stream-name", undefined, "give the stream with --stream-name or --stream-arn");
    }
    if (streamName !== undefined && streamArn !== undefined) {
        throw new ArgumentError("--stream-arn", streamArn, "give either --stream-name or --stream-arn, not both");
    }

    const count = wholeNumber("--count", flags.count);
    const durationSeconds = decimal("--duration", flags.duration);
    const rate = decimal("--rate", flags.rate);
    const mode = flags["event-time"];
    if (mode !== "simulated") {
        for (const flag of ["start", "span"] as const) {
            if (flags[flag] !== undefined) {
                throw new ArgumentError(`--${flag}`, flags[flag], "only applies with --event-time simulated");
            }
        }
    }
    if (mode === "simulated" && count === undefined && (durationSeconds === undefined || rate === undefined)) {
        throw new ArgumentError(
            "--event-time",
            mode,
            "needs --count, or --duration with --rate, to know how many events to spread over --span",
        );
    }
    const eventsOut = flags["events-out"];
    if (eventsOut !== undefined) checkEventsOut(eventsOut);

    const produce: CliArguments["produce"] = {
        streamName,
        streamArn,
        endpoint: flags.endpoint,
        region: flags.region,
        count,
        durationSeconds,
        rate,
        seed: wholeNumber("--seed", flags.seed),
        tickers: flags.tickers?.split(",").map((t) => t.trim()),
        partitionKey: flags["partition-key"] as ProduceOptions["partitionKey"],
        concurrency: wholeNumber("--concurrency", flags.concurrency),
        eventTime:
            mode === "simulated"
                ? {
                      mode,
                      start: startTime(flags.start, now),
                      spanSeconds: decimal("--span", flags.span) ?? DEFAULT_SPAN_SECONDS,
                  }
                : mode === undefined
                  ? undefined
                  : ({ mode } as ProduceOptions["eventTime"]),
        timeFormat: flags["time-format"] as ProduceOptions["timeFormat"],
        retry: {
            maxAttempts: wholeNumber("--max-attempts", flags["max-attempts"]),
            maxRetrySeconds: decimal("--max-retry-seconds", flags["max-retry-seconds"]),
        },
    };

    let resolved: ResolvedOptions;
    try {
        resolved = resolveOptions(produce);
    } catch (error) {
        if (!(error instanceof OptionError)) throw error;
        const flag = FLAG_OF_OPTION[error.option] ?? error.option;
        // Quote the offending string (e.g. the one bad ticker), or what the user typed for parsed values.
        const raw = typeof error.value === "string" ? error.value : rawValue(flags, flag);
        throw new ArgumentError(flag, raw, error.rule);
    }
    return { help: false, json: flags.json ?? false, eventsOut, warnings: warningsFor(resolved), produce };
}

/**
 * Checked before the run, not when the file is written at the end: a bad path
 * found then would come after every event was already sent.
 */
function checkEventsOut(file: string): void {
    if (statOf(file)?.isDirectory()) {
        throw new ArgumentError("--events-out", file, "is a directory; give a file path");
    }
    const directory = statOf(path.dirname(path.resolve(file)));
    if (directory === undefined) {
        throw new ArgumentError("--events-out", file, "its directory does not exist");
    }
    if (!directory.isDirectory()) {
        throw new ArgumentError("--events-out", file, "its parent is not a directory");
    }
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
    if (options.partitionKey === "ticker" && options.tickers.length === 1) {
        warnings.push(
            `warning: --tickers ${JSON.stringify(options.tickers[0])} with --partition-key ticker puts every record on one shard; ` +
                `use --partition-key random to spread them over all shards`,
        );
    }
    return warnings;
}

function rawValue(flags: Record<string, string | boolean | undefined>, flag: string): string | undefined {
    const value = flags[flag.replace(/^--/, "")];
    return typeof value === "string" ? value : undefined;
}
