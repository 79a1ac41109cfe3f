/**
 * Reading IAM policy documents as resources carry them: a JSON string or an object,
 * `Statement` as one object or a list, `Action` as one string or a list.
 */

export interface Statement {
    Sid?: string;
    Effect?: string;
    Principal?: unknown;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

export type Parsed = { ok: true; statements: Statement[] } | { ok: false; error: string };

export function listOf<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function parsePolicy(raw: unknown): Parsed {
    let doc: unknown = raw;
    if (typeof raw === "string") {
        try {
            doc = JSON.parse(raw);
        } catch (e) {
            return { ok: false, error: `is not valid JSON (${(e as Error).message})` };
        }
    }
    if (doc === null || typeof doc !== "object" || !("Statement" in doc)) {
        return { ok: false, error: "has no Statement" };
    }
    return { ok: true, statements: listOf((doc as { Statement: Statement | Statement[] }).Statement) };
}

function statementName(s: Statement, index: number): string {
    return s.Sid ? `statement "${s.Sid}"` : `statement #${index + 1}`;
}

/**
 * Why each Allow statement grants more than named actions: an action with `*` in it
 * (`*`, `s3:*`, `s3:Get*`), or NotAction (everything but a list). Deny statements may
 * use wildcards: there they take access away, and naming every action instead would
 * leave new ones open (the TLS-only bucket policy denies `s3:*` on purpose).
 */
export function wildcardGrants(statements: Statement[]): string[] {
    const problems: string[] = [];
    statements.forEach((s, i) => {
        if (s.Effect !== "Allow") return;
        if (s.NotAction !== undefined) {
            problems.push(`${statementName(s, i)} allows NotAction [${listOf(s.NotAction).join(", ")}], i.e. every other action`);
        }
        const wild = listOf(s.Action).filter((a) => a.includes("*"));
        if (wild.length > 0) problems.push(`${statementName(s, i)} allows wildcard action(s) ${wild.join(", ")}`);
    });
    return problems;
}

/** `pattern` with IAM's `*` and `?` wildcards matches `value` (ARNs are case-sensitive). */
export function globMatches(pattern: string, value: string): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}
