import type { KinesisClient } from "@aws-sdk/client-kinesis";
import * as fs from "node:fs";
import * as path from "node:path";
import { latestRetainedCheckpoint, savepoints } from "./checkpoints.js";
import { messageOf } from "./error-message.js";
import { FlinkRest } from "./flink-rest.js";
import { startFlinkJob, type FlinkJobProcess } from "./flink-job.js";
import { writeLocalJobProperties } from "./job-properties-file.js";
import { createStream, emulatorClient, freePort, startKinesisLocal, type KinesisEmulator } from "./kinesis-emulator.js";
import type { LocalJob } from "./local-job.js";
import { prepareOutputDir } from "./output-dir.js";

/**
 * The stream and the job with durable state, started fresh or resumed: the
 * emulator keeps its streams in the work folder, the job retains checkpoints
 * there, and a resumed run restores the newest checkpoint or savepoint and keeps
 * the output it finds. This is what `--serve` and `--resume` run, and what the
 * resume tests break on purpose.
 */
export interface DurablePipelineOptions {
    workDir: string;
    outDir: string;
    /** Restore the newest retained checkpoint or savepoint, keep the stream's records and the output. */
    resume: boolean;
    /** Restore exactly this checkpoint or savepoint (implies resume). */
    restoreFrom?: string;
    /** The job, its stream, tables and window (see local-job.ts). */
    job: LocalJob;
    shards: number;
    region: string;
    /** How long the job may take to be RUNNING. */
    timeoutSeconds: number;
    /** Kinesis-local's log lines, at DEBUG (each request); default: only its warnings, unread. */
    onEmulatorLog?: (line: string) => void;
}

export interface DurablePipeline {
    emulator: KinesisEmulator;
    client: KinesisClient;
    streamArn: string;
    job: FlinkJobProcess;
    rest: FlinkRest;
    jobId: string;
    /** The checkpoint or savepoint the job restored, if any. */
    restoredFrom?: string;
    /**
     * Stops the job with a savepoint (see FlinkRest.stopWithSavepoint), then everything; returns
     * the savepoint. Throws SavepointFailedError when no savepoint was taken.
     */
    stopWithSavepoint(timeoutMs?: number): Promise<string>;
    /** Stops the job and the emulator (its streams stay on disk). */
    stop(): Promise<void>;
}

/** The folders of durable state under the work folder. */
export function durableStateDirs(workDir: string) {
    return {
        kinesis: path.join(workDir, "kinesis"),
        checkpoints: path.join(workDir, "checkpoints"),
        savepoints: path.join(workDir, "savepoints"),
    };
}

/** The newest retained checkpoint or savepoint under the work folder: what `--resume` restores. */
export function newestRestorePoint(workDir: string): string | undefined {
    const dirs = durableStateDirs(workDir);
    const candidates = [latestRetainedCheckpoint(dirs.checkpoints)?.path, savepoints(dirs.savepoints)[0]].filter(
        (p): p is string => p !== undefined,
    );
    const mtime = (dir: string) => fs.statSync(path.join(dir, "_metadata")).mtimeMs;
    return candidates.sort((a, b) => mtime(b) - mtime(a))[0];
}

const SAVEPOINT_TIMEOUT_MS = 60_000;

/** stopWithSavepoint() could not take the savepoint; everything is stopped all the same. */
export class SavepointFailedError extends Error {
    constructor(readonly reason: unknown) {
        super(`the savepoint failed: ${messageOf(reason)}`);
    }
}

export async function startDurablePipeline(opts: DurablePipelineOptions): Promise<DurablePipeline> {
    const dirs = durableStateDirs(opts.workDir);
    const resume = opts.resume || opts.restoreFrom !== undefined;
    const restoredFrom = opts.restoreFrom ?? (resume ? newestRestorePoint(opts.workDir) : undefined);
    if (resume && restoredFrom === undefined) {
        throw new Error(`--resume: no retained checkpoint or savepoint under ${opts.workDir} to resume from; start without --resume`);
    }
    // A resumed run keeps the output, and reuses the folder only when an earlier run marked it.
    prepareOutputDir(opts.outDir, opts.job.descriptor.tables, resume ? "reuse" : "empty");
    if (!resume) for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
    for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });

    const emulator = await startKinesisLocal({ region: opts.region, persistDir: dirs.kinesis, logLevel: opts.onEmulatorLog ? "DEBUG" : "WARN", onLog: opts.onEmulatorLog });
    const client = emulatorClient(emulator);
    let job: FlinkJobProcess | undefined;
    const stop = async () => {
        await job?.stop();
        client.destroy();
        await emulator.stop();
    };
    try {
        const streamArn = await createStream(client, opts.job.streamName, opts.shards);
        const propertiesFile = path.join(opts.workDir, "application_properties.json");
        writeLocalJobProperties(propertiesFile, { job: opts.job.descriptor, streamArn, region: emulator.region, endpoint: emulator.endpoint, outDir: opts.outDir });
        const restPort = await freePort();
        job = startFlinkJob({
            propertiesFile,
            workDir: opts.workDir,
            accessKeyId: emulator.accountId,
            region: emulator.region,
            restPort,
            durableState: { checkpointDir: dirs.checkpoints, restoreFrom: restoredFrom },
            script: opts.job.script,
            jar: opts.job.jar,
        });
        const rest = new FlinkRest(restPort);
        const runningJob = job;
        const jobId = await rest.untilRunning(opts.timeoutSeconds * 1000, job.exited).catch((error: unknown) => {
            throw new Error(`${messageOf(error)}. Last job output:\n${runningJob.logTail()}`);
        });
        return {
            emulator,
            client,
            streamArn,
            job,
            rest,
            jobId,
            restoredFrom,
            stop,
            async stopWithSavepoint(timeoutMs = SAVEPOINT_TIMEOUT_MS) {
                let savepoint: string;
                try {
                    savepoint = new URL(await rest.stopWithSavepoint(jobId, dirs.savepoints, timeoutMs)).pathname;
                } catch (error) {
                    await stop();
                    throw new SavepointFailedError(error);
                }
                // A failure from here on is the stream's, not the savepoint's, which is taken.
                await stop().catch((error: unknown) => {
                    throw new Error(`the job stopped with savepoint ${savepoint}, but stopping the stream failed: ${messageOf(error)}`);
                });
                return savepoint;
            },
        };
    } catch (error) {
        await stop();
        throw error;
    }
}
