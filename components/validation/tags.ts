import type * as pulumi from "@pulumi/pulumi";
import type { AwsLimitId } from "../aws-limits.js";
import type { ArgChecker } from "./checker.js";
import { limit } from "./limits.js";
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
const TAG_COUNT_RULES: Rule<unknown>[] = TAG_LIMITS.map((l) => limit(l.tags));

export function checkTags(c: ArgChecker, tags: Record<string, pulumi.Input<string>>): void {
    const keys = Object.keys(tags);
    // An empty record sends no tags at all, which the lists' minimum of 1 does not apply to.
    const tooMany = keys.length > 0 ? firstProblem<unknown>(tags, TAG_COUNT_RULES) : undefined;
    if (tooMany !== undefined) c.report("tags", `${keys.length} tags`, tooMany);
    for (const key of keys) {
        c.check(`tags[${JSON.stringify(key)}]`, key, ...TAG_KEY_RULES);
        c.checkIfKnown(`tags[${JSON.stringify(key)}]`, tags[key], ...TAG_VALUE_RULES);
    }
}
