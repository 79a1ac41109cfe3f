import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The local job's durable state: retained checkpoints under the work folder, and
 * where a restarted job restores from. Flink writes each checkpoint as
 * `<dir>/<job id>/chk-<n>/_metadata`; a checkpoint without `_metadata` was cut
 * short (the process died while writing it) and cannot be restored.
 */
export interface DurableStateOptions {
    /** Retained checkpoints go here, one folder per job id. */
    checkpointDir: string;
    /** A retained checkpoint or a savepoint to start from (Flink's execution.savepoint.path). */
    restoreFrom?: string;
}

/** Checkpoints kept per job: enough to fall back past one that a crash cut short. */
const RETAINED_CHECKPOINTS = 3;

/** The Flink options that give the job its durable state (the interval is the job's FLINK_CHECKPOINT_INTERVAL). */
export function durableStateFlinkOptions(opts: DurableStateOptions): Record<string, string> {
    return {
        "execution.checkpointing.mode": "EXACTLY_ONCE",
        "state.checkpoints.dir": pathToFileURL(opts.checkpointDir).href,
        // Kept when the job is cancelled or its process dies, so a restart can read them.
        "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
        "state.checkpoints.num-retained": String(RETAINED_CHECKPOINTS),
        ...(opts.restoreFrom ? { "execution.savepoint.path": pathToFileURL(opts.restoreFrom).href } : {}),
    };
}

export interface RetainedCheckpoint {
    /** The chk-<n> folder. */
    path: string;
    jobId: string;
    id: number;
    completedAtMs: number;
}

/** Every restorable checkpoint under `checkpointDir`, oldest first. */
export function retainedCheckpoints(checkpointDir: string): RetainedCheckpoint[] {
    if (!fs.existsSync(checkpointDir)) return [];
    const found: RetainedCheckpoint[] = [];
    for (const jobId of fs.readdirSync(checkpointDir)) {
        const jobDir = path.join(checkpointDir, jobId);
        if (!fs.statSync(jobDir).isDirectory()) continue;
        for (const name of fs.readdirSync(jobDir)) {
            const match = /^chk-(\d+)$/.exec(name);
            const metadata = path.join(jobDir, name, "_metadata");
            if (!match || !fs.existsSync(metadata)) continue;
            found.push({ path: path.join(jobDir, name), jobId, id: Number(match[1]), completedAtMs: fs.statSync(metadata).mtimeMs });
        }
    }
    return found.sort((a, b) => a.completedAtMs - b.completedAtMs || a.id - b.id);
}

/** The checkpoint a restarted job should restore from: the last one completed, of any earlier job. */
export function latestRetainedCheckpoint(checkpointDir: string): RetainedCheckpoint | undefined {
    return retainedCheckpoints(checkpointDir).at(-1);
}

/** A savepoint folder as Flink writes it (`savepoint-<job>-<random>/_metadata`), newest first. */
export function savepoints(savepointDir: string): string[] {
    if (!fs.existsSync(savepointDir)) return [];
    return fs
        .readdirSync(savepointDir)
        .map((name) => path.join(savepointDir, name))
        .filter((dir) => fs.existsSync(path.join(dir, "_metadata")))
        .sort((a, b) => fs.statSync(path.join(b, "_metadata")).mtimeMs - fs.statSync(path.join(a, "_metadata")).mtimeMs);
}
