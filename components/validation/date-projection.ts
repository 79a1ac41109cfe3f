import { DATE_UNITS } from "../../contract/index.js";

/**
 * The `date` partition projection: Athena reads `projection.<key>.format` as a Java
 * DateTimeFormatter pattern and the range as two dates in it, or relative to NOW:
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 * The component accepts the fixed-width subset that folder names use.
 */

const FIELDS = { yyyy: "\\d{4}", MM: "\\d{2}", dd: "\\d{2}", HH: "\\d{2}", mm: "\\d{2}", ss: "\\d{2}" } as const;
type Field = keyof typeof FIELDS;
const TOKEN = /yyyy|MM|dd|HH|mm|ss|[-_/:. ]/g;
const RELATIVE = new RegExp(`^NOW(?:[+-]\\d+(?:${DATE_UNITS.join("|")}))?$`);

function tokens(format: string): string[] {
    return format.match(TOKEN) ?? [];
}

export function datePatternProblem(format: string): string | undefined {
    if (tokens(format).join("") !== format || !format.includes("yyyy")) {
        return "must be a date format of yyyy, MM, dd, HH, mm, ss and the separators - _ / : . and space, with yyyy, e.g. yyyy-MM-dd";
    }
    const fields = tokens(format).filter((t) => t in FIELDS);
    return new Set(fields).size === fields.length ? undefined : "must name each of yyyy, MM, dd, HH, mm, ss at most once";
}

/** The fields of `value` in `format`, in most-significant-first order, or undefined when it does not fit. */
function dateFields(value: string, format: string): number[] | undefined {
    const parts = tokens(format);
    const re = new RegExp(`^${parts.map((t) => (t in FIELDS ? `(${FIELDS[t as Field]})` : `\\${t}`)).join("")}$`);
    const m = re.exec(value);
    if (!m) return undefined;
    const byField = new Map(parts.filter((t) => t in FIELDS).map((t, i) => [t, Number(m[i + 1])]));
    const [y, mo, d, h, mi, s] = (["yyyy", "MM", "dd", "HH", "mm", "ss"] as Field[]).map((f) => byField.get(f) ?? (f === "MM" || f === "dd" ? 1 : 0));
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi;
    return real ? [y, mo, d, h, mi, s] : undefined;
}

export function dateRangeProblem(range: unknown, format: string): string | undefined {
    const rule = `must be [first, last]: dates in ${format} or NOW, NOW-<n><unit>, NOW+<n><unit> (${DATE_UNITS.join(", ")}), first <= last`;
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === "string")) return rule;
    const parsed = range.map((v: string) => (RELATIVE.test(v) ? "relative" : dateFields(v, format)));
    if (parsed.some((p) => p === undefined)) return rule;
    const [first, last] = parsed;
    if (Array.isArray(first) && Array.isArray(last)) {
        const order = first.findIndex((v, i) => v !== last[i]);
        if (order >= 0 && first[order] > last[order]) return rule;
    }
    return undefined;
}
