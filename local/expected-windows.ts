import type { TickerEvent } from "../producer/index.js";

/**
 * What the job must write for a sequence of delivered events, computed without
 * Flink: event-time tumbling windows [start, start + width), a watermark of
 * (largest event time - delay), and a window that is closed (written) once the
 * watermark reaches its last millisecond. Events behind the watermark of an
 * already closed window are late and dropped, as Flink does.
 */
export interface WindowStats {
    ticker: string;
    windowStartMs: number;
    windowEndMs: number;
    avgPrice: number;
    minPrice: number;
    maxPrice: number;
    eventCount: number;
}

export interface ExpectedWindows {
    /** Windows the job has emitted once it has read every event. */
    closed: WindowStats[];
    /** Windows still waiting for a later event to pass the watermark. */
    open: WindowStats[];
    /** Events that arrived after their window had closed. */
    late: number;
    /** The watermark after the last event, in ms. */
    watermarkMs: number;
}

/** Milliseconds since the epoch for the producer's `iso` and `seed` formats (zone-less = UTC). */
export function eventTimeMillis(text: string): number {
    const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z?$/.exec(text);
    if (!match) throw new Error(`event_time ${JSON.stringify(text)} is neither ISO-8601 UTC nor Python isoformat()`);
    const [, y, mo, d, h, mi, s, fraction = ""] = match;
    // Flink keeps milliseconds and cuts the rest; so do we.
    const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + millis;
}

export function expectedWindows(events: readonly TickerEvent[], windowSeconds: number, delaySeconds: number): ExpectedWindows {
    const width = windowSeconds * 1000;
    const buckets = new Map<string, { ticker: string; start: number; prices: number[] }>();
    let watermark = -Infinity;
    let late = 0;
    for (const event of events) {
        const at = eventTimeMillis(event.event_time);
        const start = at - (((at % width) + width) % width);
        if (start + width - 1 <= watermark) {
            late++;
            continue;
        }
        const key = `${event.ticker}\u0000${start}`;
        const bucket = buckets.get(key) ?? { ticker: event.ticker, start, prices: [] };
        bucket.prices.push(event.price);
        buckets.set(key, bucket);
        watermark = Math.max(watermark, at - delaySeconds * 1000);
    }
    const closed: WindowStats[] = [];
    const open: WindowStats[] = [];
    for (const { ticker, start, prices } of buckets.values()) {
        const stats: WindowStats = {
            ticker,
            windowStartMs: start,
            windowEndMs: start + width,
            avgPrice: prices.reduce((a, b) => a + b, 0) / prices.length,
            minPrice: Math.min(...prices),
            maxPrice: Math.max(...prices),
            eventCount: prices.length,
        };
        (start + width - 1 <= watermark ? closed : open).push(stats);
    }
    const order = (a: WindowStats, b: WindowStats) => a.windowStartMs - b.windowStartMs || a.ticker.localeCompare(b.ticker);
    return { closed: closed.sort(order), open: open.sort(order), late, watermarkMs: watermark };
}

/** A stable key for matching expected and committed windows. */
export function windowKey(w: Pick<WindowStats, "ticker" | "windowStartMs">): string {
    return `${w.ticker}@${new Date(w.windowStartMs).toISOString()}`;
}
