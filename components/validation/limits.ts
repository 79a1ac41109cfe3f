import { awsLimit, limitProblem, type AwsLimitId } from "../aws-limits.js";
import type { Rule } from "./rules.js";

/**
 * AWS's own limit of the API field a value ends up in, as a rule (components/aws-limits.ts,
 * derived from botocore's models). The message names the model field and its source.
 */
export function limit(id: AwsLimitId): Rule<unknown> {
    const rule = awsLimit(id);
    return (value) => limitProblem(value, rule);
}

/**
 * The limit of a list or map that the component leaves out of the request when it is
 * empty (tags, a property group with no keys): the model's minimum (often 1) applies
 * only to a list that is sent, so an empty one passes.
 */
export function sentListLimit(id: AwsLimitId): Rule<unknown> {
    const rule = limit(id);
    return (value) => (isEmpty(value) ? undefined : rule(value));
}

function isEmpty(value: unknown): boolean {
    if (Array.isArray(value)) return value.length === 0;
    return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
}

/**
 * The limit of a field that takes the arg times `factor` (seconds the user sets,
 * milliseconds the API takes): the message says how the arg becomes the field.
 */
export function scaledLimit(id: AwsLimitId, factor: number, how: string): Rule<unknown> {
    const rule = awsLimit(id);
    return (value) => {
        if (typeof value !== "number") return limitProblem(value, rule);
        const problem = limitProblem(value * factor, rule);
        return problem === undefined ? undefined : `${how} ${problem}`;
    };
}
