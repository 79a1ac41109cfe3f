import { isString, type Rule } from "./rules.js";

/**
 * Naming rules of AWS resources the component creates or is pointed at, where a
 * plain pattern does not say it all.
 */

/**
 * S3 general purpose bucket naming rules, which the S3 API model does not carry:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function s3BucketNameProblem(name: string): string | undefined {
    if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long (S3 bucket naming rules)";
    if (!/^[a-z0-9.-]+$/.test(name)) {
        return "may contain only lowercase letters, digits, dots and hyphens (S3 bucket naming rules)";
    }
    if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "must begin and end with a letter or digit (S3 bucket naming rules)";
    if (name.includes("..")) return "must not contain two adjacent dots (S3 bucket naming rules)";
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "must not be formatted as an IP address (S3 bucket naming rules)";
    for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"]) {
        if (name.startsWith(prefix)) return `must not start with "${prefix}" (S3 bucket naming rules)`;
    }
    for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) {
        if (name.endsWith(suffix)) return `must not end with "${suffix}" (S3 bucket naming rules)`;
    }
    return undefined;
}

export const s3BucketName: Rule<unknown> = (v) => (isString(v) ? s3BucketNameProblem(v) : "must be an S3 bucket name");

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ParsedArn {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

export function parseArn(value: string): ParsedArn | undefined {
    const m = /^arn:([a-z][a-z0-9-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(value);
    return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** An ARN of `service` whose resource part matches `resource`; `shape` shows the expected form. */
export function arnOf(service: string, resource: RegExp, shape: string, why = ""): Rule<unknown> {
    return (v) => {
        const arn = isString(v) ? parseArn(v) : undefined;
        const ok = arn !== undefined && arn.service === service && arn.region !== "" && arn.account !== "" && resource.test(arn.resource);
        return ok ? undefined : `must be ${shape}${why}`;
    };
}

export const kmsKeyArn = arnOf(
    "kms",
    /^key\/[A-Za-z0-9-]+$/,
    "a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)",
    "; aliases cannot be scoped in IAM",
);
export const kinesisStreamArn = arnOf("kinesis", /^stream\/[a-zA-Z0-9_.-]{1,128}$/, "a Kinesis stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>)");
export const snsTopicArn = arnOf("sns", /^[A-Za-z0-9_-]{1,256}$/, "an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>)");

/** Where the stack deploys: an ARN the job uses must be there too. */
export interface StackScope {
    partition: string;
    region: string;
}

/**
 * A resource the application uses must be in the stack's partition (IAM grants and
 * ARNs are per partition) and region (the job, its alarms and the key's use through
 * Kinesis are regional).
 */
export function inStackScope(value: string, scope: StackScope): string | undefined {
    const arn = parseArn(value);
    if (arn === undefined) return undefined; // the format rule reports it
    if (arn.partition !== scope.partition) return `must be in the stack's partition ${scope.partition}, not ${arn.partition}`;
    if (arn.region !== scope.region) return `must be in the stack's region ${scope.region}, not ${arn.region}`;
    return undefined;
}
