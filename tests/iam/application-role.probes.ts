import { kinesisReadActions } from "../../components/index.js";
import * as arn from "./support/arns.js";
import type { PipelineFacts } from "./support/facts.js";
import type { Probe } from "./support/requests.js";
import type { Variant } from "../unit/support/captured-stacks.js";

/**
 * Requests made as the Flink application's execution role. Labels are static so each
 * probe is its own test; the ARNs are built from the captured stack at run time.
 *
 * `defaults` reads by polling with the AWS-managed stream key; `options` reads with
 * enhanced fan-out from a stream under a customer-managed key.
 */

const scope = (f: PipelineFacts): arn.Scope => f.env;
/** A part file the job's sink writes under the output prefix (Hive layout). */
const partFile = (f: PipelineFacts) => `${f.outputPrefix}ticker=AAPL/part-5f1c-0.json`;
const rejectedFile = (f: PipelineFacts) => `${f.rejectedPrefix}part-5f1c-0.json`;
const streamName = (f: PipelineFacts) => f.streamArn.split("/").pop()!;

function required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`the captured stack has no ${what}`);
    return value;
}

const consumerArn = (f: PipelineFacts) => arn.kinesisConsumer(f.streamArn, required(f.efoConsumerName, "EFO consumer"));
const keyArn = (f: PipelineFacts) => required(f.kmsKeyArn, "customer-managed stream key");

/**
 * What a kms:Decrypt request carries when Kinesis makes it for the job: the calling
 * service's endpoint as kms:ViaService (`.amazonaws.com.cn` in China).
 */
function viaKinesis(f: PipelineFacts, overrides: Record<string, string> = {}): Record<string, string> {
    const dnsSuffix = f.env.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return { "kms:ViaService": `kinesis.${f.env.region}.${dnsSuffix}`, ...overrides };
}

function kinesisStreamChecks(readerType: "POLLING" | "EFO"): Probe[] {
    const { stream, consumer } = kinesisReadActions(readerType);
    return [
        ...stream.map((action) => ({ label: `${action} on its stream`, build: (f: PipelineFacts) => ({ action, resource: f.streamArn }) })),
        ...consumer.map((action) => ({ label: `${action} on its EFO consumer`, build: (f: PipelineFacts) => ({ action, resource: consumerArn(f) }) })),
    ];
}

const outputWrites = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];

/** Shared by both variants: code, output, logs, metrics. */
const commonAllowed: Probe[] = [
    { label: "s3:GetObject on the code object", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), f.bucketName, f.codeKey) }) },
    { label: "s3:GetObjectVersion on the code object", build: (f) => ({ action: "s3:GetObjectVersion", resource: arn.s3Object(scope(f), f.bucketName, f.codeKey) }) },
    { label: "s3:ListBucket with s3:prefix = the output prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": f.outputPrefix } }) },
    { label: "s3:ListBucket with s3:prefix = a partition folder under the output prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": `${f.outputPrefix}ticker=AAPL/` } }) },
    // Multipart uploads (Create/UploadPart/Complete) are authorized as s3:PutObject.
    ...outputWrites.map((action) => ({ label: `${action} on a part file under the output prefix`, build: (f: PipelineFacts) => ({ action, resource: arn.s3Object(scope(f), f.bucketName, partFile(f)) }) })),
    ...outputWrites.map((action) => ({ label: `${action} on a rejected-records file under the rejected prefix`, build: (f: PipelineFacts) => ({ action, resource: arn.s3Object(scope(f), f.bucketName, rejectedFile(f)) }) })),
    { label: "s3:ListBucket with s3:prefix = the rejected prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": f.rejectedPrefix } }) },
    {
        label: "logs:DescribeLogGroups in its account and region",
        build: (f) => ({
            action: "logs:DescribeLogGroups",
            resource: arn.describeLogGroupsTarget(scope(f)),
            unvalidatedBecause: "iam-data models DescribeLogGroups as resource-less; CloudWatch Logs authorizes it on log-group::log-stream:",
        }),
    },
    { label: "logs:DescribeLogStreams in its log group", build: (f) => ({ action: "logs:DescribeLogStreams", resource: arn.describeLogStreamsTarget(scope(f), f.logGroupName) }) },
    { label: "logs:PutLogEvents on its log stream", build: (f) => ({ action: "logs:PutLogEvents", resource: arn.logStream(scope(f), f.logGroupName, f.logStreamName) }) },
    { label: "cloudwatch:PutMetricData (no resource type exists)", build: () => ({ action: "cloudwatch:PutMetricData", resource: "*" }) },
];

export function applicationAllowed(variant: Variant): Probe[] {
    if (variant === "defaults") return [...kinesisStreamChecks("POLLING"), ...commonAllowed];
    return [
        ...kinesisStreamChecks("EFO"),
        { label: "kms:Decrypt on its customer-managed stream key, through Kinesis", build: (f) => ({ action: "kms:Decrypt", resource: keyArn(f), context: viaKinesis(f) }) },
        ...commonAllowed,
    ];
}

const commonDenied: Probe[] = [
    // Kinesis: other streams, and anything but reading.
    { label: "kinesis:DescribeStream on another stream", build: (f) => ({ action: "kinesis:DescribeStream", resource: arn.kinesisStream(scope(f), "another-stream") }) },
    { label: "kinesis:GetRecords on another stream", build: (f) => ({ action: "kinesis:GetRecords", resource: arn.kinesisStream(scope(f), "another-stream") }) },
    { label: "kinesis:DescribeStream on its stream's name in another region", build: (f) => ({ action: "kinesis:DescribeStream", resource: arn.inRegion(f.streamArn, arn.anotherRegion(f.env.region)) }) },
    { label: "kinesis:DescribeStream on its stream's name in another account", build: (f) => ({ action: "kinesis:DescribeStream", resource: arn.inAccount(f.streamArn, arn.anotherAccount(f.env.accountId)) }) },
    { label: "kinesis:DescribeStream on its stream in the other partition", build: (f) => ({ action: "kinesis:DescribeStream", resource: arn.inOtherPartition(f.streamArn) }) },
    { label: "kinesis:DeleteStream on its stream", build: (f) => ({ action: "kinesis:DeleteStream", resource: f.streamArn }) },
    { label: "kinesis:PutRecords on its stream", build: (f) => ({ action: "kinesis:PutRecords", resource: f.streamArn }) },
    { label: "kinesis:PutRecord on its stream", build: (f) => ({ action: "kinesis:PutRecord", resource: f.streamArn }) },
    { label: "kinesis:StopStreamEncryption on its stream", build: (f) => ({ action: "kinesis:StopStreamEncryption", resource: f.streamArn }) },
    { label: "kinesis:DecreaseStreamRetentionPeriod on its stream", build: (f) => ({ action: "kinesis:DecreaseStreamRetentionPeriod", resource: f.streamArn }) },
    // S3: another bucket, other prefixes of the same bucket, the code, bucket administration.
    { label: "s3:GetObject on the code key in another bucket", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), "another-bucket", f.codeKey) }) },
    { label: "s3:PutObject under the output prefix of another bucket", build: (f) => ({ action: "s3:PutObject", resource: arn.s3Object(scope(f), "another-bucket", partFile(f)) }) },
    { label: "s3:ListBucket of another bucket with the output prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), "another-bucket"), context: { "s3:prefix": f.outputPrefix } }) },
    { label: "s3:PutObject under the Athena results prefix (another prefix of its bucket)", build: (f) => ({ action: "s3:PutObject", resource: arn.s3Object(scope(f), f.bucketName, `${f.athenaResultsPrefix}q.csv`) }) },
    { label: "s3:GetObject under the Athena results prefix", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), f.bucketName, `${f.athenaResultsPrefix}q.csv`) }) },
    { label: "s3:PutObject on a key that only starts with the output prefix's name", build: (f) => ({ action: "s3:PutObject", resource: arn.s3Object(scope(f), f.bucketName, `${f.outputPrefix.replace(/\/$/, "")}-old/x.json`) }) },
    { label: "s3:PutObject on the code object", build: (f) => ({ action: "s3:PutObject", resource: arn.s3Object(scope(f), f.bucketName, f.codeKey) }) },
    { label: "s3:DeleteObject on the code object", build: (f) => ({ action: "s3:DeleteObject", resource: arn.s3Object(scope(f), f.bucketName, f.codeKey) }) },
    { label: "s3:GetObject on another object beside the code object", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), f.bucketName, f.codeKey.replace(/[^/]+$/, "other.zip")) }) },
    { label: "s3:DeleteObjectVersion on a part file (versions are the only undo)", build: (f) => ({ action: "s3:DeleteObjectVersion", resource: arn.s3Object(scope(f), f.bucketName, partFile(f)) }) },
    { label: "s3:PutObjectAcl on a part file", build: (f) => ({ action: "s3:PutObjectAcl", resource: arn.s3Object(scope(f), f.bucketName, partFile(f)) }) },
    { label: "s3:ListBucket without a prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName) }) },
    { label: "s3:ListBucket with the code prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": f.codeKey.replace(/[^/]+$/, "") } }) },
    { label: "s3:ListBucket with the Athena results prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": f.athenaResultsPrefix } }) },
    { label: "s3:DeleteBucket on its bucket", build: (f) => ({ action: "s3:DeleteBucket", resource: arn.s3Bucket(scope(f), f.bucketName) }) },
    { label: "s3:PutBucketPolicy on its bucket", build: (f) => ({ action: "s3:PutBucketPolicy", resource: arn.s3Bucket(scope(f), f.bucketName) }) },
    { label: "s3:GetObject on the code object in the other partition", build: (f) => ({ action: "s3:GetObject", resource: arn.inOtherPartition(arn.s3Object(scope(f), f.bucketName, f.codeKey)) }) },
    { label: "s3:PutObject under the output prefix in the other partition", build: (f) => ({ action: "s3:PutObject", resource: arn.inOtherPartition(arn.s3Object(scope(f), f.bucketName, partFile(f))) }) },
    // Everything the job never does.
    { label: "iam:PassRole on its own role", build: (f) => ({ action: "iam:PassRole", resource: f.applicationRole.arn }) },
    { label: "glue:DeleteDatabase on the pipeline's database", build: (f) => ({ action: "glue:DeleteDatabase", resource: arn.glueDatabase(scope(f), f.databaseName) }) },
    { label: "glue:GetTable on the pipeline's table", build: (f) => ({ action: "glue:GetTable", resource: arn.glueTable(scope(f), f.databaseName, f.tableName) }) },
    { label: "kinesisanalytics:UpdateApplication on its own application", build: (f) => ({ action: "kinesisanalytics:UpdateApplication", resource: f.applicationArn }) },
    { label: "kinesisanalytics:StopApplication on its own application", build: (f) => ({ action: "kinesisanalytics:StopApplication", resource: f.applicationArn }) },
    { label: "cloudwatch:DeleteAlarms on an alarm", build: (f) => ({ action: "cloudwatch:DeleteAlarms", resource: arn.cloudwatchAlarm(scope(f), "any-alarm") }) },
    // Logs: only its own stream.
    { label: "logs:PutLogEvents on another stream of its log group", build: (f) => ({ action: "logs:PutLogEvents", resource: arn.logStream(scope(f), f.logGroupName, "another-stream") }) },
    { label: "logs:PutLogEvents on a stream of another log group", build: (f) => ({ action: "logs:PutLogEvents", resource: arn.logStream(scope(f), "another-group", f.logStreamName) }) },
    { label: "logs:PutLogEvents on its log stream in the other partition", build: (f) => ({ action: "logs:PutLogEvents", resource: arn.inOtherPartition(arn.logStream(scope(f), f.logGroupName, f.logStreamName)) }) },
    { label: "logs:DescribeLogStreams in another log group", build: (f) => ({ action: "logs:DescribeLogStreams", resource: arn.describeLogStreamsTarget(scope(f), "another-group") }) },
    { label: "logs:CreateLogGroup", build: (f) => ({ action: "logs:CreateLogGroup", resource: arn.logGroup(scope(f), "new-group") }) },
    { label: "logs:DeleteLogGroup on its log group", build: (f) => ({ action: "logs:DeleteLogGroup", resource: arn.logGroup(scope(f), f.logGroupName) }) },
];

export function applicationDenied(variant: Variant): Probe[] {
    if (variant === "defaults") {
        return [
            ...commonDenied,
            { label: "kinesis:RegisterStreamConsumer on its stream (EFO off)", build: (f) => ({ action: "kinesis:RegisterStreamConsumer", resource: f.streamArn }) },
            { label: "kinesis:SubscribeToShard on a consumer of its stream (EFO off)", build: (f) => ({ action: "kinesis:SubscribeToShard", resource: arn.kinesisConsumer(f.streamArn, `${streamName(f)}-efo`) }) },
            { label: "kms:Decrypt on a key (none configured: the AWS-managed key needs no grant)", build: (f) => ({ action: "kms:Decrypt", resource: arn.kmsKey(scope(f), "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9") }) },
        ];
    }
    return [
        ...commonDenied,
        { label: "kinesis:GetRecords on its stream (EFO on: no polling)", build: (f) => ({ action: "kinesis:GetRecords", resource: f.streamArn }) },
        { label: "kinesis:SubscribeToShard on another consumer of its stream", build: (f) => ({ action: "kinesis:SubscribeToShard", resource: arn.kinesisConsumer(f.streamArn, "another-consumer") }) },
        { label: "kinesis:DeregisterStreamConsumer on another consumer of its stream", build: (f) => ({ action: "kinesis:DeregisterStreamConsumer", resource: arn.kinesisConsumer(f.streamArn, "another-consumer") }) },
        { label: "kinesis:SubscribeToShard on its consumer in the other partition", build: (f) => ({ action: "kinesis:SubscribeToShard", resource: arn.inOtherPartition(consumerArn(f)) }) },
        { label: "kms:Decrypt on another key", build: (f) => ({ action: "kms:Decrypt", resource: arn.kmsKey(scope(f), "ffffffff-0000-1111-2222-333333333333"), context: viaKinesis(f) }) },
        { label: "kms:Decrypt on its stream key, called directly (not through Kinesis)", build: (f) => ({ action: "kms:Decrypt", resource: keyArn(f) }) },
        { label: "kms:Decrypt on its stream key through another service", build: (f) => ({ action: "kms:Decrypt", resource: keyArn(f), context: viaKinesis(f, { "kms:ViaService": `s3.${f.env.region}.amazonaws.com` }) }) },
        { label: "kms:Decrypt on its stream key through Kinesis in another region", build: (f) => ({ action: "kms:Decrypt", resource: keyArn(f), context: viaKinesis(f, { "kms:ViaService": `kinesis.${arn.anotherRegion(f.env.region)}.amazonaws.com` }) }) },
        { label: "kms:Encrypt on its stream key", build: (f) => ({ action: "kms:Encrypt", resource: keyArn(f) }) },
        { label: "kms:Decrypt on its stream key in the other partition", build: (f) => ({ action: "kms:Decrypt", resource: arn.inOtherPartition(keyArn(f)), context: viaKinesis(f) }) },
    ];
}
