import { pathToFileURL } from "node:url";
import { sleep } from "../producer/sleep.js";

/**
 * The REST API of the local job's Flink mini-cluster (the same API a Flink
 * cluster's JobManager serves): which job runs, its checkpoints, and
 * stop-with-savepoint, the local counterpart of a snapshot on update in Managed Flink.
 * See https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/ops/rest_api/
 */
export interface FlinkJobStatus {
    id: string;
    status: string;
}

export interface CheckpointCounts {
    completed: number;
    failed: number;
    inProgress: number;
    /** The file:// path of the latest completed checkpoint, if any. */
    latestPath?: string;
}

const POLL_MS = 200;
const REQUEST_TIMEOUT_MS = 5_000;

export class FlinkRestError extends Error {
    constructor(
        message: string,
        readonly status?: number,
    ) {
        super(message);
    }
}

/** What the REST endpoint answers while the mini-cluster still elects its leader. */
const HTTP_UNAVAILABLE = 503;

export class FlinkRest {
    readonly baseUrl: string;

    constructor(port: number) {
        this.baseUrl = `http://127.0.0.1:${port}`;
    }

    private async request<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> {
        const response = await fetch(`${this.baseUrl}${route}`, {
            method,
            headers: body === undefined ? undefined : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await response.text();
        if (!response.ok) throw new FlinkRestError(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 500)}`, response.status);
        return JSON.parse(text) as T;
    }

    /** The mini-cluster's jobs (a local run has one), or undefined while REST is not up yet. */
    async jobs(): Promise<FlinkJobStatus[] | undefined> {
        try {
            return (await this.request<{ jobs: FlinkJobStatus[] }>("GET", "/jobs")).jobs;
        } catch (error) {
            if (error instanceof FlinkRestError && error.status !== HTTP_UNAVAILABLE) throw error;
            return undefined; // not listening, or not leading, yet
        }
    }

    /** Whether every task of the job runs; the job is RUNNING while its tasks still deploy and restore. */
    async allTasksRunning(jobId: string): Promise<boolean> {
        const job = await this.request<{ vertices: { status: string }[] }>("GET", `/jobs/${jobId}`);
        return job.vertices.length > 0 && job.vertices.every((v) => v.status === "RUNNING");
    }

    /**
     * Waits until a job and every one of its tasks is RUNNING and returns its id;
     * fails early when `exited` resolves first. Until all tasks run, Flink refuses a
     * checkpoint or savepoint ("Not all required tasks are currently running"), so a
     * stop right after start would fail.
     */
    async untilRunning(timeoutMs: number, exited?: Promise<unknown>): Promise<string> {
        let gone = false;
        void exited?.then(() => (gone = true));
        const giveUpAt = Date.now() + timeoutMs;
        for (;;) {
            const running = (await this.jobs())?.find((j) => j.status === "RUNNING");
            if (running && (await this.allTasksRunning(running.id))) return running.id;
            if (gone) throw new FlinkRestError(`the job process exited before a job was RUNNING at ${this.baseUrl}`);
            if (Date.now() > giveUpAt) throw new FlinkRestError(`no RUNNING job at ${this.baseUrl}/jobs within ${timeoutMs} ms`);
            await sleep(POLL_MS);
        }
    }

    async checkpoints(jobId: string): Promise<CheckpointCounts> {
        const stats = await this.request<{
            counts: { completed: number; failed: number; in_progress: number };
            latest?: { completed?: { external_path?: string } | null };
        }>("GET", `/jobs/${jobId}/checkpoints`);
        return {
            completed: stats.counts.completed,
            failed: stats.counts.failed,
            inProgress: stats.counts.in_progress,
            latestPath: stats.latest?.completed?.external_path ?? undefined,
        };
    }

    /** Waits until the job has completed at least `count` checkpoints; returns the counts. */
    async untilCheckpoints(jobId: string, count: number, timeoutMs: number): Promise<CheckpointCounts> {
        const giveUpAt = Date.now() + timeoutMs;
        for (;;) {
            const counts = await this.checkpoints(jobId);
            if (counts.completed >= count) return counts;
            if (Date.now() > giveUpAt) {
                throw new FlinkRestError(`job ${jobId}: ${counts.completed} of ${count} checkpoints completed within ${timeoutMs} ms`);
            }
            await sleep(POLL_MS);
        }
    }

    /**
     * Stops the job with a savepoint under `targetDir` and returns the savepoint's
     * path. Not drained: windows that are still open stay in the savepoint, so a
     * resumed job closes them as the events arrive (a drain would fire them early).
     */
    async stopWithSavepoint(jobId: string, targetDir: string, timeoutMs: number): Promise<string> {
        const { "request-id": requestId } = await this.request<{ "request-id": string }>("POST", `/jobs/${jobId}/stop`, {
            targetDirectory: pathToFileURL(targetDir).href,
            drain: false,
        });
        const giveUpAt = Date.now() + timeoutMs;
        for (;;) {
            const answer = await this.request<{
                status: { id: string };
                operation?: { location?: string; "failure-cause"?: { "stack-trace"?: string; class?: string } };
            }>("GET", `/jobs/${jobId}/savepoints/${requestId}`);
            if (answer.status.id === "COMPLETED") {
                const cause = answer.operation?.["failure-cause"];
                if (cause || !answer.operation?.location) {
                    throw new FlinkRestError(`stop-with-savepoint of job ${jobId} failed: ${cause?.["stack-trace"]?.split("\n")[0] ?? "no location"}`);
                }
                return answer.operation.location;
            }
            if (Date.now() > giveUpAt) throw new FlinkRestError(`stop-with-savepoint of job ${jobId} did not complete within ${timeoutMs} ms`);
            await sleep(POLL_MS);
        }
    }
}
