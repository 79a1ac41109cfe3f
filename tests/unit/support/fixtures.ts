import { zipSync, type Zippable } from "fflate";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Application-code fixtures: small but real zips and folders, laid out like the
 * built application (the entry point and the connector jar), with fixed
 * timestamps so the same variant always has the same bytes and hash.
 */

/** Every entry gets this time, so a zip's bytes depend only on its contents. */
const FIXED_MTIME = new Date("2026-01-01T00:00:00Z");

export function tempDir(prefix = "sap-test-"): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The bytes of an application zip with these files (path -> content). */
export function zipBytes(files: Record<string, string>): Uint8Array {
    const entries: Zippable = {};
    for (const [name, content] of Object.entries(files)) entries[name] = [Buffer.from(content), { mtime: FIXED_MTIME }];
    return zipSync(entries);
}

/** The files of the built ticker application; `variant` changes main.py, so two variants hash differently. */
export function applicationFiles(variant = "a"): Record<string, string> {
    return { "main.py": `print('job ${variant}')\n`, "lib/pyflink-dependencies.jar": "jar" };
}

/** A zip with the application's layout, whose bytes differ per `variant`. */
export function makeCodeZip(dir: string, variant = "a", fileName = "flink-app.zip"): string {
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, zipBytes(applicationFiles(variant)));
    return file;
}

/** A folder laid out like the built application. */
export function makeCodeFolder(dir: string, mainPy = "print('job')\n"): string {
    const folder = path.join(dir, "flink-app");
    fs.mkdirSync(path.join(folder, "lib"), { recursive: true });
    fs.writeFileSync(path.join(folder, "main.py"), mainPy);
    fs.writeFileSync(path.join(folder, "lib", "pyflink-dependencies.jar"), "jar");
    return folder;
}
