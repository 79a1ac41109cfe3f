import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import * as fs from "node:fs";
import * as path from "node:path";
import { FILE_SINK, renderNamedQuery, type ColumnDescriptor, type JobDescriptor, type NamedQueryDescriptor, type TableDescriptor } from "../contract/index.js";
import { tableFolder } from "./bucket-folders.js";

/**
 * A job's named queries, run unchanged on DuckDB over its committed files. Each
 * declared table becomes a view with the Glue table's name, columns and Hive
 * partitioning, reading its format (JSON lines or Parquet), so the SQL text is the
 * one the component saves in Athena.
 */
export interface QueryResult {
    query: NamedQueryDescriptor;
    sql: string;
    columns: string[];
    rows: Record<string, unknown>[];
}

/** What the views and queries are built from: the job's tables and queries, and the Glue database name. */
export interface LocalCatalog {
    job: Pick<JobDescriptor, "tables" | "namedQueries" | "queryParameters">;
    /** The local stand-in for the bucket; each table is under its prefix. */
    bucketRoot: string;
    database: string;
}

const SIMPLE_TYPES: Record<string, string> = {
    timestamp: "TIMESTAMP",
    date: "DATE",
    double: "DOUBLE",
    float: "FLOAT",
    bigint: "BIGINT",
    int: "INTEGER",
    smallint: "SMALLINT",
    tinyint: "TINYINT",
    boolean: "BOOLEAN",
    string: "VARCHAR",
};

const INTEGER_TYPES = new Set(["BIGINT", "HUGEINT", "INTEGER", "UBIGINT"]);

/** The DuckDB type of a Glue column type; decimal(p,s) keeps its precision. */
export function duckdbType(glueType: string): string {
    const simple = SIMPLE_TYPES[glueType.toLowerCase()];
    if (simple !== undefined) return simple;
    const decimal = /^decimal\((\d+),\s*(\d+)\)$/i.exec(glueType);
    if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
    throw new Error(`column type ${JSON.stringify(glueType)} has no DuckDB equivalent here; the local run reads ${Object.keys(SIMPLE_TYPES).join(", ")}, decimal(p,s)`);
}

function quote(identifier: string): string {
    return `"${identifier.replaceAll('"', '""')}"`;
}

function literal(text: string): string {
    return `'${text.replaceAll("'", "''")}'`;
}

/** DuckDB refuses a glob that matches no file, so a table with no committed file yet is an empty view. */
function emptySelect(columns: readonly ColumnDescriptor[]): string {
    return `SELECT ${columns.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${quote(c.name)}`).join(", ")} WHERE false`;
}

/** Whether any committed part file sits `depth` partition folders below `dir`. */
function hasCommittedFile(dir: string, depth: number): boolean {
    if (!fs.existsSync(dir)) return false;
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (depth === 0) return entries.some((e) => e.isFile() && e.name.startsWith(FILE_SINK.committedFilePrefix));
    return entries.some((e) => e.isDirectory() && e.name.includes("=") && hasCommittedFile(path.join(dir, e.name), depth - 1));
}

/** The view of one declared table over its folder under `bucketRoot`. */
export function tableViewSql(table: TableDescriptor, bucketRoot: string, database: string): string {
    const keys = table.partitionKeys ?? [];
    const view = `CREATE VIEW ${quote(database)}.${quote(table.name)} AS `;
    const folder = tableFolder(bucketRoot, table);
    if (!hasCommittedFile(folder, keys.length)) return `${view}${emptySelect([...table.columns, ...keys])}`;
    const glob = path.join(folder, ...keys.map((k) => `${k.name}=*`), `${FILE_SINK.committedFilePrefix}*`);
    const hive = keys.length === 0 ? "hive_partitioning = false" : `hive_partitioning = true, hive_types = {${keys.map((k) => `${k.name}: '${duckdbType(k.type)}'`).join(", ")}}`;
    const columns = [...table.columns, ...keys].map((c) => quote(c.name)).join(", ");
    if (table.format === "parquet") {
        // Parquet carries its own types; the casts make the view's types the declared ones.
        const typed = [...table.columns, ...keys].map((c) => `CAST(${quote(c.name)} AS ${duckdbType(c.type)}) AS ${quote(c.name)}`).join(", ");
        return `${view}SELECT ${typed} FROM read_parquet(${literal(glob)}, ${hive})`;
    }
    const jsonColumns = `{${table.columns.map((c) => `${quote(c.name)}: '${duckdbType(c.type)}'`).join(", ")}}`;
    return `${view}SELECT ${columns} FROM read_json(${literal(glob)}, format = 'newline_delimited', ${hive}, columns = ${jsonColumns})`;
}

/** Runs one query; 64/128-bit integers (counts, sums) come back as JSON strings and fit a JS number here. */
async function runQuery(connection: DuckDBConnection, query: NamedQueryDescriptor, sql: string): Promise<QueryResult> {
    const reader = await connection.runAndReadAll(sql);
    const columns = reader.columnNames();
    const integers = reader
        .columnTypes()
        .map((type, i) => (INTEGER_TYPES.has(type.toString()) ? columns[i] : undefined))
        .filter((c): c is string => c !== undefined);
    const rows = reader.getRowObjectsJson().map((row) => {
        const converted: Record<string, unknown> = { ...row };
        for (const c of integers) if (row[c] !== null) converted[c] = Number(row[c]);
        return converted;
    });
    return { query, sql, columns, rows };
}

/** What the catalog answers: each named query's rows, and each table's row count by table id. */
export interface CatalogAnswers {
    queries: QueryResult[];
    tableRows: Record<string, number>;
}

/** Every named query of the job, in declaration order, over a view per declared table; and each view's row count. */
export async function queryCatalog(catalog: LocalCatalog): Promise<CatalogAnswers> {
    const { job, bucketRoot, database } = catalog;
    return withDuckDb(async (connection) => {
        await connection.run(`CREATE SCHEMA ${quote(database)}`);
        const tableRows: Record<string, number> = {};
        for (const table of job.tables) {
            await connection.run(tableViewSql(table, bucketRoot, database));
            const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${quote(database)}.${quote(table.name)}`);
            tableRows[table.id] = Number(count.getRowObjectsJson()[0].n);
        }
        const values = {
            database,
            tables: Object.fromEntries(job.tables.map((t) => [t.id, t.name])),
            parameters: { ...(job.queryParameters ?? {}) },
        };
        const queries: QueryResult[] = [];
        for (const query of job.namedQueries ?? []) queries.push(await runQuery(connection, query, renderNamedQuery(query.sql, values)));
        return { queries, tableRows };
    });
}

/** Runs `use` on a connection to a new in-memory DuckDB, closed afterwards whatever happens. */
export async function withDuckDb<T>(use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
        return await use(connection);
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

export async function runNamedQueries(catalog: LocalCatalog): Promise<QueryResult[]> {
    return (await queryCatalog(catalog)).queries;
}
