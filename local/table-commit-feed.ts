import { DuckDBInstance } from "@duckdb/node-api";
import * as fs from "node:fs";
import * as path from "node:path";
import type { TableDescriptor } from "../contract/index.js";
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
        const fresh: TableCommit[] = [];
        for (const table of this.tables) {
            const folder = tableFolder(this.root, table);
            for (const file of committedFilePathsBelow(folder).filter((f) => !this.seen.has(f))) {
                this.seen.add(file);
                const partition = path.relative(folder, path.dirname(file));
                fresh.push({ table: table.name, partition, rows: await rowCount(file, table.format), file });
            }
        }
        return fresh;
    }
}

/** Rows of one committed file: JSON lines counted directly, Parquet from its footer through DuckDB. */
async function rowCount(file: string, format: TableDescriptor["format"]): Promise<number> {
    if (format !== "parquet") return fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").length;
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
        const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${file.replaceAll("'", "''")}')`);
        return Number(reader.getRowObjectsJson()[0].n);
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}

export function formatTableCommitLine(c: TableCommit): string {
    return `commit  ${c.table}  ${c.partition === "" ? "(no partition)" : c.partition}  ${c.rows} rows  ${path.basename(c.file)}`;
}
