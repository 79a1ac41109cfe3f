import * as fs from "node:fs";
import * as path from "node:path";
import { messageOf } from "./error-message.js";

/**
 * kinesis-local's saved streams: where it writes them, how to wait for a write
 * that holds every record put so far, and how to tell a whole file from one cut
 * short. kinesis-local rewrites the file in place on an interval: it truncates
 * it (the file is empty for a few milliseconds, 15–25 ms for 5.7 MB here) and
 * then writes it. A process killed in between leaves an empty or partial file,
 * which kinesis-local then fails to load with a bare `NoSuchElementException`.
 */

/** How often kinesis-local writes its state, and into which file of the folder. */
export const PERSIST_INTERVAL_MS = 1000;
export const PERSIST_FILE_NAME = "kinesis-data.json";
/**
 * How long stop() waits for two whole writes. A write of a large state takes
 * longer than the interval (about 1.8 s between writes of 5.7 MB here).
 */
export const PERSIST_WAIT_MS = 10 * PERSIST_INTERVAL_MS;

/** kinesis-local's persistence settings (environment variables its main.js reads). */
export function persistenceEnvironment(dir: string): Record<string, string> {
    return {
        SHOULD_PERSIST_DATA: "true",
        LOAD_DATA_IF_EXISTS: "true",
        PERSIST_PATH: dir,
        PERSIST_FILE_NAME,
        PERSIST_INTERVAL: `${PERSIST_INTERVAL_MS}ms`,
    };
}

export function persistFile(dir: string): string {
    return path.join(dir, PERSIST_FILE_NAME);
}

/** A whole write of the state: its bytes, and the file's modification time they belong to. */
export interface SavedState {
    bytes: Buffer;
    mtimeMs: number;
}

/** Why `bytes` is not a whole state file (it parses as JSON only once written to the end), or undefined. */
function incompleteReason(bytes: Buffer): string | undefined {
    if (bytes.length === 0) return "it is empty";
    try {
        JSON.parse(bytes.toString("utf8"));
        return undefined;
    } catch (error) {
        return `it is cut short after ${bytes.length} bytes (${messageOf(error)})`;
    }
}

/** The file as it stands, when it is whole and was not rewritten while it was read. */
function readWhole(file: string): SavedState | undefined {
    if (!fs.existsSync(file)) return undefined;
    const before = fs.statSync(file).mtimeMs;
    const bytes = fs.readFileSync(file);
    if (fs.statSync(file).mtimeMs !== before || incompleteReason(bytes) !== undefined) return undefined;
    return { bytes, mtimeMs: before };
}

/** How long savedAfter() waits, and what ends its wait early. */
export interface SavedAfterOptions {
    /** @default PERSIST_WAIT_MS */
    waitMs?: number;
    /** True once kinesis-local has exited: no write comes any more. */
    exited?: () => boolean;
}

/** The first whole write modified after `sinceMs`, waiting until `giveUpAt` for it or for the exit. */
async function wholeWriteAfter(file: string, sinceMs: number, giveUpAt: number, exited: () => boolean): Promise<SavedState | undefined> {
    // +1: the clock and the file system's timestamps may differ by a tick.
    const modifiedSince = (mtimeMs: number) => mtimeMs > sinceMs + 1;
    for (;;) {
        // Read (and parse) only a file modified since, not the same one on every poll.
        const state = fs.existsSync(file) && modifiedSince(fs.statSync(file).mtimeMs) ? readWhole(file) : undefined;
        if (state && modifiedSince(state.mtimeMs)) return state;
        if (Date.now() >= giveUpAt || exited()) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/**
 * A whole write of the state that began after `sinceMs`, so it holds every record
 * put before then; undefined after the wait, or once kinesis-local has exited. The
 * first whole write modified after `sinceMs` may have begun before it; the next
 * one began after the first was written to the end.
 */
export async function savedAfter(file: string, sinceMs: number, opts: SavedAfterOptions = {}): Promise<SavedState | undefined> {
    const giveUpAt = Date.now() + (opts.waitMs ?? PERSIST_WAIT_MS);
    const exited = opts.exited ?? (() => false);
    const first = await wholeWriteAfter(file, sinceMs, giveUpAt, exited);
    return first && wholeWriteAfter(file, first.mtimeMs, giveUpAt, exited);
}

/**
 * After kinesis-local was killed: when the kill cut a newer write short, puts the
 * whole state `saved` back (through a temporary file and a rename, so the file is
 * never half written). Returns whether it had to.
 */
export function restoreIfCutShort(file: string, saved: SavedState): boolean {
    const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
    if (incompleteReason(bytes) === undefined) return false;
    const temporary = `${file}.restoring`;
    fs.writeFileSync(temporary, saved.bytes);
    fs.renameSync(temporary, file);
    return true;
}

/**
 * Why kinesis-local cannot load the state saved in `dir`, or undefined when there
 * is none or it is whole. Checked before it starts, which it would otherwise not survive.
 */
export function savedStateProblem(dir: string): string | undefined {
    const file = persistFile(dir);
    if (!fs.existsSync(file)) return undefined;
    const reason = incompleteReason(fs.readFileSync(file));
    return (
        reason &&
        `kinesis-local cannot load the streams saved in ${file}: ${reason}. ` +
            "It was killed while it wrote them (a crash, or kill -9 of the whole pipeline), and their records are lost. " +
            "Start the pipeline again without --resume: it begins with an empty stream and an empty work folder"
    );
}
