/**
 * The stages of a long run as structured events: each stage is started, may note
 * progress, and ends ready or failed, with details a program can read (pids,
 * endpoints, counts). People read them as lines (formatStageEvent), programs and
 * tests as the events themselves (`--json` prints one JSON object a line).
 */

export type StageState = "started" | "progress" | "ready" | "failed";

/** Facts about a stage: `pid`, `endpoint`, `streamArn`, `delivered`, ... */
export type StageDetails = Record<string, string | number | boolean>;

export interface StageEvent {
    stage: string;
    state: StageState;
    /** Seconds since the run started. */
    atSeconds: number;
    /** Seconds the stage took; on ready and failed events. */
    tookSeconds?: number;
    /** What a person reads: what the stage does, its progress, or its outcome. */
    message: string;
    details: StageDetails;
}

export interface StageTiming {
    stage: string;
    /** Seconds since the run started, when the stage became ready. */
    readyAtSeconds: number;
    /** Seconds the stage itself took. */
    tookSeconds: number;
    detail: string;
}

export type StageListener = (event: StageEvent) => void;

/** One line a person reads, e.g. `[  12.3 s] job: ready in 8.1 s, pid 4242, ...`. */
export function formatStageEvent(e: StageEvent): string {
    const clock = `[${e.atSeconds.toFixed(1).padStart(6)} s]`;
    if (e.state === "ready") return `${clock} ${e.stage}: ready in ${e.tookSeconds!.toFixed(1)} s, ${e.message}`;
    if (e.state === "failed") return `${clock} ${e.stage}: failed after ${e.tookSeconds!.toFixed(1)} s: ${e.message}`;
    return `${clock} ${e.stage}: ${e.message}`;
}

/** A listener that writes each event as a line for people (the default: stderr). */
export function humanLines(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): StageListener {
    return (event) => write(formatStageEvent(event));
}

/** A listener that writes each event as one JSON object a line. */
export function jsonLines(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): StageListener {
    return (event) => write(JSON.stringify(event));
}

export class StageReporter {
    readonly timings: StageTiming[] = [];
    private readonly startedAt = Date.now();
    private stageStartedAt = Date.now();
    private current = "";

    constructor(private readonly listener: StageListener = humanLines()) {}

    begin(stage: string, what: string, details: StageDetails = {}): void {
        this.current = stage;
        this.stageStartedAt = Date.now();
        this.emit("started", what, details);
    }

    /** A progress line inside the current stage. */
    note(message: string, details: StageDetails = {}): void {
        this.emit("progress", message, details);
    }

    ready(message: string, details: StageDetails = {}): StageTiming {
        const event = this.emit("ready", message, details);
        const timing = { stage: this.current, readyAtSeconds: event.atSeconds, tookSeconds: event.tookSeconds!, detail: message };
        this.timings.push(timing);
        return timing;
    }

    /** The current stage ends with an error; the run reports it, then stops what it started. */
    fail(message: string, details: StageDetails = {}): void {
        this.emit("failed", message, details);
    }

    /** The stage that is running now; named in timeout and failure messages. */
    get stage(): string {
        return this.current;
    }

    private emit(state: StageState, message: string, details: StageDetails): StageEvent {
        const now = Date.now();
        const ends = state === "ready" || state === "failed";
        const event: StageEvent = {
            stage: this.current,
            state,
            atSeconds: (now - this.startedAt) / 1000,
            ...(ends ? { tookSeconds: (now - this.stageStartedAt) / 1000 } : {}),
            message,
            details,
        };
        this.listener(event);
        return event;
    }
}
