import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PartitionKeyDescriptor, PartitionProjection, TableFormat } from "../contract/index.js";
import type { StackContext } from "./application.js";
import type { ResolvedArgs, ResolvedTable } from "./defaults.js";
import { createServiceRole, ServiceRole } from "./iam.js";
import { crawlerPolicyDocument, crawlerTrustPolicy } from "./policies.js";
import type { BucketRef } from "./storage.js";

/**
 * The Glue Data Catalog side: a database and one table per table the job declares,
 * with the declared columns, partition keys and row format. New partitions reach
 * Athena either by partition projection (from each key's declared projection) or by
 * one crawler over every partitioned table.
 */

/** Glue's storage classes for each row format the job may write. */
export const TABLE_STORAGE: Record<TableFormat, { inputFormat: string; outputFormat: string; serde: string }> = {
    json: {
        inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serde: "org.apache.hive.hcatalog.data.JsonSerDe",
    },
    parquet: {
        inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        serde: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    },
};

export interface Catalog {
    database: aws.glue.CatalogDatabase;
    /** One Glue table per table the job declares, by table id. */
    tables: Record<string, aws.glue.CatalogTable>;
    crawler?: aws.glue.Crawler;
    crawlerRole?: ServiceRole;
}

/** `s3://bucket/<prefix>`: Athena and Glue use the s3 scheme, not the job's s3a. */
export function tableLocation(bucketName: string, prefix: string): string {
    return `s3://${bucketName}/${prefix}`;
}

/** The Pulumi resource name of a table's children: `<component>-<id with - for _>`. */
export function tableResourceName(componentName: string, tableId: string): string {
    return `${componentName}-${tableId.replaceAll("_", "-")}`;
}

/** The Glue columns of a table: name, type, and the comment where there is one. */
export function glueColumns(columns: { name: string; type: string; comment?: string }[]): { name: string; type: string; comment?: string }[] {
    return columns.map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) }));
}

/** Athena's projection parameters of one partition key. */
function projectionParameters(key: string, p: PartitionProjection): Record<string, string> {
    const at = `projection.${key}`;
    switch (p.type) {
        case "enum":
            return { [`${at}.type`]: "enum", [`${at}.values`]: p.values.join(",") };
        case "integer":
            return {
                [`${at}.type`]: "integer",
                [`${at}.range`]: p.range.join(","),
                [`${at}.interval`]: String(p.interval ?? 1),
                ...(p.digits === undefined ? {} : { [`${at}.digits`]: String(p.digits) }),
            };
        case "date":
            return {
                [`${at}.type`]: "date",
                [`${at}.format`]: p.format,
                [`${at}.range`]: p.range.join(","),
                [`${at}.interval`]: String(p.interval ?? 1),
                [`${at}.interval.unit`]: p.unit ?? "DAYS",
            };
        case "injected":
            return { [`${at}.type`]: "injected" };
    }
}

/**
 * Table parameters. In projection mode a partitioned table gets every key's
 * projection and a location template over all keys in path order, so Athena derives
 * partitions from the path with no crawler and no partition in the catalog.
 */
export function tableParameters(mode: string, location: string, table: Pick<ResolvedTable, "format" | "partitionKeys">): Record<string, string> {
    const parameters: Record<string, string> = { EXTERNAL: "TRUE", classification: table.format };
    if (mode === "projection" && table.partitionKeys.length > 0) {
        parameters["projection.enabled"] = "true";
        for (const key of table.partitionKeys) Object.assign(parameters, projectionParameters(key.name, key.projection));
        parameters["storage.location.template"] = `${location}${table.partitionKeys.map((k) => `${k.name}=\${${k.name}}/`).join("")}`;
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
export function crawlerName(databaseName: string, tableNames: string[]): string {
    return `${databaseName}-${tableNames.join("-")}-crawler`;
}

export interface CatalogInputs {
    args: ResolvedArgs["catalog"];
    job: ResolvedArgs["job"];
    bucket: BucketRef;
    stack: StackContext;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

function partitionColumns(keys: PartitionKeyDescriptor[]) {
    return keys.length === 0 ? undefined : glueColumns(keys);
}

function createTable(name: string, t: ResolvedTable, inputs: CatalogInputs, database: aws.glue.CatalogDatabase, parent: pulumi.Resource): aws.glue.CatalogTable {
    const location = inputs.bucket.name.apply((b) => tableLocation(b, t.prefix));
    const storage = TABLE_STORAGE[t.format];
    return new aws.glue.CatalogTable(
        tableResourceName(name, t.id),
        {
            name: t.name,
            databaseName: database.name,
            description: t.description,
            tableType: "EXTERNAL_TABLE",
            parameters: location.apply((l) => tableParameters(inputs.args.mode, l, t)),
            partitionKeys: partitionColumns(t.partitionKeys),
            storageDescriptor: {
                location,
                inputFormat: storage.inputFormat,
                outputFormat: storage.outputFormat,
                serDeInfo: { serializationLibrary: storage.serde },
                columns: glueColumns(t.columns),
            },
        },
        { parent },
    );
}

export function createCatalog(name: string, inputs: CatalogInputs, parent: pulumi.Resource): Catalog {
    const { args, job, tags } = inputs;
    const database = new aws.glue.CatalogDatabase(
        `${name}-database`,
        { name: args.databaseName, description: "Streaming analytics results", tags },
        { parent },
    );
    const tables = Object.fromEntries(job.tables.map((t) => [t.id, createTable(name, t, inputs, database, parent)]));
    const partitioned = job.tables.filter((t) => t.partitionKeys.length > 0);
    if (args.mode !== "crawler" || partitioned.length === 0) return { database, tables };

    const nameOfCrawler = crawlerName(args.databaseName, partitioned.map((t) => t.name));
    const { stack } = inputs;
    const crawlerRole = createServiceRole(
        `${name}-crawler-role`,
        stack.accountId.apply((id) => crawlerTrustPolicy({ accountId: id })),
        pulumi.all([stack.partition, stack.region, stack.accountId, inputs.bucket.name]).apply(([p, r, a, bucketName]) =>
            crawlerPolicyDocument({
                partition: p,
                region: r,
                accountId: a,
                bucketName,
                tablePrefixes: partitioned.map((t) => t.prefix),
                databaseName: args.databaseName,
                tableNames: partitioned.map((t) => t.name),
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
            // table that was created by hand up to date. The crawler reads each table's
            // own location, adds partitions to it and never creates a table. An S3
            // target would catalog the output folder as a table of its own. Catalog
            // targets take no exclusions and no incremental recrawl (S3 targets only).
            catalogTargets: [{ databaseName: database.name, tables: partitioned.map((t) => tables[t.id].name) }],
            schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
            recrawlPolicy: { recrawlBehavior: "CRAWL_EVERYTHING" },
            configuration: JSON.stringify(CRAWLER_CONFIGURATION),
            tags,
        },
        { parent, dependsOn: [crawlerRole.policy] },
    );

    return { database, tables, crawler, crawlerRole };
}
