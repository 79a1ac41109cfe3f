import * as fs from "node:fs";
import * as path from "node:path";
import { bucketFolders } from "./bucket-folders.js";

/**
 * The folder the local job writes into (see bucket-folders.ts). A run starts from
 * an empty one, but it only ever deletes what an earlier run wrote there: the
 * `output/` and `rejected/` folders. Anything else, dotfiles included, means the
 * folder is not pipeline output (say `--out ~`), and the run refuses it untouched.
 */
export function prepareOutputDir(outDir: string): void {
    if (fs.existsSync(outDir)) {
        if (!fs.statSync(outDir).isDirectory()) {
            throw new Error(`--out: '${outDir}' is a file, not a folder`);
        }
        const folders = bucketFolders(outDir);
        const ours = new Set([path.basename(folders.results), path.basename(folders.rejected)]);
        const entries = fs.readdirSync(outDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
        const foreign = entries.filter((e) => !(e.isDirectory() && ours.has(e.name))).map((e) => e.name);
        if (foreign.length > 0) {
            throw new Error(
                `--out: '${outDir}' holds ${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", ..." : ""}, ` +
                    "which is not pipeline output; choose an empty or new folder",
            );
        }
        for (const entry of entries) fs.rmSync(path.join(outDir, entry.name), { recursive: true, force: true });
    }
    fs.mkdirSync(outDir, { recursive: true });
}
