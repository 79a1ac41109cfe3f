/** Prints each stage of a long run as it becomes ready, with its timing. */

export interface StageTiming {
    stage: string;
    /** Seconds since the run started, when the stage became ready. */
    readyAtSeconds: number;
    /** Seconds the stage itself took. */
    tookSeconds: number;
    detail: string;
}

export class StageReporter {
    readonly timings: StageTiming[] = [];
    private readonly startedAt = Date.now();
    private stageStartedAt = Date.now();
    private current = "";

    constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

    begin(stage: string, what: string): void {
        this.current = stage;
        this.stageStartedAt = Date.now();
        this.write(`${this.clock()} ${stage}: ${what}`);
    }

    /** A progress line inside the current stage. */
    note(message: string): void {
        this.write(`${this.clock()} ${this.current}: ${message}`);
    }

    ready(detail: string): StageTiming {
        const now = Date.now();
        const timing = {
            stage: this.current,
            readyAtSeconds: (now - this.startedAt) / 1000,
            tookSeconds: (now - this.stageStartedAt) / 1000,
            detail,
        };
        this.timings.push(timing);
        this.write(`${this.clock()} ${this.current}: ready in ${timing.tookSeconds.toFixed(1)} s, ${detail}`);
        return timing;
    }

    /** The stage that is running now; named in timeout and failure messages. */
    get stage(): string {
        return this.current;
    }

    private clock(): string {
        return `[${((Date.now() - this.startedAt) / 1000).toFixed(1).padStart(6)} s]`;
    }
}
