import type { JobPolicyStatement } from "../contract/index.js";
import {
    ArnScope,
    glueCatalogArn,
    glueDatabaseArn,
    glueTableArn,
    kinesisAnalyticsApplicationArn,
    kinesisConsumerArn,
    logGroupArn,
    logStreamArn,
    s3AllObjectsArn,
    s3BucketArn,
    s3ObjectArn,
    s3PrefixArn,
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

/** The S3 object that holds the application code (possibly in another bucket than the output's). */
export interface CodeObjectRef {
    bucketName: string;
    key: string;
}

export interface ApplicationPolicyOptions extends ArnScope {
    /** The partition's DNS suffix (amazonaws.com, amazonaws.com.cn), for kms:ViaService. */
    dnsSuffix: string;
    streamArn: string;
    /** The bucket the job writes its tables to. */
    bucketName: string;
    code: CodeObjectRef;
    /** The prefix of every table the job writes, each ending in `/`, e.g. `output/` and `rejected/`. */
    tablePrefixes: string[];
    logGroupName: string;
    logStreamName: string;
    /** A customer-managed stream key; omit for the AWS-managed alias/aws/kinesis. */
    kmsKeyArn?: string;
    /** Set when the job reads with enhanced fan-out; grants the EFO actions for this consumer. */
    efoConsumerName?: string;
    /** The job's own extra statements, `${partition}`, `${region}` and `${account}` still in them. */
    jobStatements?: JobPolicyStatement[];
}

export interface TrustPolicyOptions {
    accountId: string;
    /** The one resource the service may assume the role for (aws:SourceArn), an ARN or an ARN pattern. */
    sourceArn?: string;
}

export interface CrawlerPolicyOptions extends ArnScope {
    bucketName: string;
    /** The prefixes of the tables the crawler keeps current. */
    tablePrefixes: string[];
    databaseName: string;
    tableNames: string[];
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

/** The Sids of the application role's own statements; a job's extra statements must use others. */
export const APPLICATION_STATEMENT_IDS = [
    "ReadInputStream",
    "UseEnhancedFanOutConsumer",
    "DecryptInputStream",
    "ReadApplicationCode",
    "ListOutputPrefixes",
    "WriteOutputPrefixes",
    "DescribeLogGroups",
    "DescribeOwnLogStreams",
    "WriteOwnLogStream",
    "PublishMetrics",
] as const;

/** The Kinesis actions the bundled connector calls, read from contract/kinesis-connector.json. */
export function kinesisReadActions(readerType: "POLLING" | "EFO"): { stream: string[]; consumer: string[] } {
    const set = readerType === "EFO" ? kinesisConnector.actions.efo : kinesisConnector.actions.polling;
    return { stream: [...set.stream], consumer: [...set.consumer] };
}

function serviceTrust(service: string, opts: TrustPolicyOptions): PolicyDocument {
    // Confused-deputy guard: the service may assume the role only on behalf of this
    // account and, where the service passes it, of the one resource that uses the role.
    const condition: ConditionBlock = { StringEquals: { "aws:SourceAccount": opts.accountId } };
    if (opts.sourceArn !== undefined) condition.ArnLike = { "aws:SourceArn": opts.sourceArn };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AssumedByServiceForThisAccountOnly",
                Effect: "Allow",
                Principal: { Service: service },
                Action: ["sts:AssumeRole"],
                Condition: condition,
            },
        ],
    };
}

/**
 * The application role's trust: Managed Flink, for this account, for the one
 * application (aws:SourceArn, which the Managed Flink developer guide recommends;
 * an autonamed application's name is known only after it exists, hence a pattern).
 */
export function applicationTrustPolicy(opts: TrustPolicyOptions): PolicyDocument {
    return serviceTrust(FLINK_SERVICE_PRINCIPAL, opts);
}

/**
 * The ARN of the application the role serves: exact for a given name; for an
 * autonamed one, any name that holds its Pulumi resource name, which every autonaming
 * pattern keeps (`<name>-application-<random>` by default).
 */
export function applicationSourceArn(scope: ArnScope, applicationName: string | undefined, resourceName: string): string {
    return kinesisAnalyticsApplicationArn(scope, applicationName ?? `*${resourceName}*`);
}

/**
 * The crawler role's trust. Glue documents no aws:SourceArn for the roles crawlers
 * assume, so it is bound to the account only: a condition Glue does not send would
 * lock the crawler out.
 */
export function crawlerTrustPolicy(opts: Pick<TrustPolicyOptions, "accountId">): PolicyDocument {
    return serviceTrust(GLUE_SERVICE_PRINCIPAL, { accountId: opts.accountId });
}

/** The S3 ListBucket condition that confines listing to these prefixes. */
function listPrefixCondition(prefixes: string[]): ConditionBlock {
    return { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } };
}

/** The job's statement with the stack's partition, region and account filled in. */
function fillJobStatement(s: JobPolicyStatement, scope: ArnScope, index: number): PolicyStatement {
    const fill = (text: string) =>
        text.replaceAll("${partition}", scope.partition).replaceAll("${region}", scope.region).replaceAll("${account}", scope.accountId);
    return {
        Sid: s.Sid ?? `JobStatement${index + 1}`,
        Effect: "Allow",
        Action: [...s.Action],
        Resource: s.Resource.map(fill),
        ...(s.Condition ? { Condition: s.Condition } : {}),
    };
}

/** Reading the stream: the connector's exact calls, on exactly the stream (and its EFO consumer), and its key. */
function streamStatements(opts: ApplicationPolicyOptions): PolicyStatement[] {
    const efo = opts.efoConsumerName !== undefined;
    const kinesis = kinesisReadActions(efo ? "EFO" : "POLLING");
    const statements: PolicyStatement[] = [{ Sid: "ReadInputStream", Effect: "Allow", Action: kinesis.stream, Resource: [opts.streamArn] }];
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
        // principal of the account through Kinesis. The role may use the key only through
        // Kinesis in this region (its endpoint, which ends in .amazonaws.com.cn in China).
        statements.push({
            Sid: "DecryptInputStream",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [opts.kmsKeyArn],
            Condition: { StringEquals: { "kms:ViaService": `kinesis.${opts.region}.${opts.dnsSuffix}` } },
        });
    }
    return statements;
}

/** The permissions of the Flink application's service execution role. */
export function applicationPolicyDocument(opts: ApplicationPolicyOptions): PolicyDocument {
    const statements: PolicyStatement[] = [
        ...streamStatements(opts),
        {
            Sid: "ReadApplicationCode",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: [s3ObjectArn(opts.partition, opts.code.bucketName, opts.code.key)],
        },
        {
            Sid: "ListOutputPrefixes",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [s3BucketArn(opts.partition, opts.bucketName)],
            Condition: listPrefixCondition(opts.tablePrefixes),
        },
        {
            // The S3 recoverable writer behind Flink's FileSink uploads part files with multipart
            // uploads, reads back and deletes its temporary objects on recovery, and aborts
            // uploads of failed attempts. The same for every table the job writes.
            Sid: "WriteOutputPrefixes",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: opts.tablePrefixes.map((p) => s3PrefixArn(opts.partition, opts.bucketName, p)),
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
        ...(opts.jobStatements ?? []).map((s, i) => fillJobStatement(s, opts, i)),
    ];
    return { Version: "2012-10-17", Statement: statements };
}

/** The permissions of the Glue crawler's role (crawler mode only). */
export function crawlerPolicyDocument(opts: CrawlerPolicyOptions): PolicyDocument {
    const catalog = glueCatalogArn(opts);
    const database = glueDatabaseArn(opts, opts.databaseName);
    const tables = opts.tableNames.map((t) => glueTableArn(opts, opts.databaseName, t));
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ListOutputPrefix",
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: [s3BucketArn(opts.partition, opts.bucketName)],
                Condition: listPrefixCondition(opts.tablePrefixes),
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
                Resource: opts.tablePrefixes.map((p) => s3PrefixArn(opts.partition, opts.bucketName, p)),
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
                // No CreateTable/DeleteTable: the component owns the tables; the crawler only
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
                Resource: [catalog, database, ...tables],
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
                Resource: [s3BucketArn(opts.partition, opts.bucketName), s3AllObjectsArn(opts.partition, opts.bucketName)],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
