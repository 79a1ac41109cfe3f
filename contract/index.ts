import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Typed access to contract/: the names, schema and SQL that the component, the
 * PyFlink job and the local pipeline share. The folder is found by walking up
 * from this file, so the same code works from the sources and from the compiled
 * package (dist/components/ -> contract/ at the package root).
 */

export interface PropertyGroupContract<K extends string> {
    groupId: string;
    keys: Record<K, string>;
    required: string[];
    defaults: Record<string, string>;
    allowed: Record<string, string[]>;
}

export interface PropertiesContract {
    runOptions: { groupId: string; python: string; jarfile: string };
    input: PropertyGroupContract<
        "streamArn" | "region" | "initPosition" | "initTimestamp" | "readerType" | "efoConsumerName" | "endpoint"
    >;
    output: PropertyGroupContract<"path" | "rejectedPath">;
    aggregation: PropertyGroupContract<"windowSeconds" | "watermarkDelaySeconds">;
}

export interface ColumnContract {
    name: string;
    /** Glue / Hive type. */
    type: string;
    flinkType: string;
    comment?: string;
}

export interface OutputContract {
    format: string;
    serde: string;
    partitionKey: { name: string; type: string };
    columns: ColumnContract[];
    committedFilePrefix: string;
    successFile: string;
    rejectedColumns: ColumnContract[];
}

/** contract/records.json: what the ticker job aggregates, and why it rejects the rest. */
export interface RecordsContract {
    /** What a whole ticker must match (unanchored; anchor it when testing). */
    tickerPattern: string;
    rejectReasons: string[];
}

export interface KinesisActionSet {
    /** Actions whose IAM resource is the stream. */
    stream: string[];
    /** Actions whose IAM resource is the EFO consumer. */
    consumer: string[];
}

export interface KinesisConnectorContract {
    groupId: string;
    artifactId: string;
    version: string;
    tableConnector: string;
    actions: { polling: KinesisActionSet; efo: KinesisActionSet };
}

export interface NamedQuery {
    id: string;
    name: string;
    description: string;
    /** SQL with {{database}}, {{table}}, {{rejected_table}} and {{ticker}} placeholders. */
    sql: string;
}

export function contractDir(): string {
    let dir = __dirname;
    for (;;) {
        const candidate = path.join(dir, "contract");
        if (fs.existsSync(path.join(candidate, "properties.json"))) {
            return candidate;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`contract/properties.json not found above ${__dirname}`);
        }
        dir = parent;
    }
}

function readJson<T>(file: string): T {
    return JSON.parse(fs.readFileSync(path.join(contractDir(), file), "utf8")) as T;
}

export const properties: PropertiesContract = readJson("properties.json");
export const output: OutputContract = readJson("output.json");
export const records: RecordsContract = readJson("records.json");
export const kinesisConnector: KinesisConnectorContract = readJson("kinesis-connector.json");

export const namedQueries: NamedQuery[] = readJson<{
    queries: { id: string; name: string; description: string; file: string }[];
}>("queries/index.json").queries.map((q) => ({
    id: q.id,
    name: q.name,
    description: q.description,
    sql: fs.readFileSync(path.join(contractDir(), "queries", q.file), "utf8").trim(),
}));

/** The contract's ticker rule as a regular expression over the whole string. */
export const TICKER = new RegExp(`^(?:${records.tickerPattern})$`);

/** Fills the named-query placeholders. Values must already be valid SQL identifiers/literals. */
export function renderQuery(
    sql: string,
    values: { database: string; table: string; rejectedTable: string; ticker: string },
): string {
    return sql
        .replaceAll("{{database}}", values.database)
        .replaceAll("{{table}}", values.table)
        .replaceAll("{{rejected_table}}", values.rejectedTable)
        .replaceAll("{{ticker}}", values.ticker);
}
