/**
 * Counts of the simulations that ran and came out as expected, per partition and
 * subject, so the summary can quote them. Only passing checks are counted.
 */

export type CheckKind = "allowed" | "denied" | "tls-denied";

const counts = new Map<string, number>();

function key(partition: string, subject: string, kind: CheckKind): string {
    return JSON.stringify([partition, subject, kind]);
}

export function countPassed(partition: string, subject: string, kind: CheckKind, n = 1): void {
    const k = key(partition, subject, kind);
    counts.set(k, (counts.get(k) ?? 0) + n);
}

export function tallyRows(): { partition: string; subject: string; kind: CheckKind; count: number }[] {
    return [...counts.entries()]
        .map(([k, count]) => {
            const [partition, subject, kind] = JSON.parse(k) as [string, string, CheckKind];
            return { partition, subject, kind, count };
        })
        .sort((a, b) => (a.partition + a.subject + a.kind).localeCompare(b.partition + b.subject + b.kind));
}

/** One line per partition and subject, e.g. `aws-cn  application role  allowed 23  denied 45`. */
export function formatTally(): string {
    const bySubject = new Map<string, Partial<Record<CheckKind, number>>>();
    for (const row of tallyRows()) {
        const k = `${row.partition.padEnd(7)} ${row.subject}`;
        bySubject.set(k, { ...(bySubject.get(k) ?? {}), [row.kind]: row.count });
    }
    return [...bySubject.entries()]
        .map(([k, c]) => {
            const tls = c["tls-denied"] === undefined ? "" : `, ${c["tls-denied"]} explicitly denied without TLS`;
            return `  ${k}: ${c.allowed ?? 0} allowed, ${c.denied ?? 0} implicitly denied${tls}`;
        })
        .join("\n");
}
