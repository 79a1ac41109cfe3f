import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { s3BucketArn } from "./arn.js";
import type { ResolvedArgs } from "./defaults.js";
import { tlsOnlyBucketPolicy } from "./policies.js";
import type { ResourceRef } from "./resource-ref.js";

export interface Storage {
    bucket: aws.s3.Bucket;
    encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    versioning: aws.s3.BucketVersioning;
    publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    lifecycle: aws.s3.BucketLifecycleConfiguration;
    policy: aws.s3.BucketPolicy;
}

/** Declarative: what expires, and when. */
function createLifecycle(name: string, args: ResolvedArgs["bucket"], bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): aws.s3.BucketLifecycleConfiguration {
    return new aws.s3.BucketLifecycleConfiguration(
        `${name}-bucket-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    // Uploads left behind by failed Flink attempts are billed until aborted.
                    // A job restored from a snapshot older than this cannot resume its
                    // in-progress part files.
                    id: "abort-incomplete-multipart-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteMultipartUploadDays },
                },
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays },
                },
                {
                    id: "expire-athena-results",
                    status: "Enabled",
                    filter: { prefix: args.athenaResultsPrefix },
                    expiration: { days: args.athenaResultsExpirationDays },
                },
            ],
        },
        opts,
    );
}

function createTlsOnlyPolicy(name: string, bucket: aws.s3.Bucket, partition: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.s3.BucketPolicy {
    return new aws.s3.BucketPolicy(
        `${name}-bucket-policy`,
        {
            bucket: bucket.id,
            policy: pulumi
                .all([partition, bucket.bucket])
                .apply(([p, bucketName]) => JSON.stringify(tlsOnlyBucketPolicy({ partition: p, bucketName }))),
        },
        opts,
    );
}

/**
 * The one bucket of the pipeline: application code, job output and Athena results,
 * each under its own prefix so IAM can grant each reader and writer only its part.
 */
export function createStorage(
    name: string,
    args: ResolvedArgs["bucket"],
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    partition: pulumi.Input<string>,
    parent: pulumi.Resource,
): Storage {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(
        `${name}-bucket`,
        { bucket: args.name, forceDestroy: args.forceDestroy, tags },
        opts,
    );

    // SSE-S3 rather than a KMS key: readers (the job, Athena users, the crawler) then need
    // no KMS grants, and it is available in every partition.
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-bucket-encryption`,
        {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        },
        opts,
    );

    // Versioning gives every code upload a version id, which the application pins, so a
    // new upload is what triggers an application update (and old code stays restorable).
    const versioning = new aws.s3.BucketVersioning(
        `${name}-bucket-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        opts,
    );

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-bucket-public-access-block`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );

    // S3 rejects lifecycle rules on noncurrent versions while versioning is being enabled.
    const lifecycle = createLifecycle(name, args, bucket, { parent, dependsOn: [versioning] });
    // S3 refuses concurrent bucket-configuration changes; order the policy after the block.
    const policy = createTlsOnlyPolicy(name, bucket, partition, { parent, dependsOn: [publicAccessBlock] });
    return { bucket, encryption, versioning, publicAccessBlock, lifecycle, policy };
}

/** The bucket the code, the job's tables and Athena's results go to: its configuration when created here. */
export type BucketRef = ResourceRef<{ storage?: Storage }>;

export function bucketRef(
    name: string,
    args: ResolvedArgs["bucket"],
    existingName: pulumi.Output<string> | undefined,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    partition: pulumi.Output<string>,
    parent: pulumi.Resource,
): BucketRef {
    if (existingName !== undefined) {
        return { name: existingName, arn: pulumi.all([partition, existingName]).apply(([p, b]) => s3BucketArn(p, b)) };
    }
    const storage = createStorage(name, args, tags, partition, parent);
    return { storage, name: storage.bucket.bucket, arn: storage.bucket.arn };
}
