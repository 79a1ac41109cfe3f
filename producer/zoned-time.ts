/**
 * ISO 8601 times with a zone, read by the real calendar: `2026-02-30T00:00Z`
 * is an error, not March 2nd (what `new Date()` makes of it). This is the
 * job's rule for event times too (flink-src/main.py, _REAL_CALENDAR_TIME):
 * the date and time must be one that exists, and digits past the millisecond
 * are cut.
 */
const ZONED_TIME =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
    return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

function isLeapYear(year: number): boolean {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The instant `text` names, or the rule it breaks. */
export function parseZonedTime(text: string): { date: Date } | { problem: string } {
    const match = ZONED_TIME.exec(text);
    if (match === null) {
        return { problem: "must be an ISO 8601 time with a zone, e.g. 2026-11-25T12:00:00Z" };
    }
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? "0"));
    const millis = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
    const [offsetHours, offsetMinutes] = [Number(match[10] ?? "0"), Number(match[11] ?? "0")];
    const problem =
        month < 1 || month > 12
            ? `has no month ${match[2]}; months run from 01 to 12`
            : day < 1 || day > daysIn(year, month)
              ? `${MONTHS[month - 1]} ${match[1]} has no day ${match[3]}; it has ${daysIn(year, month)} days`
              : hour > 23
                ? `has no hour ${match[4]}; hours run from 00 to 23`
                : minute > 59 || second > 59
                  ? "minutes and seconds run from 00 to 59"
                  : offsetHours > 23 || offsetMinutes > 59
                    ? `has no zone offset ${match[9]}${match[10]}:${match[11]}; offsets run to ±23:59`
                    : undefined;
    if (problem !== undefined) return { problem };
    const date = new Date(0);
    // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, millis);
    const sign = match[9] === "-" ? -1 : 1;
    return { date: new Date(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000) };
}
