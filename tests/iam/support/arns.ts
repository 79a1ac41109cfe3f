/**
 * ARNs in the formats AWS documents for each service, written out here rather than
 * taken from components/arn.ts: the probes must not share a bug with the policies
 * they probe. Helpers that move an ARN to another partition, region or account make
 * the "same resource, somewhere else" probes.
 */

export interface Scope {
    partition: string;
    region: string;
    accountId: string;
}

export const s3Bucket = (s: Scope, bucket: string) => `arn:${s.partition}:s3:::${bucket}`;
export const s3Object = (s: Scope, bucket: string, key: string) => `arn:${s.partition}:s3:::${bucket}/${key}`;
export const kinesisStream = (s: Scope, name: string) => `arn:${s.partition}:kinesis:${s.region}:${s.accountId}:stream/${name}`;
/** A registered consumer; AWS appends the registration timestamp to its ARN. */
export const kinesisConsumer = (streamArn: string, consumer: string, createdAt = 1735689600) =>
    `${streamArn}/consumer/${consumer}:${createdAt}`;
export const logGroup = (s: Scope, group: string) => `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${group}`;
export const logStream = (s: Scope, group: string, stream: string) => `${logGroup(s, group)}:log-stream:${stream}`;
export const kmsKey = (s: Scope, id: string) => `arn:${s.partition}:kms:${s.region}:${s.accountId}:key/${id}`;
export const iamRole = (s: Scope, name: string) => `arn:${s.partition}:iam::${s.accountId}:role/${name}`;
export const glueCatalog = (s: Scope) => `arn:${s.partition}:glue:${s.region}:${s.accountId}:catalog`;
export const glueDatabase = (s: Scope, db: string) => `arn:${s.partition}:glue:${s.region}:${s.accountId}:database/${db}`;
export const glueTable = (s: Scope, db: string, table: string) =>
    `arn:${s.partition}:glue:${s.region}:${s.accountId}:table/${db}/${table}`;
export const glueCrawler = (s: Scope, name: string) => `arn:${s.partition}:glue:${s.region}:${s.accountId}:crawler/${name}`;
export const flinkApplication = (s: Scope, name: string) =>
    `arn:${s.partition}:kinesisanalytics:${s.region}:${s.accountId}:application/${name}`;
export const cloudwatchAlarm = (s: Scope, name: string) => `arn:${s.partition}:cloudwatch:${s.region}:${s.accountId}:alarm:${name}`;

/**
 * The ARN CloudWatch Logs authorizes DescribeLogGroups against. The Service
 * Authorization Reference lists no resource type for it, but AccessDenied messages
 * name `log-group::log-stream:` (e.g. hashicorp/terraform-provider-aws#8804), which
 * is why the Managed Flink guide grants it on `log-group:*`. Not verified here.
 */
export const describeLogGroupsTarget = (s: Scope) => `${logGroup(s, "")}:log-stream:`;

/**
 * The ARN CloudWatch Logs authorizes DescribeLogStreams against: the group with an
 * empty stream, which is what the Managed Flink guide's `log-group:NAME:log-stream:*`
 * grant is written for. Taken from AccessDenied messages, not verified here.
 */
export const describeLogStreamsTarget = (s: Scope, group: string) => logStream(s, group, "");

const OTHER_PARTITION: Record<string, string> = { aws: "aws-cn", "aws-cn": "aws" };

function replaceField(arn: string, index: number, value: string): string {
    const parts = arn.split(":");
    parts[index] = value;
    return parts.join(":");
}

/** The same ARN in the other partition (aws <-> aws-cn). */
export function inOtherPartition(arn: string): string {
    const partition = arn.split(":")[1];
    const other = OTHER_PARTITION[partition];
    if (!other) throw new Error(`no other partition for ${arn}`);
    return replaceField(arn, 1, other);
}

export function inRegion(arn: string, region: string): string {
    return replaceField(arn, 3, region);
}

export function inAccount(arn: string, accountId: string): string {
    return replaceField(arn, 4, accountId);
}

/** A region of the same partition that is not `region`. */
export function anotherRegion(region: string): string {
    if (region.startsWith("cn-")) return region === "cn-north-1" ? "cn-northwest-1" : "cn-north-1";
    return region === "us-east-1" ? "us-west-2" : "us-east-1";
}

/** An account id that is not `accountId`. */
export function anotherAccount(accountId: string): string {
    return accountId === "111122223333" ? "444455556666" : "111122223333";
}
