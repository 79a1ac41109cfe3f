import * as fs from "node:fs";
import * as path from "node:path";
import { FILE_SINK, type TableDescriptor } from "../contract/index.js";
import { tableFolder } from "./bucket-folders.js";

/**
 * The folder the local job writes into (the stand-in for the bucket, see
 * bucket-folders.ts), made safe to empty. A run marks every folder it creates
 * with a marker file that says what the folder is: the bucket, or one table's
 * folder with its partition keys. A later run empties or reuses only a marked
 * folder, and only when it holds nothing but what a run writes there: marked
 * folders, and in a table folder the job's partition folders and part files.
 * Anything else (a home folder, user files dropped into output/) is refused with
 * a message naming the folder and the entry, and nothing is deleted.
 */

/** The marker's name; its content says what the folder holds. */
export const RUN_MARKER = ".local-run-folder.json";

type Marker = { kind: "bucket" } | { kind: "table"; table: string; partitionKeys: string[] };

/** What to do with the run's output of an earlier run. */
export type OutputDirMode = "empty" | "reuse";

export class OutputDirError extends Error {}

/** The marker of `dir`, or undefined when the run did not create it. */
function readMarker(dir: string): Marker | undefined {
    try {
        return JSON.parse(fs.readFileSync(path.join(dir, RUN_MARKER), "utf8")) as Marker;
    } catch {
        return undefined;
    }
}

function writeMarker(dir: string, marker: Marker): void {
    const note = "Created by `npm run local`, which empties or reuses only folders with this file. Delete it to keep the run away.";
    fs.writeFileSync(path.join(dir, RUN_MARKER), `${JSON.stringify({ ...marker, note }, null, 2)}\n`);
}

/** A file the job's filesystem sink writes: committed part files, in-progress ones (dot first), _SUCCESS. */
function isSinkFile(name: string): boolean {
    return name.startsWith(FILE_SINK.committedFilePrefix) || name.startsWith(`.${FILE_SINK.committedFilePrefix}`) || name === FILE_SINK.successFile;
}

/** The first entry under a table folder that the job would not have written, as a path relative to `dir`. */
function foreignInTable(dir: string, keys: readonly string[]): string | undefined {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === RUN_MARKER && entry.isFile()) continue;
        const [key, ...inner] = keys;
        if (key === undefined ? entry.isFile() && isSinkFile(entry.name) : entry.isDirectory() && entry.name.startsWith(`${key}=`)) {
            const below = key === undefined ? undefined : foreignInTable(path.join(dir, entry.name), inner);
            if (below === undefined) continue;
            return path.join(entry.name, below);
        }
        return entry.name;
    }
    return undefined;
}

/** The first entry under a marked folder that no run wrote (relative to `dir`), or undefined when all is a run's. */
function foreignEntry(dir: string, marker: Marker): string | undefined {
    if (marker.kind === "table") return foreignInTable(dir, marker.partitionKeys);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === RUN_MARKER && entry.isFile()) continue;
        const inner = entry.isDirectory() ? readMarker(path.join(dir, entry.name)) : undefined;
        if (inner === undefined) return entry.name;
        const below = foreignEntry(path.join(dir, entry.name), inner);
        if (below !== undefined) return path.join(entry.name, below);
    }
    return undefined;
}

function refuse(outDir: string, why: string): never {
    throw new OutputDirError(
        `--out: '${outDir}' ${why}; a run empties or reuses only folders it created (they hold ${RUN_MARKER}): choose a new or empty folder, or move those files`,
    );
}

/** Checks the folder, empties it unless `mode` is reuse, and creates and marks the bucket and each table folder. */
export function prepareOutputDir(outDir: string, tables: readonly TableDescriptor[], mode: OutputDirMode = "empty"): void {
    if (fs.existsSync(outDir)) {
        if (!fs.statSync(outDir).isDirectory()) refuse(outDir, "is a file, not a folder");
        const entries = fs.readdirSync(outDir);
        const marker = readMarker(outDir);
        if (marker === undefined && entries.length > 0) {
            refuse(outDir, `holds ${entries.sort().slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""} but no ${RUN_MARKER}, so it is not a run's output`);
        }
        const foreign = marker === undefined ? undefined : foreignEntry(outDir, marker);
        if (foreign !== undefined) refuse(path.join(outDir, path.dirname(foreign)), `holds ${path.basename(foreign)}, which no run wrote`);
        if (mode === "empty") for (const name of entries) if (name !== RUN_MARKER) fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
    }
    fs.mkdirSync(outDir, { recursive: true });
    writeMarker(outDir, { kind: "bucket" });
    for (const table of tables) createMarked(outDir, tableFolder(outDir, table), { kind: "table", table: table.id, partitionKeys: (table.partitionKeys ?? []).map((k) => k.name) });
}

/** Creates `folder` below `root`, marking every folder on the way (a prefix may be nested: `a/b/`). */
function createMarked(root: string, folder: string, marker: Marker): void {
    const parts = path.relative(root, folder).split(path.sep);
    let dir = root;
    parts.forEach((part, i) => {
        dir = path.join(dir, part);
        const existing = readMarker(dir);
        fs.mkdirSync(dir, { recursive: true });
        if (existing === undefined) writeMarker(dir, i === parts.length - 1 ? marker : { kind: "bucket" });
    });
}
