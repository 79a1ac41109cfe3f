import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { tempDir } from "../../unit/support/fixtures.js";

/**
 * The repository's two packages as `npm pack` makes them, packed once per mocha
 * process: tests/package, tests/examples and tests/producer each install a tarball
 * into a fresh program, and packing (prepack builds dist/ with tsc) is the same work
 * each time. Each caller installs its own copy; the tarball itself is only read.
 */

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export interface PackedTarball {
    /** Absolute path of the tarball. */
    tarball: string;
    /** The file name npm gave it. */
    filename: string;
    /** The paths inside the package, as npm lists them. */
    files: string[];
}

async function pack(workspaceArgs: string[]): Promise<PackedTarball> {
    const destination = tempDir("sap-packed-");
    process.on("exit", () => fs.rmSync(destination, { recursive: true, force: true }));
    const { stdout } = await exec(NPM, ["pack", ...workspaceArgs, "--json", "--pack-destination", destination], {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
    });
    // prepack's own output precedes the JSON on stdout.
    const packed = JSON.parse(stdout.slice(stdout.indexOf("[")))[0] as { filename: string; files: { path: string }[] };
    return { tarball: path.join(destination, packed.filename), filename: packed.filename, files: packed.files.map((f) => f.path) };
}

let component: Promise<PackedTarball> | undefined;
let producer: Promise<PackedTarball> | undefined;

/** The component package, the repository's root. */
export function packedComponent(): Promise<PackedTarball> {
    component ??= pack([]);
    return component;
}

/** The producer package, the repository's `producer` workspace. */
export function packedProducer(): Promise<PackedTarball> {
    producer ??= pack(["--workspace", "producer"]);
    return producer;
}
