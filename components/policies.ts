import {
    ArnScope,
    glueCatalogArn,
    glueDatabaseArn,
    glueTableArn,
    kinesisConsumerArn,
    logGroupArn,
    logStreamArn,
    s3BucketArn,
    s3ObjectArn,
} from "./arn.js";
import { kinesisConnector } from "../contract/index.js";

/**
 * Every IAM policy document the component generates, as plain objects built from
 * plain values. The component wraps these in pulumi.all(...).apply; tests and the
 * IAM simulation run on exactly the same documents.
 *
 * Statements always use arrays for Action and Resource so readers (and tests) never
 * have to handle the string-or-array variants.
 */

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: { Service: string } | { AWS: string } | "*";
    Action: string[];
    Resource?: string[];
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export interface ApplicationPolicyOptions extends ArnScope {
    streamArn: string;
    bucketName: string;
    /** Key of the uploaded application code object. */
    codeKey: string;
    /** Prefix the job writes results under, with trailing slash, e.g. `output/`. */
    outputPrefix: string;
    /** Prefix the job writes rejected records under, e.g. `rejected/`. */
    rejectedPrefix: string;
    logGroupName: string;
    logStreamName: string;
    /** A customer-managed stream key; omit for the AWS-managed alias/aws/kinesis. */
    kmsKeyArn?: string;
    /** Set when the job reads with enhanced fan-out; grants the EFO actions for this consumer. */
    efoConsumerName?: string;
}

export interface TrustPolicyOptions {
    accountId: string;
}

export interface CrawlerPolicyOptions extends ArnScope {
    bucketName: string;
    outputPrefix: string;
    databaseName: string;
    tableName: string;
    /** The crawler's name is also its log stream's name in /aws-glue/crawlers. */
    crawlerName: string;
}

export interface TlsOnlyBucketPolicyOptions {
    partition: string;
    bucketName: string;
}

/** The principal Managed Service for Apache Flink uses, the same in every partition. */
export const FLINK_SERVICE_PRINCIPAL = "kinesisanalytics.amazonaws.com";
export const GLUE_SERVICE_PRINCIPAL = "glue.amazonaws.com";
/** Glue crawlers always log to this group, one stream per crawler. */
export const GLUE_CRAWLER_LOG_GROUP = "/aws-glue/crawlers";

/** The Kinesis actions the bundled connector calls, read from contract/kinesis-connector.json. */
export function kinesisReadActions(readerType: "POLLING" | "EFO"): { stream: string[]; consumer: string[] } {
    const set = readerType === "EFO" ? kinesisConnector.actions.efo : kinesisConnector.actions.polling;
    return { stream: [...set.stream], consumer: [...set.consumer] };
}

function serviceTrust(service: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AssumedByServiceForThisAccountOnly",
                Effect: "Allow",
                Principal: { Service: service },
                Action: ["sts:AssumeRole"],
                // Confused-deputy guard: the service may assume the role only on behalf of this account.
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}

export function applicationTrustPolicy(opts: TrustPolicyOptions): PolicyDocument {
    return serviceTrust(FLINK_SERVICE_PRINCIPAL, opts.accountId);
}

export function crawlerTrustPolicy(opts: TrustPolicyOptions): PolicyDocument {
    return serviceTrust(GLUE_SERVICE_PRINCIPAL, opts.accountId);
}

/** The S3 ListBucket condition that confines listing to these prefixes. */
function listPrefixCondition(...prefixes: string[]): ConditionBlock {
    return { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } };
}

/** The permissions of the Flink application's service execution role. */
export function applicationPolicyDocument(opts: ApplicationPolicyOptions): PolicyDocument {
    const statements: PolicyStatement[] = [];
    const efo = opts.efoConsumerName !== undefined;
    const kinesis = kinesisReadActions(efo ? "EFO" : "POLLING");

    statements.push({
        Sid: "ReadInputStream",
        Effect: "Allow",
        Action: kinesis.stream,
        Resource: [opts.streamArn],
    });
    if (efo && kinesis.consumer.length > 0) {
        statements.push({
            Sid: "UseEnhancedFanOutConsumer",
            Effect: "Allow",
            Action: kinesis.consumer,
            Resource: [kinesisConsumerArn(opts.streamArn, opts.efoConsumerName!)],
        });
    }
    if (opts.kmsKeyArn !== undefined) {
        // Only a customer key needs this: the AWS-managed alias/aws/kinesis key is usable by any
        // principal of the account through Kinesis.
        statements.push({
            Sid: "DecryptInputStream",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [opts.kmsKeyArn],
        });
    }
    statements.push(
        {
            Sid: "ReadApplicationCode",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: [s3ObjectArn(opts.partition, opts.bucketName, opts.codeKey)],
        },
        {
            Sid: "ListOutputPrefixes",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [s3BucketArn(opts.partition, opts.bucketName)],
            Condition: listPrefixCondition(opts.outputPrefix, opts.rejectedPrefix),
        },
        {
            // The S3 recoverable writer behind Flink's FileSink uploads part files with multipart
            // uploads, reads back and deletes its temporary objects on recovery, and aborts
            // uploads of failed attempts. The same for results and for rejected records.
            Sid: "WriteOutputPrefixes",
            Effect: "Allow",
            Action: [
                "s3:PutObject",
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
            ],
            Resource: [
                s3ObjectArn(opts.partition, opts.bucketName, `${opts.outputPrefix}*`),
                s3ObjectArn(opts.partition, opts.bucketName, `${opts.rejectedPrefix}*`),
            ],
        },
        {
            Sid: "DescribeLogGroups",
            Effect: "Allow",
            Action: ["logs:DescribeLogGroups"],
            // DescribeLogGroups is authorized against the log-group namespace of the account and
            // region, not a single group (as in the Managed Flink developer guide).
            Resource: [logGroupArn(opts, "*")],
        },
        {
            Sid: "DescribeOwnLogStreams",
            Effect: "Allow",
            Action: ["logs:DescribeLogStreams"],
            Resource: [logStreamArn(opts, opts.logGroupName, "*")],
        },
        {
            Sid: "WriteOwnLogStream",
            Effect: "Allow",
            Action: ["logs:PutLogEvents"],
            Resource: [logStreamArn(opts, opts.logGroupName, opts.logStreamName)],
        },
        {
            Sid: "PublishMetrics",
            Effect: "Allow",
            Action: ["cloudwatch:PutMetricData"],
            // CloudWatch defines no resource type for PutMetricData, so AWS accepts only "*" here;
            // metrics cannot be scoped by resource at all.
            Resource: ["*"],
        },
    );
    return { Version: "2012-10-17", Statement: statements };
}

/** The permissions of the Glue crawler's role (crawler mode only). */
export function crawlerPolicyDocument(opts: CrawlerPolicyOptions): PolicyDocument {
    const catalog = glueCatalogArn(opts);
    const database = glueDatabaseArn(opts, opts.databaseName);
    const table = glueTableArn(opts, opts.databaseName, opts.tableName);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ListOutputPrefix",
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: [s3BucketArn(opts.partition, opts.bucketName)],
                Condition: listPrefixCondition(opts.outputPrefix),
            },
            {
                // Crawlers look up the bucket's region before reading (AWSGlueServiceRole grants it too).
                Sid: "LocateBucket",
                Effect: "Allow",
                Action: ["s3:GetBucketLocation"],
                Resource: [s3BucketArn(opts.partition, opts.bucketName)],
            },
            {
                Sid: "ReadOutputObjects",
                Effect: "Allow",
                Action: ["s3:GetObject"],
                Resource: [s3ObjectArn(opts.partition, opts.bucketName, `${opts.outputPrefix}*`)],
            },
            {
                Sid: "ReadDatabase",
                Effect: "Allow",
                Action: ["glue:GetDatabase"],
                Resource: [catalog, database],
            },
            {
                // Glue does not document which catalog reads a catalog-target crawler makes;
                // AWSGlueServiceRole grants this listing, so it stays, confined to one database.
                Sid: "ListDatabaseTables",
                Effect: "Allow",
                Action: ["glue:GetTables"],
                Resource: [catalog, database, glueTableArn(opts, opts.databaseName, "*")],
            },
            {
                // No CreateTable/DeleteTable: the component owns the table; the crawler only
                // registers partitions (schema changes are logged, not applied).
                Sid: "UpdateTablePartitions",
                Effect: "Allow",
                Action: [
                    "glue:GetTable",
                    "glue:UpdateTable",
                    "glue:GetPartition",
                    "glue:GetPartitions",
                    "glue:BatchGetPartition",
                    "glue:CreatePartition",
                    "glue:BatchCreatePartition",
                    "glue:UpdatePartition",
                    "glue:BatchUpdatePartition",
                ],
                Resource: [catalog, database, table],
            },
            {
                Sid: "CreateCrawlerLogGroup",
                Effect: "Allow",
                Action: ["logs:CreateLogGroup"],
                // CloudWatch Logs authorizes log-group calls against the group ARN with and
                // without the trailing ":*", depending on the API; both name the same group.
                Resource: [logGroupArn(opts, GLUE_CRAWLER_LOG_GROUP), `${logGroupArn(opts, GLUE_CRAWLER_LOG_GROUP)}:*`],
            },
            {
                Sid: "WriteCrawlerLogStream",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [logStreamArn(opts, GLUE_CRAWLER_LOG_GROUP, opts.crawlerName)],
            },
        ],
    };
}

/**
 * The bucket policy: deny every request made without TLS.
 *
 * This is the one place with a wildcard action, and deliberately so: it is a Deny, so
 * `s3:*` takes access away rather than granting it, and it is the form AWS Config's
 * s3-bucket-ssl-requests-only rule and Security Hub control S3.5 look for. Listing
 * actions instead would leave any action not listed (and every action S3 adds later)
 * reachable over plain HTTP.
 */
export function tlsOnlyBucketPolicy(opts: TlsOnlyBucketPolicyOptions): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:*"],
                Resource: [
                    s3BucketArn(opts.partition, opts.bucketName),
                    s3ObjectArn(opts.partition, opts.bucketName, "*"),
                ],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
