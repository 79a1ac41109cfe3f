#!/usr/bin/env node
import { CommanderError } from "commander";
import * as fs from "node:fs";
import { EXIT_BAD_ARGUMENT, parseCommandLine, type CliOptions } from "./cli-options.js";
import { errorMessage } from "./errors.js";
import { OptionError } from "./produce-options.js";
import { produce } from "./produce.js";
import { StatusLine, wantsStatusLine } from "./progress.js";
import { allDelivered, formatSummary, type ProduceSummary } from "./summary.js";

const EXIT_DELIVERED = 0;
const EXIT_UNDELIVERED = 1;
const EXIT_INTERRUPTED_TWICE = 130;

/** Writes delivered events as JSON Lines, byte for byte what was put on the stream. */
function openEventsOut(file: string | undefined) {
    if (file === undefined) return undefined;
    const stream = fs.createWriteStream(file, { flags: "w" });
    let error: Error | undefined;
    stream.on("error", (e) => (error ??= e));
    return {
        write: (data: Uint8Array[]) => {
            stream.write(Buffer.concat(data.flatMap((d) => [d, Buffer.from("\n")])));
        },
        close: () =>
            new Promise<Error | undefined>((resolve) => {
                if (error) return resolve(error);
                stream.end(() => resolve(error));
            }),
    };
}

/** Ctrl-C (or SIGTERM) once: finish the batches in flight; twice: quit at once. */
function stopOnSignals(controller: AbortController): () => void {
    let interrupts = 0;
    const onSignal = () => {
        interrupts++;
        if (interrupts > 1) process.exit(EXIT_INTERRUPTED_TWICE);
        process.stderr.write("\nstopping: finishing the batches in flight (Ctrl-C again to quit at once)\n");
        controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    return () => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
    };
}

async function run(cli: CliOptions): Promise<number> {
    const controller = new AbortController();
    const stopListening = stopOnSignals(controller);
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
            onDeliveredData: eventsOut?.write,
        });
    } finally {
        status.clear();
        stopListening();
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
    return allDelivered(summary) ? EXIT_DELIVERED : EXIT_UNDELIVERED;
}

async function main(argv: string[]): Promise<number> {
    // The SDK warns that Node 20 support ends in 2027; that is noise in every run's output.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    let cli: CliOptions;
    try {
        cli = parseCommandLine(argv);
    } catch (error) {
        // commander has printed the message (or the help) already.
        if (error instanceof CommanderError) return error.exitCode;
        throw error;
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
        process.exitCode = error instanceof OptionError ? EXIT_BAD_ARGUMENT : EXIT_UNDELIVERED;
    },
);
