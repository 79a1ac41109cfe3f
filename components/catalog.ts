import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./args.js";
import { output as sink } from "../contract/index.js";
import { createServiceRole, ServiceRole } from "./iam.js";
import { crawlerPolicyDocument, crawlerTrustPolicy } from "./policies.js";

/**
 * The Glue Data Catalog side: a database, the results table and the rejected-records
 * table, whose columns and storage format come from contract/output.json (the job's
 * sink). New ticker partitions reach Athena either by partition projection or by a
 * crawler.
 */

export const JSON_INPUT_FORMAT = "org.apache.hadoop.mapred.TextInputFormat";
export const JSON_OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

export interface Catalog {
    database: aws.glue.CatalogDatabase;
    table: aws.glue.CatalogTable;
    /** The records the job could not read: `bucket.rejectedPrefix`, unpartitioned. */
    rejectedTable: aws.glue.CatalogTable;
    crawler?: aws.glue.Crawler;
    crawlerRole?: ServiceRole;
}

/** `s3://bucket/<prefix>`: Athena and Glue use the s3 scheme, not the job's s3a. */
export function tableLocation(bucketName: string, prefix: string): string {
    return `s3://${bucketName}/${prefix}`;
}

export function tableColumns(): { name: string; type: string; comment?: string }[] {
    return sink.columns.map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) }));
}

export function rejectedTableColumns(): { name: string; type: string }[] {
    return sink.rejectedColumns.map((c) => ({ name: c.name, type: c.type }));
}

/** Table parameters; in projection mode they make Athena derive partitions from the path. */
export function tableParameters(mode: string, location: string, tickers: string[]): Record<string, string> {
    const parameters: Record<string, string> = { EXTERNAL: "TRUE", classification: sink.format };
    if (mode === "projection") {
        const key = sink.partitionKey.name;
        parameters["projection.enabled"] = "true";
        parameters[`projection.${key}.type`] = "enum";
        parameters[`projection.${key}.values`] = tickers.join(",");
        parameters["storage.location.template"] = `${location}${key}=\${${key}}/`;
    }
    return parameters;
}

/**
 * Partitions inherit the table's schema; with LOG update/delete behaviour the
 * crawler only ever adds partitions.
 */
export const CRAWLER_CONFIGURATION = {
    Version: 1.0,
    CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
    Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
};

/** Known before deployment, because the crawler role's log permission names it. */
export function crawlerName(databaseName: string, tableName: string): string {
    return `${databaseName}-${tableName}-crawler`;
}

export interface CatalogInputs {
    args: ResolvedArgs["catalog"];
    bucket: aws.s3.Bucket;
    outputPrefix: string;
    rejectedPrefix: string;
    partition: pulumi.Output<string>;
    region: pulumi.Output<string>;
    accountId: pulumi.Output<string>;
    tags: Record<string, string>;
}

export function createCatalog(name: string, inputs: CatalogInputs, parent: pulumi.Resource): Catalog {
    const { args, bucket, outputPrefix, tags } = inputs;
    const location = bucket.bucket.apply((b) => tableLocation(b, outputPrefix));

    const database = new aws.glue.CatalogDatabase(
        `${name}-database`,
        { name: args.databaseName, description: "Streaming analytics results", tags },
        { parent },
    );

    const table = new aws.glue.CatalogTable(
        `${name}-table`,
        {
            name: args.tableName,
            databaseName: database.name,
            description: "Windowed price aggregates per ticker, written by the Flink job",
            tableType: "EXTERNAL_TABLE",
            parameters: location.apply((l) => tableParameters(args.mode, l, args.tickers)),
            partitionKeys: [{ name: sink.partitionKey.name, type: sink.partitionKey.type }],
            storageDescriptor: {
                location,
                inputFormat: JSON_INPUT_FORMAT,
                outputFormat: JSON_OUTPUT_FORMAT,
                serDeInfo: { serializationLibrary: sink.serde },
                columns: tableColumns(),
            },
        },
        { parent },
    );

    const rejectedTable = new aws.glue.CatalogTable(
        `${name}-rejected-table`,
        {
            name: args.rejectedTableName,
            databaseName: database.name,
            description: "Input records the Flink job could not read, with the reason",
            tableType: "EXTERNAL_TABLE",
            parameters: { EXTERNAL: "TRUE", classification: sink.format },
            storageDescriptor: {
                location: bucket.bucket.apply((b) => tableLocation(b, inputs.rejectedPrefix)),
                inputFormat: JSON_INPUT_FORMAT,
                outputFormat: JSON_OUTPUT_FORMAT,
                serDeInfo: { serializationLibrary: sink.serde },
                columns: rejectedTableColumns(),
            },
        },
        { parent },
    );

    if (args.mode !== "crawler") {
        return { database, table, rejectedTable };
    }

    const nameOfCrawler = crawlerName(args.databaseName, args.tableName);
    const crawlerRole = createServiceRole(
        `${name}-crawler-role`,
        inputs.accountId.apply((id) => crawlerTrustPolicy({ accountId: id })),
        pulumi.all([inputs.partition, inputs.region, inputs.accountId, bucket.bucket]).apply(([p, r, a, bucketName]) =>
            crawlerPolicyDocument({
                partition: p,
                region: r,
                accountId: a,
                bucketName,
                outputPrefix,
                databaseName: args.databaseName,
                tableName: args.tableName,
                crawlerName: nameOfCrawler,
            }),
        ),
        tags,
        parent,
    );

    const crawler = new aws.glue.Crawler(
        `${name}-crawler`,
        {
            name: nameOfCrawler,
            role: crawlerRole.role.arn,
            databaseName: database.name,
            schedule: args.crawlerSchedule,
            // A catalog target, not an S3 one: Glue documents it as the way to keep a
            // table that was created by hand up to date. The crawler reads the table's
            // own location, adds partitions to it and never creates a table. An S3
            // target would catalog the output folder as a table of its own. Catalog
            // targets take no exclusions and no incremental recrawl (S3 targets only).
            catalogTargets: [{ databaseName: database.name, tables: [table.name] }],
            schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
            recrawlPolicy: { recrawlBehavior: "CRAWL_EVERYTHING" },
            configuration: JSON.stringify(CRAWLER_CONFIGURATION),
            tags,
        },
        { parent, dependsOn: [crawlerRole.policy] },
    );

    return { database, table, rejectedTable, crawler, crawlerRole };
}
