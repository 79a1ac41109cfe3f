import { sleep } from "../producer/sleep.js";
import type { KinesisActivity } from "./kinesis-activity.js";
import type { FlinkJobProcess } from "./flink-job.js";

/** A waiting stage ran out of time; the message names the stage and what was missing. */
export class StageTimeoutError extends Error {}

export interface JobWaitOptions {
    job: Pick<FlinkJobProcess, "exited" | "logTail">;
    intervalMs: number;
    timeoutSeconds: number;
    signal?: AbortSignal;
    /** Names the wait in errors, e.g. "stage 'wait'". */
    what: string;
}

/**
 * Calls `check` every `intervalMs` while the job runs, until it returns a value.
 * Resolves with that value, or with undefined when the time is up (the caller says
 * what was missing). Throws when the job exits or the signal aborts.
 */
export async function pollWhileJobRuns<T>(check: (elapsedSeconds: number) => T | undefined, o: JobWaitOptions): Promise<T | undefined> {
    const started = Date.now();
    for (;;) {
        const elapsed = (Date.now() - started) / 1000;
        const value = check(elapsed);
        if (value !== undefined) return value;
        if (o.signal?.aborted) throw new Error(`interrupted during ${o.what}`);
        if (elapsed > o.timeoutSeconds) return undefined;
        const exited = await Promise.race([o.job.exited.then(() => true), sleep(o.intervalMs, o.signal).then(() => false)]);
        if (exited) throw new Error(`${o.what} failed: the job exited. Last output:\n${o.job.logTail()}`);
    }
}

/** Waits for the connector's first GetRecords: it has listed the shards and got iterators. */
export async function untilJobPolls(job: FlinkJobProcess, activity: KinesisActivity, o: Omit<JobWaitOptions, "job" | "intervalMs">): Promise<void> {
    const polling = activity.next("GetRecords").then(() => "polling" as const);
    const exited = job.exited.then((code) => ({ code }));
    const outcome = await Promise.race([polling, exited, deadline(o.timeoutSeconds), aborted(o.signal)]);
    if (outcome === "polling") return;
    if (outcome === "interrupted") throw new Error(`interrupted during ${o.what}`);
    if (outcome === "timeout") {
        throw new StageTimeoutError(`${o.what} did not finish in ${o.timeoutSeconds} s: the job never called GetRecords. Last job output:\n${job.logTail()}`);
    }
    throw new Error(`${o.what} failed: the job exited with code ${outcome.code}. Last output:\n${job.logTail()}`);
}

function aborted(signal: AbortSignal | undefined): Promise<"interrupted"> {
    return new Promise((resolve) => {
        if (signal?.aborted) resolve("interrupted");
        signal?.addEventListener("abort", () => resolve("interrupted"), { once: true });
    });
}

function deadline(seconds: number): Promise<"timeout"> {
    return new Promise((resolve) => setTimeout(() => resolve("timeout"), seconds * 1000).unref());
}
