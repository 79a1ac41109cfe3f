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
