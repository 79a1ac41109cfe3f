/**
 * A backlog on kinesis-local and what a job makes of it: the stream is filled with
 * ticker events (random partition keys, so every shard holds every ticker) before the
 * job starts, the job reads it from TRIM_HORIZON, and every window the events close is
 * compared with the committed output. Used by tests/local/backlog.test.ts (lossless,
 * 4 shards) and by bench/local/backlog.ts (the before/after table).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { bucketFolders } from "../../local/bucket-folders.js";
import { readCommittedWindows } from "../../local/committed-output.js";
import { expectedWindows, windowKey, type ExpectedWindows } from "../../local/expected-windows.js";
import { startFlinkJob } from "../../local/flink-job.js";
import { writeLocalJobProperties } from "../../local/job-properties-file.js";
import { createStream, emulatorClient, startKinesisLocal, type KinesisEmulator } from "../../local/kinesis-emulator.js";
import { compareWindows } from "../../local/verify-run.js";
import { tickerLocalJob } from "../../local/local-job.js";
import { pollWhileJobRuns } from "../../local/stage-waits.js";
import { produce, type TickerEvent } from "../../producer/index.js";

export const WINDOW_SECONDS = 60;
export const DELAY_SECONDS = 5;
const CHECKPOINT_SECONDS = 2;
const POLL_MS = 250;

export interface Backlog {
    emulator: KinesisEmulator;
    client: KinesisClient;
    streamArn: string;
    shards: number;
    delivered: TickerEvent[];
    expected: ExpectedWindows;
    /** Stops the emulator. */
    close(): Promise<void>;
}

export interface BacklogOptions {
    shards: number;
    events: number;
    /** Full windows of event time the events span. */
    windows: number;
    seed: number;
    signal?: AbortSignal;
}

/** Starts kinesis-local and writes the whole backlog; the caller closes it. */
export async function fillBacklog(opts: BacklogOptions): Promise<Backlog> {
    const emulator = await startKinesisLocal({ logLevel: "WARN" });
    const client = emulatorClient(emulator);
    const close = async () => {
        client.destroy();
        await emulator.stop();
    };
    try {
        const streamArn = await createStream(client, `backlog-${opts.shards}`, opts.shards);
        const delivered: TickerEvent[] = [];
        const produced = await produce({
            streamArn,
            endpoint: emulator.endpoint,
            region: emulator.region,
            credentials: { accessKeyId: emulator.accountId, secretAccessKey: "local" },
            count: opts.events,
            seed: opts.seed,
            // Random keys put every ticker on every shard; one batch in flight keeps each
            // shard in event-time order, so a lossless job drops nothing as late.
            partitionKey: "random",
            concurrency: 1,
            eventTime: {
                mode: "simulated",
                start: new Date("2026-11-25T12:00:00Z"),
                spanSeconds: opts.windows * WINDOW_SECONDS + DELAY_SECONDS + 5,
            },
            signal: opts.signal,
            onDelivered: (events) => delivered.push(...events),
        });
        if (produced.delivered !== opts.events) {
            throw new Error(`backlog: delivered ${produced.delivered} of ${opts.events} events (failed ${produced.failed})`);
        }
        const expected = expectedWindows(delivered, WINDOW_SECONDS, DELAY_SECONDS);
        return { emulator, client, streamArn, shards: opts.shards, delivered, expected, close };
    } catch (error) {
        await close();
        throw error;
    }
}

export interface BacklogResult {
    /** Events in the windows the backlog closes, what the committed output counts of them, and the difference. */
    inClosedWindows: number;
    aggregated: number;
    lost: number;
    /** Closed windows missing from the output, or with other numbers. */
    mismatches: string[];
    /** From the job's start to the last committed window. */
    seconds: number;
}

export interface JobRunOptions {
    parallelism: number;
    workDir: string;
    /** The job to run. @default flink-src/main.py */
    script?: string;
    /** How long to wait for the closed windows to be committed. */
    timeoutSeconds: number;
    signal?: AbortSignal;
}

/** Runs a job over the backlog from TRIM_HORIZON until it has committed what it will, then stops it. */
export async function runJobOnBacklog(backlog: Backlog, opts: JobRunOptions): Promise<BacklogResult> {
    fs.mkdirSync(opts.workDir, { recursive: true });
    const outDir = path.join(opts.workDir, "bucket");
    const propertiesFile = path.join(opts.workDir, "application_properties.json");
    writeLocalJobProperties(propertiesFile, {
        job: tickerLocalJob({ windowSeconds: WINDOW_SECONDS, watermarkDelaySeconds: DELAY_SECONDS }).descriptor,
        streamArn: backlog.streamArn,
        region: backlog.emulator.region,
        endpoint: backlog.emulator.endpoint,
        outDir,
    });
    const started = Date.now();
    const job = startFlinkJob({
        propertiesFile,
        workDir: opts.workDir,
        accessKeyId: backlog.emulator.accountId,
        region: backlog.emulator.region,
        checkpointInterval: `${CHECKPOINT_SECONDS} s`,
        flinkConfig: { "parallelism.default": String(opts.parallelism) },
        script: opts.script,
    });
    try {
        const wanted = backlog.expected.closed.map(windowKey);
        // Windows fire in event-time order: once the last ones are committed, and a checkpoint
        // later, everything the job will ever write for this backlog is there. (A window whose
        // events were all dropped as late never appears; waiting for it would only time out.)
        const lastStart = Math.max(...backlog.expected.closed.map((w) => w.windowStartMs));
        const last = backlog.expected.closed.filter((w) => w.windowStartMs === lastStart).map(windowKey);
        let lastCommittedAt: number | undefined;
        // Out of time: what is committed by then is the result.
        await pollWhileJobRuns(
            () => {
                const got = new Set(readCommittedWindows(bucketFolders(outDir).results).map(windowKey));
                if (wanted.every((k) => got.has(k))) return true;
                if (lastCommittedAt === undefined && last.every((k) => got.has(k))) lastCommittedAt = Date.now();
                return lastCommittedAt !== undefined && Date.now() - lastCommittedAt > 3 * CHECKPOINT_SECONDS * 1000 ? true : undefined;
            },
            { job, intervalMs: POLL_MS, timeoutSeconds: opts.timeoutSeconds, signal: opts.signal, what: "the backlog run" },
        );
        const seconds = (Date.now() - started) / 1000;
        const committed = readCommittedWindows(bucketFolders(outDir).results);
        const byKey = new Map(committed.map((w) => [windowKey(w), w.eventCount]));
        const inClosedWindows = backlog.expected.closed.reduce((n, w) => n + w.eventCount, 0);
        const aggregated = backlog.expected.closed.reduce((n, w) => n + Math.min(byKey.get(windowKey(w)) ?? 0, w.eventCount), 0);
        return {
            inClosedWindows,
            aggregated,
            lost: inClosedWindows - aggregated,
            mismatches: compareWindows(backlog.expected, committed),
            seconds,
        };
    } finally {
        await job.stop();
    }
}
