import * as path from "node:path";
import { tickerJobDescriptor, type TableDescriptor } from "../contract/index.js";
import { TICKER_TABLE_IDS } from "../components/ticker-job.js";

/**
 * The local stand-in for the pipeline's bucket: one folder, with each declared
 * table's prefix as a subfolder, so a job writes the same layout as deployed.
 */
export function tableFolder(root: string, table: Pick<TableDescriptor, "prefix">): string {
    return path.join(root, table.prefix.replace(/\/$/, ""));
}

/** Every table's folder by table id. */
export function tableFolders(root: string, tables: readonly TableDescriptor[]): Record<string, string> {
    return Object.fromEntries(tables.map((t) => [t.id, tableFolder(root, t)]));
}

/** The ticker job's two folders, which the exactness check reads. */
export interface BucketFolders {
    root: string;
    /** `output/`: `ticker=<T>/part-*` result files. */
    results: string;
    /** `rejected/`: the records the job could not read. */
    rejected: string;
}

export function bucketFolders(root: string, tables: readonly TableDescriptor[] = tickerJobDescriptor.tables): BucketFolders {
    const folders = tableFolders(root, tables);
    return { root, results: folders[TICKER_TABLE_IDS.results], rejected: folders[TICKER_TABLE_IDS.rejected] };
}
