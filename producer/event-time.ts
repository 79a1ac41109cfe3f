/**
 * Where an event's time comes from.
 *
 * - `wall`: the current time, with microseconds.
 * - `simulated`: event i of n gets `start + i * span / n`, whatever the real
 *   time, so a short local run can cover (and close) several 1-minute windows.
 *   This needs n up front; the options check makes sure it is known.
 */
export type EventTimeMode = { mode: "wall" } | { mode: "simulated"; start: Date; spanSeconds: number };

export const EVENT_TIME_MODES: readonly EventTimeMode["mode"][] = ["wall", "simulated"];

/** Returns the time of event `index` in microseconds since the epoch. */
export type EventClock = (index: number) => number;

export function wallClock(): EventClock {
    // performance.now() has sub-millisecond resolution; Date.now() does not.
    return () => Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export function simulatedClock(start: Date, spanSeconds: number, totalEvents: number): EventClock {
    const startMicros = start.getTime() * 1000;
    const spanMicros = Math.round(spanSeconds * 1_000_000);
    return (index) => startMicros + Math.floor((index * spanMicros) / totalEvents);
}
