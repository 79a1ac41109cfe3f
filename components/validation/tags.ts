import type * as pulumi from "@pulumi/pulumi";
import { awsLimit, type AwsLimitId } from "../aws-limits.js";
import type { ArgChecker } from "./checker.js";
import { limit, sentListLimit } from "./limits.js";
import { firstProblem, type Rule } from "./rules.js";

/**
 * Every tag goes onto every taggable child, so it must pass every service's tag
 * rules: the models' counts, lengths and patterns for each service the component
 * tags (the strictest win: IAM allows 50 tags, CloudWatch Logs restricts the
 * characters). The `aws:` prefix is documented, not modelled:
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 */
const TAG_LIMITS: { tags: AwsLimitId; key: AwsLimitId; value: AwsLimitId }[] = [
    { tags: "kinesis:CreateStream.Tags", key: "kinesis:CreateStream.Tags.key", value: "kinesis:CreateStream.Tags.value" },
    { tags: "kinesisanalyticsv2:CreateApplication.Tags", key: "kinesisanalyticsv2:CreateApplication.Tags.member.Key", value: "kinesisanalyticsv2:CreateApplication.Tags.member.Value" },
    { tags: "logs:CreateLogGroup.tags", key: "logs:CreateLogGroup.tags.key", value: "logs:CreateLogGroup.tags.value" },
    { tags: "s3:PutBucketTagging.Tagging.TagSet", key: "s3:PutBucketTagging.Tagging.TagSet.member.Key", value: "s3:PutBucketTagging.Tagging.TagSet.member.Value" },
    { tags: "glue:CreateDatabase.Tags", key: "glue:CreateDatabase.Tags.key", value: "glue:CreateDatabase.Tags.value" },
    { tags: "glue:CreateCrawler.Tags", key: "glue:CreateCrawler.Tags.key", value: "glue:CreateCrawler.Tags.value" },
    { tags: "athena:CreateWorkGroup.Tags", key: "athena:CreateWorkGroup.Tags.member.Key", value: "athena:CreateWorkGroup.Tags.member.Value" },
    { tags: "cloudwatch:PutMetricAlarm.Tags", key: "cloudwatch:PutMetricAlarm.Tags.member.Key", value: "cloudwatch:PutMetricAlarm.Tags.member.Value" },
    { tags: "sns:CreateTopic.Tags", key: "sns:CreateTopic.Tags.member.Key", value: "sns:CreateTopic.Tags.member.Value" },
    { tags: "iam:CreateRole.Tags", key: "iam:CreateRole.Tags.member.Key", value: "iam:CreateRole.Tags.member.Value" },
];

const reservedPrefix: Rule<unknown> = (key) =>
    typeof key === "string" && key.toLowerCase().startsWith("aws:") ? "tag keys must not start with aws: (reserved for AWS, per the tagging conventions)" : undefined;

export const TAG_KEY_RULES: Rule<unknown>[] = [...TAG_LIMITS.map((l) => limit(l.key)), reservedPrefix];
export const TAG_VALUE_RULES: Rule<unknown>[] = TAG_LIMITS.map((l) => limit(l.value));
// No tags at all sends no tag list, which the lists' minimum of 1 does not apply to.
const TAG_COUNT_RULES: Rule<unknown>[] = TAG_LIMITS.map((l) => sentListLimit(l.tags));

/**
 * S3 allows at most 10 tags on an object, and the uploaded code object gets every tag.
 * Not in the models (PutObject takes tags as one URL-encoded header).
 */
export const S3_OBJECT_TAGS_MAX = 10;
const S3_OBJECT_TAGGING_DOC = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html";
/** The most tags every tagged service takes (the models' strictest maximum). */
const TAGS_MAX = Math.min(...TAG_LIMITS.map((l) => awsLimit(l.tags).max ?? Infinity));

export interface TagTargets {
    /** The field of the job's code when the component uploads it (the code object is tagged); undefined for an existing S3 object. */
    uploadedCodeField?: string;
}

export function checkTags(c: ArgChecker, tags: Record<string, pulumi.Input<string>>, targets: TagTargets = {}): void {
    const keys = Object.keys(tags);
    const tooMany = firstProblem<unknown>(tags, TAG_COUNT_RULES);
    if (tooMany !== undefined) c.report("tags", `${keys.length} tags`, tooMany);
    else if (targets.uploadedCodeField !== undefined && keys.length > S3_OBJECT_TAGS_MAX) {
        c.report(
            "tags",
            `${keys.length} tags`,
            `must have at most ${S3_OBJECT_TAGS_MAX} entries while the component uploads ${targets.uploadedCodeField}: the code object gets every tag, and S3 allows ${S3_OBJECT_TAGS_MAX} tags per object (${S3_OBJECT_TAGGING_DOC}); give the code as an existing S3 object ({ bucket, key, version }) to use up to ${TAGS_MAX} tags`,
        );
    }
    for (const key of keys) {
        c.check(`tags[${JSON.stringify(key)}]`, key, ...TAG_KEY_RULES);
        c.checkIfKnown(`tags[${JSON.stringify(key)}]`, tags[key], ...TAG_VALUE_RULES);
    }
}
