#!/usr/bin/env node
import * as fs from "node:fs";
import { ArgumentError, parseCliArgs, USAGE, type CliArguments } from "./args.js";
import { errorMessage } from "./errors.js";
import type { TickerEvent } from "./events.js";
import { OptionError } from "./options.js";
import { produce } from "./produce.js";
import { StatusLine, wantsStatusLine } from "./progress.js";
import { formatSummary, type ProduceSummary } from "./summary.js";

const EXIT_DELIVERED = 0;
const EXIT_UNDELIVERED = 1;
const EXIT_BAD_ARGUMENTS = 2;
const EXIT_INTERRUPTED_TWICE = 130;

/** Writes delivered events as JSON Lines, byte for byte what was put on the stream. */
function openEventsOut(file: string | undefined) {
    if (file === undefined) return undefined;
    const stream = fs.createWriteStream(file, { flags: "w" });
    let error: Error | undefined;
    stream.on("error", (e) => (error ??= e));
    return {
        write: (events: TickerEvent[]) => {
            stream.write(events.map((e) => JSON.stringify(e) + "\n").join(""));
        },
        close: () =>
            new Promise<Error | undefined>((resolve) => {
                if (error) return resolve(error);
                stream.end(() => resolve(error));
            }),
    };
}

async function run(cli: CliArguments): Promise<number> {
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = () => {
        interrupts++;
        if (interrupts > 1) process.exit(EXIT_INTERRUPTED_TWICE);
        process.stderr.write("\nstopping: finishing the batches in flight (Ctrl-C again to quit at once)\n");
        controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);

    const status = new StatusLine(process.stderr);
    const showStatus = wantsStatusLine({
        stdoutIsTTY: process.stdout.isTTY === true,
        stderrIsTTY: process.stderr.isTTY === true,
        json: cli.json,
    });
    const eventsOut = openEventsOut(cli.eventsOut);
    let summary: ProduceSummary;
    try {
        summary = await produce({
            ...cli.produce,
            signal: controller.signal,
            onProgress: showStatus ? (p) => status.update(p) : undefined,
            onDelivered: eventsOut?.write,
        });
    } finally {
        status.clear();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
    }
    const writeError = await eventsOut?.close();
    process.stdout.write((cli.json ? JSON.stringify(summary) : formatSummary(summary)) + "\n");
    if (summary.fatalError?.includes("Region is missing")) {
        process.stderr.write("produce: give the region with --region or AWS_REGION\n");
    }
    if (writeError) {
        process.stderr.write(`produce: could not write --events-out ${cli.eventsOut}: ${writeError.message}\n`);
        return EXIT_UNDELIVERED;
    }
    return summary.failed === 0 && summary.fatalError === undefined ? EXIT_DELIVERED : EXIT_UNDELIVERED;
}

async function main(argv: string[]): Promise<number> {
    // The SDK warns that Node 20 support ends in 2027; that is noise in every run's output.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    let cli: CliArguments;
    try {
        cli = parseCliArgs(argv);
    } catch (error) {
        if (!(error instanceof ArgumentError)) throw error;
        process.stderr.write(`produce: ${error.message}\nRun with --help for usage.\n`);
        return EXIT_BAD_ARGUMENTS;
    }
    if (cli.help) {
        process.stdout.write(USAGE);
        return EXIT_DELIVERED;
    }
    for (const warning of cli.warnings) process.stderr.write(`produce: ${warning}\n`);
    return run(cli);
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`produce: ${errorMessage(error)}\n`);
        process.exitCode = error instanceof OptionError ? EXIT_BAD_ARGUMENTS : EXIT_UNDELIVERED;
    },
);
