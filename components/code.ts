import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Upload of the application code. A zip goes up as a FileAsset, a folder as a
 * FileArchive that Pulumi zips; no zip code of our own.
 */

export interface ApplicationCode {
    object: aws.s3.BucketObjectv2;
    /** The object key, known before deployment (the IAM policy needs it). */
    key: string;
}

/** `code/flink-app.zip` for a zip, `code/<folder>.zip` for a folder. */
export function codeObjectKey(codePath: string, codePrefix: string): string {
    const resolved = path.resolve(codePath);
    const base = path.basename(resolved);
    const file = fs.statSync(resolved).isDirectory() ? `${base}.zip` : base;
    return `${codePrefix}${file}`;
}

function listFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => {
            const full = path.join(dir, entry.name);
            return entry.isDirectory() ? listFiles(full) : entry.isFile() ? [full] : [];
        })
        .sort();
}

/**
 * SHA-256 of the code: of the zip's bytes, or of every file's relative path and bytes
 * in a folder. Recorded on the object so a code change shows up in the diff as a
 * changed hash, not only as an opaque asset change.
 */
export function hashApplicationCode(codePath: string): string {
    const resolved = path.resolve(codePath);
    const hash = crypto.createHash("sha256");
    if (fs.statSync(resolved).isDirectory()) {
        for (const file of listFiles(resolved)) {
            hash.update(path.relative(resolved, file).split(path.sep).join("/"));
            hash.update("\0");
            hash.update(fs.readFileSync(file));
            hash.update("\0");
        }
    } else {
        hash.update(fs.readFileSync(resolved));
    }
    return hash.digest("hex");
}

export function uploadApplicationCode(
    name: string,
    codePath: string,
    codePrefix: string,
    bucket: aws.s3.Bucket,
    tags: Record<string, string>,
    dependsOn: pulumi.Resource[],
    parent: pulumi.Resource,
): ApplicationCode {
    const resolved = path.resolve(codePath);
    const source = fs.statSync(resolved).isDirectory()
        ? new pulumi.asset.FileArchive(resolved)
        : new pulumi.asset.FileAsset(resolved);
    const key = codeObjectKey(resolved, codePrefix);
    const object = new aws.s3.BucketObjectv2(
        `${name}-code`,
        {
            bucket: bucket.id,
            key,
            source,
            sourceHash: hashApplicationCode(resolved),
            contentType: "application/zip",
            tags,
        },
        // Versioning must be on before the upload, or the object has no version id to pin.
        { parent, dependsOn },
    );
    return { object, key };
}
