import type { TickerEvent } from "../producer/index.js";
import { readCommittedWindows } from "./committed-output.js";
import { eventTimeMillis, windowKey } from "./expected-windows.js";

/** How often the run looks at the output folder. */
export const COMMIT_POLL_MS = 200;

/** When (wall clock) the stream first held an event at or past each event time. */
export class ClosingTimes {
    private readonly marks: { eventMs: number; at: number }[] = [];
    private maxEventMs = -Infinity;

    record(events: readonly TickerEvent[], at: number): void {
        for (const e of events) this.maxEventMs = Math.max(this.maxEventMs, eventTimeMillis(e.event_time));
        this.marks.push({ eventMs: this.maxEventMs, at });
    }

    /** The delivery time of the first event with event time >= eventMs. */
    closedAt(eventMs: number): number {
        return this.marks.find((m) => m.eventMs >= eventMs)?.at ?? NaN;
    }
}

/** Polls the output folder and remembers when each window's committed file first appeared. */
export class CommitWatch {
    private readonly seenAt = new Map<string, number>();
    private timer: NodeJS.Timeout | undefined;

    constructor(private readonly resultsDir: string) {}

    start(): void {
        this.timer = setInterval(() => this.refresh(), COMMIT_POLL_MS);
    }

    stop(): void {
        clearInterval(this.timer);
    }

    has(key: string): boolean {
        return this.seenAt.has(key);
    }

    firstSeen(key: string): number {
        return this.seenAt.get(key) ?? NaN;
    }

    /** Reads the folder once and records windows seen for the first time. */
    refresh(): void {
        const now = Date.now();
        for (const w of readCommittedWindows(this.resultsDir)) {
            const key = windowKey(w);
            if (!this.seenAt.has(key)) this.seenAt.set(key, now);
        }
    }
}
