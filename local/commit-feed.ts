import * as path from "node:path";
import type { BucketFolders } from "./bucket-folders.js";
import { partFiles, readCommittedWindows, readRejectedFile, type CommittedWindow, type RejectedRecord } from "./committed-output.js";

/**
 * What the job committed since the last look: committed part files never change,
 * so a file not seen before holds only new windows or rejects. `--serve` prints
 * one line for each.
 */
export interface NewCommits {
    windows: CommittedWindow[];
    rejected: RejectedRecord[];
}

export class CommitFeed {
    private readonly seen = new Set<string>();

    constructor(private readonly folders: BucketFolders) {}

    /** Marks what is there now as seen, e.g. the output a resumed run keeps. */
    skipExisting(): number {
        return this.poll().windows.length;
    }

    poll(): NewCommits {
        const windows = readCommittedWindows(this.folders.results).filter((w) => !this.seen.has(path.join("results", w.file)));
        for (const w of windows) this.seen.add(path.join("results", w.file));
        const rejected: RejectedRecord[] = [];
        for (const file of partFiles(this.folders.rejected).filter((f) => !this.seen.has(f))) {
            this.seen.add(file);
            rejected.push(...readRejectedFile(file));
        }
        return { windows, rejected };
    }
}

export function formatWindowLine(w: CommittedWindow): string {
    const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace(/\.000Z$/, "");
    return `window  ${w.ticker.padEnd(6)} ${time(w.windowStartMs)} .. ${time(w.windowEndMs).slice(11)}  avg ${w.avgPrice.toFixed(4)}  min ${w.minPrice}  max ${w.maxPrice}  events ${w.eventCount}`;
}

export function formatRejectLine(r: RejectedRecord): string {
    const payload = r.payload.length > 120 ? `${r.payload.slice(0, 117)}...` : r.payload;
    return `reject  ${r.reason}: ${payload}`;
}
