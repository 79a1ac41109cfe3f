import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Application-code fixtures. The component only checks that the path exists and
 * hashes the bytes (the upload is mocked), so an empty but well-formed zip will do.
 */

/** End-of-central-directory record with zero entries: the smallest valid zip. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

export function tempDir(prefix = "sap-test-"): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A zip whose bytes differ per `variant`, so two variants hash differently. */
export function makeCodeZip(dir: string, variant = "a", fileName = "flink-app.zip"): string {
    const file = path.join(dir, fileName);
    // A zip comment (the trailing 2-byte length plus text) changes the bytes, not the entries.
    const comment = Buffer.from(variant);
    const record = Buffer.from(EMPTY_ZIP);
    record.writeUInt16LE(comment.length, 20);
    fs.writeFileSync(file, Buffer.concat([record, comment]));
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
