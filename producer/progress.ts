import type { ProduceCounters } from "./counters.js";

/** What a running produce() reports each interval. */
export interface ProgressSnapshot {
    elapsedMs: number;
    generated: number;
    delivered: number;
    failed: number;
    unknown: number;
    retried: number;
    throttled: number;
    inFlightBatches: number;
    /** Delivered since the previous snapshot, per second. */
    eventsPerSecond: number;
    mibPerSecond: number;
}

const MIB = 1024 * 1024;

/** Turns running counters into snapshots with rates over the last interval. */
export class ProgressMeter {
    private lastAt: number;
    private lastDelivered = 0;
    private lastBytes = 0;

    constructor(
        private readonly counters: ProduceCounters,
        private readonly startedAt: number,
    ) {
        this.lastAt = startedAt;
    }

    snapshot(now = Date.now()): ProgressSnapshot {
        const c = this.counters;
        const seconds = Math.max(now - this.lastAt, 1) / 1000;
        const snapshot: ProgressSnapshot = {
            elapsedMs: now - this.startedAt,
            generated: c.generated,
            delivered: c.delivered,
            failed: c.failed,
            unknown: c.unknown,
            retried: c.retried,
            throttled: c.throttled,
            inFlightBatches: c.inFlight,
            eventsPerSecond: (c.delivered - this.lastDelivered) / seconds,
            mibPerSecond: (c.bytesDelivered - this.lastBytes) / MIB / seconds,
        };
        this.lastAt = now;
        this.lastDelivered = c.delivered;
        this.lastBytes = c.bytesDelivered;
        return snapshot;
    }
}

export function formatStatusLine(p: ProgressSnapshot): string {
    return (
        `${(p.elapsedMs / 1000).toFixed(0)}s  ${Math.round(p.eventsPerSecond)} events/s  ` +
        `${p.mibPerSecond.toFixed(2)} MiB/s  delivered ${p.delivered}  retries ${p.retried}  ` +
        `throttled ${p.throttled}  failed ${p.failed}  unknown ${p.unknown}  in-flight ${p.inFlightBatches}`
    );
}

/**
 * Whether the CLI shows its status line: only for a person watching both
 * streams. Pipes, logs and --json (read by programs) stay clean.
 */
export function wantsStatusLine(terminal: { stdoutIsTTY: boolean; stderrIsTTY: boolean; json: boolean }): boolean {
    return terminal.stdoutIsTTY && terminal.stderrIsTTY && !terminal.json;
}

/**
 * The CLI's live status line: rewritten in place on a terminal, absent
 * otherwise, so logs and pipes never fill up with progress noise.
 */
export class StatusLine {
    private shown = false;

    constructor(private readonly stream: NodeJS.WriteStream & { isTTY?: boolean } = process.stderr) {}

    get enabled(): boolean {
        return this.stream.isTTY === true;
    }

    update(progress: ProgressSnapshot): void {
        if (!this.enabled) return;
        this.stream.write(`\r\x1b[2K${formatStatusLine(progress)}`);
        this.shown = true;
    }

    clear(): void {
        if (!this.shown) return;
        this.stream.write("\r\x1b[2K");
        this.shown = false;
    }
}
