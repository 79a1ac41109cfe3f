import * as pulumi from "@pulumi/pulumi";
import { ArgProblem, PipelineArgsError } from "./problems.js";
import { firstProblem, type Rule } from "./rules.js";

/**
 * Collects problems for one component. Values known at construction are checked at
 * once (`check`); an Input that is not known yet (an Output or a promise) is skipped
 * then and checked when it resolves (`deferred`), which fails the preview or update
 * with the same message before any resource uses it.
 */

/** True for a value known now: not an Output and not a promise. */
export function isKnown<T>(value: pulumi.Input<T> | undefined): value is T | undefined {
    return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

export class ArgChecker {
    readonly problems: ArgProblem[] = [];

    /** Reports the first rule `value` breaks. */
    check<T>(field: string, value: T, ...rules: Rule<T>[]): void {
        const rule = firstProblem(value, rules);
        if (rule !== undefined) this.problems.push({ field, value, rule });
    }

    /** Reports a problem found by the caller. */
    report(field: string, value: unknown, rule: string): void {
        this.problems.push({ field, value, rule });
    }

    /** `check` when the value is known now; an unknown value is left to `deferred`. */
    checkIfKnown<T>(field: string, value: pulumi.Input<T> | undefined, ...rules: Rule<T>[]): void {
        if (value !== undefined && isKnown(value)) this.check(field, value as T, ...rules);
    }
}

/**
 * The value, checked once it and `context` resolve: the returned Output fails with a
 * PipelineArgsError instead of yielding a value that breaks a rule, so a resource
 * given the returned Output is never created with the bad value. A secret value
 * stays secret and shows as `[secret]` in the message.
 */
export function deferred<T, C = undefined>(
    componentName: string,
    field: string,
    value: pulumi.Input<T>,
    rule: (value: T, context: C) => string | undefined,
    context?: pulumi.Input<C>,
): pulumi.Output<T> {
    const input = pulumi.output(value) as pulumi.Output<T>;
    return pulumi
        .all([input, pulumi.output(pulumi.isSecret(input)), pulumi.output(context as C)] as const)
        .apply(([resolved, secret, ctx]) => {
            const problem = rule(resolved as T, ctx as C);
            if (problem !== undefined) {
                throw new PipelineArgsError(componentName, [{ field, value: resolved, rule: problem, secret }]);
            }
            return resolved as T;
        }) as pulumi.Output<T>;
}

/** A deferred check of plain rules (no context). */
export function deferredRules<T>(componentName: string, field: string, value: pulumi.Input<T>, rules: Rule<T>[]): pulumi.Output<T> {
    return deferred(componentName, field, value, (v: T) => firstProblem(v, rules));
}
