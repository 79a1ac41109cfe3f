/** Rows as a plain-text table, numbers right-aligned; "(no rows)" under the header when empty. */
export function formatTable(columns: string[], rows: Record<string, unknown>[]): string {
    const cell = (value: unknown) =>
        typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : String(value ?? "");
    const cells = rows.map((row) => columns.map((c) => cell(row[c])));
    const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
    const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => typeof r[c] === "number"));
    const line = (values: string[]) =>
        values.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  ").trimEnd();
    const body = cells.length > 0 ? cells.map(line) : ["(no rows)"];
    return [line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...body].join("\n");
}
