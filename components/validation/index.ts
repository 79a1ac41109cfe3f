import * as pulumi from "@pulumi/pulumi";
import type { StreamingAnalyticsPipelineArgs } from "../args.js";
import { resolveArgs, type ResolvedArgs } from "../defaults.js";
import { checkApplication } from "./application.js";
import { inStackScope, type StackScope } from "./aws-names.js";
import { BUCKET_INPUT_RULES, checkBucket } from "./bucket.js";
import { checkAthena, checkCatalog } from "./catalog.js";
import { ArgChecker, deferred, deferredRules } from "./checker.js";
import { CODE_OBJECT_RULES } from "./code.js";
import { fieldNamer } from "./field-origins.js";
import { checkJob } from "./job.js";
import { checkMonitoring, MONITORING_INPUT_RULES } from "./monitoring.js";
import { checkDerivedNames } from "./names.js";
import { PipelineArgsError, type ArgProblem } from "./problems.js";
import { firstProblem, type Rule } from "./rules.js";
import { checkStream, STREAM_INPUT_RULES } from "./stream.js";
import { TAG_VALUE_RULES, checkTags } from "./tags.js";

/**
 * Argument validation, one checker per arg group. It runs on the resolved args
 * before the component creates anything, so a bad value fails `pulumi preview` with
 * a message naming the field, the value and the rule, instead of failing half-way
 * through `pulumi up` with an AWS API error. Inputs that are not known yet are
 * checked when they resolve (`checkInputsWhenKnown`).
 */

export type { ArgProblem } from "./problems.js";
export { PipelineArgsError } from "./problems.js";

/** Every problem of the known values; empty when they are valid. Reads the code zip or folder, nothing else. */
export function findArgProblems(componentName: string, given: StreamingAnalyticsPipelineArgs, args: ResolvedArgs = resolveArgs(componentName, given, "stack")): ArgProblem[] {
    const c = new ArgChecker();
    checkDerivedNames(c, componentName, args);
    checkJob(c, args.job, {
        codePrefix: args.bucket.codePrefix,
        athenaResultsPrefix: args.bucket.athenaResultsPrefix,
        name: fieldNamer(given.job),
    });
    checkStream(c, args.stream, { ...(given.stream ?? {}) });
    checkBucket(c, args.bucket, { ...(given.bucket ?? {}) });
    checkApplication(c, args.application);
    checkCatalog(c, args.catalog, args.job);
    checkAthena(c, args.athena);
    checkMonitoring(c, args.monitoring);
    checkTags(c, args.tags, { uploadedCodeField: typeof args.job.code === "string" ? fieldNamer(given.job)("code") : undefined });
    return c.problems;
}

/** Throws PipelineArgsError listing every problem of the known values. */
export function validateArgs(componentName: string, given: StreamingAnalyticsPipelineArgs, args: ResolvedArgs): void {
    const problems = findArgProblems(componentName, given, args);
    if (problems.length > 0) throw new PipelineArgsError(componentName, problems);
}

/** The Inputs of the args, each checked when it resolves; give these, not the raw args, to resources. */
export interface CheckedInputs {
    existingStreamArn?: pulumi.Output<string>;
    streamKmsKeyArn?: pulumi.Output<string>;
    existingBucketName?: pulumi.Output<string>;
    alarmTopicArn?: pulumi.Output<string>;
    alarmEmail?: pulumi.Output<string>;
    codeObject?: { bucket: pulumi.Output<string>; key: pulumi.Output<string>; version?: pulumi.Output<string> };
    tags: Record<string, pulumi.Input<string>>;
}

/**
 * The Input-valued args, each wrapped in a check that runs once it (and the stack's
 * partition and region) resolve. An Output that breaks a rule then fails the
 * preview or update with the same message format, and no resource that uses it is
 * created. Known values were checked already; for them only the checks that need the
 * stack's partition and region remain, which are always known late.
 */
export function checkInputsWhenKnown(componentName: string, given: StreamingAnalyticsPipelineArgs, args: ResolvedArgs, scope: pulumi.Output<StackScope>): CheckedInputs {
    const inScope = (rules: Rule<unknown>[]) => (v: string, s: StackScope) => firstProblem(v, rules) ?? inStackScope(v, s);
    const scoped = (field: string, value: pulumi.Input<string> | undefined, rules: Rule<unknown>[]) =>
        value === undefined ? undefined : deferred(componentName, field, value, inScope(rules), scope);
    const plain = (field: string, value: pulumi.Input<string> | undefined, rules: Rule<unknown>[]) =>
        value === undefined ? undefined : deferredRules<string>(componentName, field, value, rules);
    const code = args.job.code;
    const codeField = fieldNamer(given.job)("code");
    return {
        existingStreamArn: scoped("stream.existingArn", args.stream.existingArn, STREAM_INPUT_RULES.existingArn),
        streamKmsKeyArn: scoped("stream.kmsKeyArn", args.stream.kmsKeyArn, STREAM_INPUT_RULES.kmsKeyArn),
        existingBucketName: plain("bucket.existingName", args.bucket.existingName, BUCKET_INPUT_RULES.existingName),
        alarmTopicArn: scoped("monitoring.alarmTopicArn", args.monitoring.alarmTopicArn, MONITORING_INPUT_RULES.alarmTopicArn),
        alarmEmail: plain("monitoring.alarmEmail", args.monitoring.alarmEmail, MONITORING_INPUT_RULES.alarmEmail),
        codeObject:
            code !== undefined && typeof code === "object"
                ? {
                      bucket: plain(`${codeField}.bucket`, code.bucket, CODE_OBJECT_RULES.bucket)!,
                      key: plain(`${codeField}.key`, code.key, CODE_OBJECT_RULES.key)!,
                      version: plain(`${codeField}.version`, code.version, CODE_OBJECT_RULES.version),
                  }
                : undefined,
        tags: Object.fromEntries(
            Object.entries(args.tags).map(([key, value]) => [key, deferredRules(componentName, `tags[${JSON.stringify(key)}]`, value, TAG_VALUE_RULES)]),
        ),
    };
}
