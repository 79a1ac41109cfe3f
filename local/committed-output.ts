import * as fs from "node:fs";
import * as path from "node:path";
import { FILE_SINK, tickerJobDescriptor } from "../contract/index.js";
import { TICKER_TABLE_IDS } from "../components/ticker-job.js";
import type { WindowStats } from "./expected-windows.js";

/**
 * The job's committed output on disk, read the way Athena would see it: only
 * finished part files under ticker=<T>/ (in-progress files start with a dot).
 */
export interface CommittedWindow extends WindowStats {
    file: string;
}

interface ResultLine {
    window_start: string;
    window_end: string;
    avg_price: number;
    min_price: number;
    max_price: number;
    event_count: number;
}

/** 'yyyy-MM-dd HH:mm:ss[.SSS]' in UTC, as the job's JSON sink writes timestamps. */
export function sqlTimestampMillis(text: string): number {
    const millis = Date.parse(`${text.replace(" ", "T")}Z`);
    if (Number.isNaN(millis)) throw new Error(`unexpected timestamp ${JSON.stringify(text)} in job output`);
    return millis;
}

/** The committed part files of one folder (in-progress files start with a dot). */
export function partFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((name) => name.startsWith(FILE_SINK.committedFilePrefix))
        .map((name) => path.join(dir, name));
}

function jsonLines<T>(file: string): T[] {
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as T);
}

/** The ticker job's one partition key (`ticker`), as contract/job.json declares it. */
const TICKER_PARTITION_KEY = tickerJobDescriptor.tables.find((t) => t.id === TICKER_TABLE_IDS.results)!.partitionKeys![0].name;

/** The results in `resultsDir` (`ticker=<T>/part-*`). */
export function readCommittedWindows(resultsDir: string): CommittedWindow[] {
    const key = TICKER_PARTITION_KEY;
    if (!fs.existsSync(resultsDir)) return [];
    const windows: CommittedWindow[] = [];
    for (const partition of fs.readdirSync(resultsDir).filter((name) => name.startsWith(`${key}=`))) {
        const ticker = partition.slice(key.length + 1);
        for (const file of partFiles(path.join(resultsDir, partition))) {
            for (const row of jsonLines<ResultLine>(file)) {
                windows.push({
                    ticker,
                    windowStartMs: sqlTimestampMillis(row.window_start),
                    windowEndMs: sqlTimestampMillis(row.window_end),
                    avgPrice: row.avg_price,
                    minPrice: row.min_price,
                    maxPrice: row.max_price,
                    eventCount: row.event_count,
                    file: path.relative(resultsDir, file),
                });
            }
        }
    }
    return windows;
}

export interface RejectedRecord {
    reason: string;
    payload: string;
}

/** The rejected records in `rejectedDir` (`part-*`). */
export function readRejected(rejectedDir: string): RejectedRecord[] {
    return partFiles(rejectedDir).flatMap((file) => readRejectedFile(file));
}

/** The rejected records of one committed part file. */
export function readRejectedFile(file: string): RejectedRecord[] {
    return jsonLines<RejectedRecord>(file);
}

/** Every committed part file below `dir`, at any depth of partition folders, sorted. */
export function committedFilePathsBelow(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile() && entry.name.startsWith(FILE_SINK.committedFilePrefix))
        .map((entry) => path.join(entry.parentPath, entry.name))
        .sort();
}

/** Every committed part file below `dir`, with its size: `path size` lines, sorted. */
export function committedFilesBelow(dir: string): string[] {
    return committedFilePathsBelow(dir).map((file) => `${path.relative(dir, file)} ${fs.statSync(file).size}`);
}
