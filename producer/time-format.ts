/**
 * How an event time is written into the record.
 *
 * - `iso`:  ISO 8601 in UTC with milliseconds, `2026-11-25T12:00:00.123Z`.
 * - `seed`: what the seed's Python producer sent, `datetime.isoformat()` of a
 *   naive datetime: `2026-11-25T07:54:56.123456`, and, exactly like Python,
 *   no fraction at all when the microseconds are zero (`2026-11-25T07:54:56`).
 *   We write UTC wall time (the seed wrote local time; on a UTC host they agree),
 *   because a zone-less local time would shift every window by the UTC offset.
 */
export type TimeFormat = "iso" | "seed";

export const TIME_FORMATS: readonly TimeFormat[] = ["iso", "seed"];

const MICROS_PER_MS = 1000;
const MICROS_PER_SECOND = 1_000_000;

function pad(value: number, width: number): string {
    return String(value).padStart(width, "0");
}

/** @param epochMicros microseconds since 1970-01-01T00:00:00Z (an integer) */
export function formatEventTime(epochMicros: number, format: TimeFormat): string {
    const date = new Date(Math.floor(epochMicros / MICROS_PER_MS));
    if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
        throw new RangeError(`event time ${epochMicros} µs is outside the years 1-9999`);
    }
    if (format === "iso") {
        return date.toISOString();
    }
    const micros = ((epochMicros % MICROS_PER_SECOND) + MICROS_PER_SECOND) % MICROS_PER_SECOND;
    const base =
        `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
        `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
    return micros === 0 ? base : `${base}.${pad(micros, 6)}`;
}
