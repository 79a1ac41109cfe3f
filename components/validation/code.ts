import { unzipSync } from "fflate";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedJob } from "../defaults.js";
import { s3BucketName } from "./aws-names.js";
import type { ArgChecker } from "./checker.js";
import { limit } from "./limits.js";
import { isString, type Rule } from "./rules.js";

const BUILD_HINT = "run `npm run build:flink` to build build/flink-app.zip, or point the job's code at a zip or folder";

/** The entry names of a zip file; throws when the file is not a zip. */
export function zipEntryNames(file: string): string[] {
    const names: string[] = [];
    // The filter sees every entry of the central directory; returning false inflates none.
    unzipSync(fs.readFileSync(file), {
        filter: (entry) => {
            names.push(entry.name);
            return false;
        },
    });
    return names;
}

/** What a code zip or folder lacks of the files the run options name. */
function missingFiles(resolved: string, isFolder: boolean, required: string[]): string[] | string {
    if (isFolder) return required.filter((f) => !fs.existsSync(path.join(resolved, f)));
    let names: Set<string>;
    try {
        names = new Set(zipEntryNames(resolved));
    } catch (e) {
        return `is not a valid zip file (${(e as Error).message})`;
    }
    return required.filter((f) => !names.has(f));
}

/** A zip or folder on disk that holds the job's entry point and jar, where the run options point. */
export function codePathProblem(code: string, job: Pick<ResolvedJob, "entryPoint" | "jarFile">): string | undefined {
    if (code.length === 0) return `is required: the path to the application zip or folder; ${BUILD_HINT}`;
    const resolved = path.resolve(code);
    if (!fs.existsSync(resolved)) return `does not exist (resolved to ${resolved}); ${BUILD_HINT}`;
    const stat = fs.statSync(resolved);
    if (!stat.isDirectory() && !(stat.isFile() && resolved.endsWith(".zip"))) return `must be a .zip file or a folder; ${BUILD_HINT}`;
    const missing = missingFiles(resolved, stat.isDirectory(), [job.entryPoint, job.jarFile]);
    if (typeof missing === "string") return `${missing}; ${BUILD_HINT}`;
    return missing.length === 0
        ? undefined
        : `must contain ${missing.join(" and ")} (the job's entry point and jar, as the run options name them); ${BUILD_HINT}`;
}

const codeFileKey = limit("kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation.FileKey");

/**
 * The code object's key: Managed Flink's FileKey limit, and S3's documented key rules
 * (at most 1024 bytes of UTF-8, and no control characters, which S3 advises against):
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
 */
export const s3ObjectKey: Rule<unknown> = (v) =>
    codeFileKey(v) ??
    (isString(v) && Buffer.byteLength(v) <= 1024 && !/[\u0000-\u001f\u007f]/.test(v)
        ? undefined
        : "must be an S3 object key of at most 1024 bytes without control characters");

const nonEmpty: Rule<unknown> = (v) => (isString(v) && v.length > 0 ? undefined : "must be a non-empty string");

/** The rules of an S3 code object's fields (Inputs), applied now when known and again when they resolve. */
export const CODE_OBJECT_RULES = { bucket: [s3BucketName], key: [s3ObjectKey], version: [nonEmpty] };

/** The job's code: a zip or folder on disk, or an object already in S3 (whose fields may be Outputs). */
export function checkCode(c: ArgChecker, job: ResolvedJob, field: string): void {
    const code = job.code;
    if (code === undefined || code === null) {
        c.report(field, code, `is required: the application zip or folder, or { bucket, key, version } of an S3 object; ${BUILD_HINT}`);
    } else if (typeof code === "string") {
        c.check(field, code, (v) => codePathProblem(v, job));
    } else if (typeof code === "object") {
        c.checkIfKnown(`${field}.bucket`, code.bucket, ...CODE_OBJECT_RULES.bucket);
        c.checkIfKnown(`${field}.key`, code.key, ...CODE_OBJECT_RULES.key);
        if (code.version !== undefined) c.checkIfKnown(`${field}.version`, code.version, ...CODE_OBJECT_RULES.version);
    } else {
        c.report(field, code, "must be a path or { bucket, key, version }");
    }
}
