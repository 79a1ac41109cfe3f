import { DuckDBInstance } from "@duckdb/node-api";
import * as fs from "node:fs";
import * as path from "node:path";
import { namedQueries, output, renderQuery, type NamedQuery } from "../contract/index.js";
import type { BucketFolders } from "./bucket-folders.js";
import { partFiles } from "./committed-output.js";

/**
 * The Athena workgroup's named queries, run unchanged on DuckDB over the job's
 * committed files. Each Glue table becomes a view with the same schema, name and
 * Hive partitioning, so the SQL text is the one the component saves in Athena.
 */
export interface QueryResult {
    query: NamedQuery;
    sql: string;
    columns: string[];
    rows: Record<string, unknown>[];
}

export interface LocalCatalog {
    database: string;
    table: string;
    rejectedTable: string;
    /** The ticker the one-ticker query shows. */
    ticker: string;
}

const DUCKDB_TYPES: Record<string, string> = { timestamp: "TIMESTAMP", double: "DOUBLE", bigint: "BIGINT", string: "VARCHAR" };

const INTEGER_TYPES = new Set(["BIGINT", "HUGEINT", "INTEGER", "UBIGINT"]);

function quote(identifier: string): string {
    return `"${identifier.replaceAll('"', '""')}"`;
}

/** read_json's `columns` argument for contract columns. */
function jsonColumns(columns: readonly { name: string; type: string }[]): string {
    return `{${columns.map((c) => `${c.name}: '${DUCKDB_TYPES[c.type]}'`).join(", ")}}`;
}

/** DuckDB refuses a glob that matches no file, so a table with no committed file yet is an empty view. */
function emptySelect(columns: readonly { name: string; type: string }[]): string {
    return `SELECT ${columns.map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${quote(c.name)}`).join(", ")} WHERE false`;
}

export function tableViewSql(resultsDir: string, catalog: LocalCatalog): string {
    const view = `CREATE VIEW ${quote(catalog.database)}.${quote(catalog.table)} AS `;
    const key = output.partitionKey.name;
    const partitions = fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir).filter((name) => name.startsWith(`${key}=`)) : [];
    if (!partitions.some((name) => partFiles(path.join(resultsDir, name)).length > 0)) {
        return `${view}${emptySelect([...output.columns, { name: key, type: output.partitionKey.type }])}`;
    }
    const files = path.join(resultsDir, `${key}=*`, `${output.committedFilePrefix}*`).replaceAll("'", "''");
    return (
        `${view}SELECT * FROM read_json('${files}', format = 'newline_delimited', hive_partitioning = true, ` +
        `hive_types = {${key}: 'VARCHAR'}, columns = ${jsonColumns(output.columns)})`
    );
}

/** The rejected records as the Glue table reads them; a clean run rejects nothing. */
export function rejectedViewSql(rejectedDir: string, catalog: LocalCatalog): string {
    const view = `CREATE VIEW ${quote(catalog.database)}.${quote(catalog.rejectedTable)} AS `;
    if (partFiles(rejectedDir).length === 0) {
        return `${view}${emptySelect(output.rejectedColumns)}`;
    }
    const files = path.join(rejectedDir, `${output.committedFilePrefix}*`).replaceAll("'", "''");
    return `${view}SELECT * FROM read_json('${files}', format = 'newline_delimited', columns = ${jsonColumns(output.rejectedColumns)})`;
}

export async function runNamedQueries(folders: Pick<BucketFolders, "results" | "rejected">, catalog: LocalCatalog): Promise<QueryResult[]> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
        await connection.run(`CREATE SCHEMA ${quote(catalog.database)}`);
        await connection.run(tableViewSql(folders.results, catalog));
        await connection.run(rejectedViewSql(folders.rejected, catalog));
        const results: QueryResult[] = [];
        for (const query of namedQueries) {
            const sql = renderQuery(query.sql, catalog);
            const reader = await connection.runAndReadAll(sql);
            const columns = reader.columnNames();
            // JSON renders 64/128-bit integers (event_count, sum()) as strings; they fit a JS number here.
            const integers = reader
                .columnTypes()
                .map((type, i) => (INTEGER_TYPES.has(type.toString()) ? columns[i] : undefined))
                .filter((c): c is string => c !== undefined);
            const rows = reader.getRowObjectsJson().map((row) => {
                const converted: Record<string, unknown> = { ...row };
                for (const c of integers) if (row[c] !== null) converted[c] = Number(row[c]);
                return converted;
            });
            results.push({ query, sql, columns, rows });
        }
        return results;
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}
