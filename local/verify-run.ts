import type { CommittedWindow, RejectedRecord } from "./committed-output.js";
import { windowKey, type ExpectedWindows } from "./expected-windows.js";
import { compareRejected, type MalformedRecord } from "./malformed-records.js";

/**
 * The ticker run's exactness check: every window the delivered events close is
 * committed once with the producer's numbers, and every malformed record comes back
 * rejected with its reason. Each problem is one line naming the window or record.
 */
export interface RunToVerify {
    expected: ExpectedWindows;
    windowsWanted: number;
    committed: readonly CommittedWindow[];
    malformed: readonly MalformedRecord[];
    rejected: readonly RejectedRecord[];
}

export function verifyRun(run: RunToVerify): string[] {
    return [
        ...windowsClosedProblems(run.expected, run.windowsWanted),
        ...compareWindows(run.expected, run.committed),
        ...compareRejected(run.malformed, run.rejected),
    ];
}

/** A run that closed fewer windows than asked has checked less than it claims. */
export function windowsClosedProblems(expected: ExpectedWindows, windowsWanted: number): string[] {
    const closed = new Set(expected.closed.map((w) => w.windowStartMs)).size;
    return closed >= windowsWanted ? [] : [`only ${closed} of ${windowsWanted} windows closed: the delivered events end too early`];
}

/** Every difference between the windows the events imply and those the job committed. */
export function compareWindows(expected: ExpectedWindows, committed: readonly CommittedWindow[]): string[] {
    const problems: string[] = [];
    const byKey = new Map<string, CommittedWindow[]>();
    for (const w of committed) byKey.set(windowKey(w), [...(byKey.get(windowKey(w)) ?? []), w]);
    const open = new Set(expected.open.map(windowKey));
    for (const want of expected.closed) {
        const key = windowKey(want);
        const got = byKey.get(key) ?? [];
        byKey.delete(key);
        if (got.length === 0) {
            problems.push(`${key}: missing (lost ${want.eventCount} events)`);
            continue;
        }
        if (got.length > 1) problems.push(`${key}: written ${got.length} times (duplicated)`);
        const w = got[0];
        if (w.eventCount !== want.eventCount) problems.push(`${key}: event_count ${w.eventCount}, expected ${want.eventCount}`);
        if (w.minPrice !== want.minPrice) problems.push(`${key}: min_price ${w.minPrice}, expected ${want.minPrice}`);
        if (w.maxPrice !== want.maxPrice) problems.push(`${key}: max_price ${w.maxPrice}, expected ${want.maxPrice}`);
        if (Math.abs(w.avgPrice - want.avgPrice) > 1e-9 * Math.abs(want.avgPrice)) {
            problems.push(`${key}: avg_price ${w.avgPrice}, expected ${want.avgPrice}`);
        }
        if (w.windowEndMs !== want.windowEndMs) problems.push(`${key}: window_end ${new Date(w.windowEndMs).toISOString()}`);
    }
    for (const key of byKey.keys()) {
        if (!open.has(key)) problems.push(`${key}: committed but no delivered event belongs to it`);
        else problems.push(`${key}: committed although the watermark has not passed it`);
    }
    return problems;
}
