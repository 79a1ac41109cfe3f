import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { s3BucketArn } from "./arn.js";
import type { CheckedInputs } from "./validation/index.js";

/**
 * The application code: a zip uploaded as a FileAsset, a folder as a FileArchive
 * that Pulumi zips (no zip code of our own), or an object already in S3.
 */

/** Where the application reads its code, and the upload when the component made one. */
export interface ApplicationCode {
    /** The upload; undefined when the job's code is an existing S3 object. */
    object?: aws.s3.BucketObjectv2;
    bucketName: pulumi.Output<string>;
    bucketArn: pulumi.Output<string>;
    key: pulumi.Output<string>;
    /** The object version the application pins, when there is one. */
    version?: pulumi.Output<string>;
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

export interface UploadTarget {
    bucketName: pulumi.Output<string>;
    bucketArn: pulumi.Output<string>;
    codePrefix: string;
    /** Versioning must be on before the upload, or the object has no version id to pin. */
    dependsOn: pulumi.Resource[];
}

export function uploadApplicationCode(
    name: string,
    codePath: string,
    target: UploadTarget,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    parent: pulumi.Resource,
): ApplicationCode {
    const resolved = path.resolve(codePath);
    const source = fs.statSync(resolved).isDirectory()
        ? new pulumi.asset.FileArchive(resolved)
        : new pulumi.asset.FileAsset(resolved);
    // Known before deployment, so the role's policy names the object in a preview too.
    const key = codeObjectKey(resolved, target.codePrefix);
    const object = new aws.s3.BucketObjectv2(
        `${name}-code`,
        {
            bucket: target.bucketName,
            key,
            source,
            sourceHash: hashApplicationCode(resolved),
            contentType: "application/zip",
            tags,
        },
        { parent, dependsOn: target.dependsOn },
    );
    return { object, bucketName: target.bucketName, bucketArn: target.bucketArn, key: pulumi.output(key), version: object.versionId };
}

/** The code as the job declares it: uploaded from disk, or the existing S3 object (already checked). */
export function applicationCode(
    name: string,
    code: string | undefined,
    existing: CheckedInputs["codeObject"],
    target: UploadTarget,
    partition: pulumi.Output<string>,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    parent: pulumi.Resource,
): ApplicationCode {
    if (existing !== undefined) {
        return {
            bucketName: existing.bucket,
            bucketArn: pulumi.all([partition, existing.bucket]).apply(([p, b]) => s3BucketArn(p, b)),
            key: existing.key,
            version: existing.version,
        };
    }
    return uploadApplicationCode(name, code as string, target, tags, parent);
}
