/**
 * Small value rules. Each returns undefined when the value passes, else the rule
 * it breaks, phrased to follow `<field> = <value>: `.
 */

export type Rule<T = unknown> = (value: T) => string | undefined;

/** The first rule a value breaks. */
export function firstProblem<T>(value: T, rules: Rule<T>[]): string | undefined {
    for (const rule of rules) {
        const problem = rule(value);
        if (problem !== undefined) return problem;
    }
    return undefined;
}

/**
 * A whole number from `min` to `max`. Unsafe integers (such as 1e21, which prints as
 * "1e+21" and reaches AWS or the job as that text) fail like any other non-integer.
 */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Rule<unknown> {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    return (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max ? undefined : `must be an integer ${range}`);
}

/** A finite number >= `min` that prints without an exponent, as AWS and the job read it as text. */
export function plainNumber(min: number): Rule<unknown> {
    return (v) =>
        typeof v === "number" && Number.isFinite(v) && v >= min && !/e/i.test(String(v))
            ? undefined
            : `must be a number >= ${min}, written without an exponent (${JSON.stringify(String(1e21))} is not accepted)`;
}

export function oneOf(allowed: readonly unknown[]): Rule<unknown> {
    return (v) => (allowed.includes(v) ? undefined : `must be one of ${allowed.join(", ")}`);
}

export function isString(v: unknown): v is string {
    return typeof v === "string";
}

/** A string matching `pattern` as a whole; `description` says it in words or as the pattern. */
export function matches(pattern: RegExp, description: string): Rule<unknown> {
    return (v) => (isString(v) && pattern.test(v) ? undefined : `must match ${description}`);
}

export function booleanValue(v: unknown): string | undefined {
    return typeof v === "boolean" ? undefined : "must be true or false";
}

/** Unique values of a list: the first repeated one, if any. */
export function firstDuplicate<T>(values: T[]): T | undefined {
    const seen = new Set<T>();
    for (const v of values) {
        if (seen.has(v)) return v;
        seen.add(v);
    }
    return undefined;
}
