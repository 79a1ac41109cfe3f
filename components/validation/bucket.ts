import type { ResolvedArgs } from "../defaults.js";
import { s3BucketName } from "./aws-names.js";
import type { ArgChecker } from "./checker.js";
import { limit } from "./limits.js";
import { integer, booleanValue, type Rule } from "./rules.js";

const LIFECYCLE = "s3:PutBucketLifecycleConfiguration.LifecycleConfiguration.Rules.member";

/** A relative S3 prefix of simple segments, ending in `/`. */
const PREFIX = /^[A-Za-z0-9_.=-]+(\/[A-Za-z0-9_.=-]+)*\/$/;

export const bucketPrefix: Rule<unknown> = (v) =>
    typeof v === "string" && PREFIX.test(v)
        ? undefined
        : "must be a relative S3 prefix of [A-Za-z0-9_.=-] segments ending in '/', e.g. \"output/\"";

/** A Glue table location: Athena skips folders whose name starts with `_` or `.`. */
export const tableLocationPrefix: Rule<unknown> = (v) =>
    typeof v === "string" && v.split("/").some((segment) => segment.startsWith("_") || segment.startsWith("."))
        ? "no segment may start with '_' or '.', because Athena skips such folders"
        : undefined;

/** The rules of the bucket's Input args, applied now when known and again when they resolve. */
export const BUCKET_INPUT_RULES = { existingName: [s3BucketName] };

/** Bucket args; the job's own prefixes are checked with the job (validation/job.ts). */
export function checkBucket(c: ArgChecker, bucket: ResolvedArgs["bucket"], given: Record<string, unknown>): void {
    c.checkIfKnown("bucket.existingName", bucket.existingName, ...BUCKET_INPUT_RULES.existingName);
    if (bucket.existingName !== undefined) {
        for (const field of ["name", "forceDestroy", "abortIncompleteMultipartUploadDays", "noncurrentVersionExpirationDays", "athenaResultsExpirationDays"] as const) {
            if (given[field] !== undefined) {
                c.report(`bucket.${field}`, given[field], "cannot be set with bucket.existingName: the component does not manage an existing bucket");
            }
        }
    }
    if (bucket.name !== undefined) c.check("bucket.name", bucket.name, s3BucketName);
    c.check("bucket.codePrefix", bucket.codePrefix, bucketPrefix);
    c.check("bucket.athenaResultsPrefix", bucket.athenaResultsPrefix, bucketPrefix, limit(`${LIFECYCLE}.Filter.Prefix`));
    // The model types the days as integers; S3 documents them as positive.
    c.check("bucket.abortIncompleteMultipartUploadDays", bucket.abortIncompleteMultipartUploadDays, limit(`${LIFECYCLE}.AbortIncompleteMultipartUpload.DaysAfterInitiation`), integer(1));
    c.check("bucket.noncurrentVersionExpirationDays", bucket.noncurrentVersionExpirationDays, limit(`${LIFECYCLE}.NoncurrentVersionExpiration.NoncurrentDays`), integer(1));
    c.check("bucket.athenaResultsExpirationDays", bucket.athenaResultsExpirationDays, limit(`${LIFECYCLE}.Expiration.Days`), integer(1));
    c.check("bucket.forceDestroy", bucket.forceDestroy, booleanValue);
}
