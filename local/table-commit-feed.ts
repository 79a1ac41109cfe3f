import type { DuckDBConnection } from "@duckdb/node-api";
import * as fs from "node:fs";
import * as path from "node:path";
import type { TableDescriptor } from "../contract/index.js";
import { withDuckDb } from "./athena-on-duckdb.js";
import { tableFolder } from "./bucket-folders.js";
import { committedFilePathsBelow } from "./committed-output.js";

/**
 * What a job other than the ticker job committed since the last look, one entry per
 * new part file of each declared table. The run cannot read such a job's windows,
 * so `--serve` shows what any job's sink gives: a table, a partition, a row count.
 * Committed part files never change, so a file not seen before is new.
 */
export interface TableCommit {
    /** The Glue table's name (job.json `tables[].name`). */
    table: string;
    /** The Hive partition folders, e.g. `dt=2026-12-02/region=eu`; "" for an unpartitioned table. */
    partition: string;
    rows: number;
    file: string;
}

export class TableCommitFeed {
    private readonly seen = new Set<string>();

    constructor(
        private readonly root: string,
        private readonly tables: readonly TableDescriptor[],
    ) {}

    /** Marks what is there now as seen, e.g. the output a resumed run keeps; returns how many files. */
    skipExisting(): number {
        let files = 0;
        for (const table of this.tables) {
            for (const file of committedFilePathsBelow(tableFolder(this.root, table))) {
                this.seen.add(file);
                files++;
            }
        }
        return files;
    }

    async poll(): Promise<TableCommit[]> {
        const fresh: { table: TableDescriptor; folder: string; file: string }[] = [];
        for (const table of this.tables) {
            const folder = tableFolder(this.root, table);
            for (const file of committedFilePathsBelow(folder).filter((f) => !this.seen.has(f))) {
                this.seen.add(file);
                fresh.push({ table, folder, file });
            }
        }
        const commit = async (f: (typeof fresh)[number], duckdb?: DuckDBConnection): Promise<TableCommit> => ({
            table: f.table.name,
            partition: path.relative(f.folder, path.dirname(f.file)),
            rows: f.table.format === "parquet" ? await parquetRows(duckdb!, f.file) : jsonLines(f.file),
            file: f.file,
        });
        // One DuckDB for all the Parquet files of this look, none when there are none.
        if (!fresh.some((f) => f.table.format === "parquet")) return Promise.all(fresh.map((f) => commit(f)));
        return withDuckDb(async (duckdb) => {
            const commits: TableCommit[] = [];
            for (const f of fresh) commits.push(await commit(f, duckdb));
            return commits;
        });
    }
}

function jsonLines(file: string): number {
    return fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").length;
}

/** Rows of a committed Parquet file, from its footer. */
async function parquetRows(duckdb: DuckDBConnection, file: string): Promise<number> {
    const reader = await duckdb.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${file.replaceAll("'", "''")}')`);
    return Number(reader.getRowObjectsJson()[0].n);
}

export function formatTableCommitLine(c: TableCommit): string {
    return `commit  ${c.table}  ${c.partition === "" ? "(no partition)" : c.partition}  ${c.rows} rows  ${path.basename(c.file)}`;
}
