import { GLUE_CRAWLER_LOG_GROUP } from "../../components/index.js";
import * as arn from "./support/arns.js";
import type { PipelineFacts } from "./support/facts.js";
import type { Probe } from "./support/requests.js";

/**
 * Requests made as the Glue crawler's role (catalog mode `crawler`): read the job's
 * output, register partitions of the component's one table, write its own log stream.
 */

const scope = (f: PipelineFacts): arn.Scope => f.env;
const partFile = (f: PipelineFacts) => `${f.outputPrefix}ticker=AAPL/part-5f1c-0.json`;

function crawler(f: PipelineFacts): NonNullable<PipelineFacts["crawler"]> {
    if (!f.crawler) throw new Error("the captured stack has no crawler");
    return f.crawler;
}

/** Glue checks table-level calls against the catalog, the database and the table; each is one request. */
function onCatalogDatabaseTable(action: string): Probe[] {
    return [
        { label: `${action} on the Data Catalog`, build: (f) => ({ action, resource: arn.glueCatalog(scope(f)) }) },
        { label: `${action} on its database`, build: (f) => ({ action, resource: arn.glueDatabase(scope(f), f.databaseName) }) },
        { label: `${action} on its table`, build: (f) => ({ action, resource: arn.glueTable(scope(f), f.databaseName, f.tableName) }) },
    ];
}

/** Reading a table and registering its partitions, one by one and in batches. */
const TABLE_ACTIONS = ["GetTable", "UpdateTable", ...["Get", "Create", "Update"].flatMap((verb) => [`${verb}Partition`, `Batch${verb}Partition`]), "GetPartitions"].map((a) => `glue:${a}`);

export const crawlerAllowed: Probe[] = [
    { label: "s3:ListBucket with s3:prefix = the output prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": f.outputPrefix } }) },
    { label: "s3:ListBucket with s3:prefix = a partition folder", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": `${f.outputPrefix}ticker=AAPL/` } }) },
    { label: "s3:GetBucketLocation on its bucket", build: (f) => ({ action: "s3:GetBucketLocation", resource: arn.s3Bucket(scope(f), f.bucketName) }) },
    { label: "s3:GetObject on a part file under the output prefix", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), f.bucketName, partFile(f)) }) },
    { label: "glue:GetDatabase on the Data Catalog", build: (f) => ({ action: "glue:GetDatabase", resource: arn.glueCatalog(scope(f)) }) },
    { label: "glue:GetDatabase on its database", build: (f) => ({ action: "glue:GetDatabase", resource: arn.glueDatabase(scope(f), f.databaseName) }) },
    ...onCatalogDatabaseTable("glue:GetTables"),
    ...TABLE_ACTIONS.flatMap(onCatalogDatabaseTable),
    { label: "logs:CreateLogGroup for /aws-glue/crawlers", build: (f) => ({ action: "logs:CreateLogGroup", resource: arn.logGroup(scope(f), GLUE_CRAWLER_LOG_GROUP) }) },
    { label: "logs:CreateLogGroup for /aws-glue/crawlers:*", build: (f) => ({ action: "logs:CreateLogGroup", resource: `${arn.logGroup(scope(f), GLUE_CRAWLER_LOG_GROUP)}:*` }) },
    { label: "logs:CreateLogStream for its crawler's stream", build: (f) => ({ action: "logs:CreateLogStream", resource: arn.logStream(scope(f), GLUE_CRAWLER_LOG_GROUP, crawler(f).name) }) },
    { label: "logs:PutLogEvents on its crawler's stream", build: (f) => ({ action: "logs:PutLogEvents", resource: arn.logStream(scope(f), GLUE_CRAWLER_LOG_GROUP, crawler(f).name) }) },
];

export const crawlerDenied: Probe[] = [
    // S3: read-only, output prefix only, this bucket only.
    { label: "s3:PutObject under the output prefix", build: (f) => ({ action: "s3:PutObject", resource: arn.s3Object(scope(f), f.bucketName, partFile(f)) }) },
    { label: "s3:DeleteObject under the output prefix", build: (f) => ({ action: "s3:DeleteObject", resource: arn.s3Object(scope(f), f.bucketName, partFile(f)) }) },
    { label: "s3:GetObject on the code object (another prefix)", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), f.bucketName, f.codeKey) }) },
    { label: "s3:GetObject under the Athena results prefix", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), f.bucketName, `${f.athenaResultsPrefix}q.csv`) }) },
    { label: "s3:GetBucketLocation on another bucket", build: (f) => ({ action: "s3:GetBucketLocation", resource: arn.s3Bucket(scope(f), "another-bucket") }) },
    { label: "s3:GetObject under the output prefix of another bucket", build: (f) => ({ action: "s3:GetObject", resource: arn.s3Object(scope(f), "another-bucket", partFile(f)) }) },
    { label: "s3:GetObject under the output prefix in the other partition", build: (f) => ({ action: "s3:GetObject", resource: arn.inOtherPartition(arn.s3Object(scope(f), f.bucketName, partFile(f))) }) },
    { label: "s3:ListBucket without a prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName) }) },
    { label: "s3:ListBucket with the code prefix", build: (f) => ({ action: "s3:ListBucket", resource: arn.s3Bucket(scope(f), f.bucketName), context: { "s3:prefix": f.codeKey.replace(/[^/]+$/, "") } }) },
    { label: "s3:DeleteBucket on its bucket", build: (f) => ({ action: "s3:DeleteBucket", resource: arn.s3Bucket(scope(f), f.bucketName) }) },
    // Glue: the component owns the database and the table; the crawler only adds partitions.
    { label: "glue:DeleteDatabase on its database", build: (f) => ({ action: "glue:DeleteDatabase", resource: arn.glueDatabase(scope(f), f.databaseName) }) },
    { label: "glue:UpdateDatabase on its database", build: (f) => ({ action: "glue:UpdateDatabase", resource: arn.glueDatabase(scope(f), f.databaseName) }) },
    { label: "glue:CreateDatabase", build: (f) => ({ action: "glue:CreateDatabase", resource: arn.glueDatabase(scope(f), "new_database") }) },
    { label: "glue:DeleteTable on its table", build: (f) => ({ action: "glue:DeleteTable", resource: arn.glueTable(scope(f), f.databaseName, f.tableName) }) },
    { label: "glue:CreateTable in its database", build: (f) => ({ action: "glue:CreateTable", resource: arn.glueTable(scope(f), f.databaseName, "new_table") }) },
    { label: "glue:UpdateTable on another table of its database", build: (f) => ({ action: "glue:UpdateTable", resource: arn.glueTable(scope(f), f.databaseName, "another_table") }) },
    { label: "glue:GetTable on a table of another database", build: (f) => ({ action: "glue:GetTable", resource: arn.glueTable(scope(f), "another_database", f.tableName) }) },
    { label: "glue:GetDatabase on another database", build: (f) => ({ action: "glue:GetDatabase", resource: arn.glueDatabase(scope(f), "another_database") }) },
    { label: "glue:DeletePartition on its table", build: (f) => ({ action: "glue:DeletePartition", resource: arn.glueTable(scope(f), f.databaseName, f.tableName) }) },
    { label: "glue:BatchDeletePartition on its table", build: (f) => ({ action: "glue:BatchDeletePartition", resource: arn.glueTable(scope(f), f.databaseName, f.tableName) }) },
    { label: "glue:GetTable on its table in the other partition", build: (f) => ({ action: "glue:GetTable", resource: arn.inOtherPartition(arn.glueTable(scope(f), f.databaseName, f.tableName)) }) },
    { label: "glue:CreatePartition on its table's name in another region", build: (f) => ({ action: "glue:CreatePartition", resource: arn.inRegion(arn.glueTable(scope(f), f.databaseName, f.tableName), arn.anotherRegion(f.env.region)) }) },
    { label: "glue:StartCrawler on its crawler", build: (f) => ({ action: "glue:StartCrawler", resource: crawler(f).arn }) },
    { label: "glue:UpdateCrawler on its crawler", build: (f) => ({ action: "glue:UpdateCrawler", resource: crawler(f).arn }) },
    // Nothing outside the catalog and its logs.
    { label: "iam:PassRole on its own role", build: (f) => ({ action: "iam:PassRole", resource: crawler(f).role.arn }) },
    { label: "kinesis:GetRecords on the pipeline's stream", build: (f) => ({ action: "kinesis:GetRecords", resource: f.streamArn }) },
    { label: "kinesis:DeleteStream on the pipeline's stream", build: (f) => ({ action: "kinesis:DeleteStream", resource: f.streamArn }) },
    { label: "kinesis:PutRecords on the pipeline's stream", build: (f) => ({ action: "kinesis:PutRecords", resource: f.streamArn }) },
    { label: "kms:Decrypt on the stream's key", build: (f) => ({ action: "kms:Decrypt", resource: f.kmsKeyArn ?? arn.kmsKey(scope(f), "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9") }) },
    { label: "logs:PutLogEvents on another crawler's stream", build: (f) => ({ action: "logs:PutLogEvents", resource: arn.logStream(scope(f), GLUE_CRAWLER_LOG_GROUP, "another-crawler") }) },
    { label: "logs:PutLogEvents on the application's log stream", build: (f) => ({ action: "logs:PutLogEvents", resource: arn.logStream(scope(f), f.logGroupName, f.logStreamName) }) },
    { label: "logs:CreateLogGroup for another group", build: (f) => ({ action: "logs:CreateLogGroup", resource: arn.logGroup(scope(f), "/aws-glue/other") }) },
    { label: "logs:CreateLogStream in its group in the other partition", build: (f) => ({ action: "logs:CreateLogStream", resource: arn.inOtherPartition(arn.logStream(scope(f), GLUE_CRAWLER_LOG_GROUP, crawler(f).name)) }) },
];
