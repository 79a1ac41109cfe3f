import { windowKey, type ExpectedWindows, type WindowStats } from "./expected-windows.js";

/**
 * How many windows a run committed exactly once: the figure a resume must keep at
 * 0 lost and 0 duplicated. (compareWindows in pipeline.ts lists each difference,
 * values included; this counts them.)
 */
export interface WindowTally {
    /** Windows the delivered events closed. */
    compared: number;
    /** Closed windows with no committed row. */
    lost: number;
    /** Extra committed rows of closed windows (a window written 3 times counts 2). */
    duplicated: number;
    /** Committed rows of windows that no delivered event closed. */
    unexpected: number;
}

export function tallyWindows(expected: ExpectedWindows, committed: readonly Pick<WindowStats, "ticker" | "windowStartMs">[]): WindowTally {
    const counts = new Map<string, number>();
    for (const w of committed) counts.set(windowKey(w), (counts.get(windowKey(w)) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    for (const w of expected.closed) {
        const n = counts.get(windowKey(w)) ?? 0;
        counts.delete(windowKey(w));
        if (n === 0) lost++;
        else duplicated += n - 1;
    }
    const unexpected = [...counts.values()].reduce((a, b) => a + b, 0);
    return { compared: expected.closed.length, lost, duplicated, unexpected };
}

export function formatTally(t: WindowTally): string {
    return `${t.compared} windows compared, ${t.lost} lost, ${t.duplicated} duplicated${t.unexpected ? `, ${t.unexpected} unexpected` : ""}`;
}
