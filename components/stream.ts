import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./args.js";

/** The AWS-managed Kinesis key: free, and needs no key-policy or IAM grant for readers. */
export const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

/** The input Kinesis data stream, always encrypted at rest. */
export function createStream(
    name: string,
    args: ResolvedArgs["stream"],
    tags: Record<string, string>,
    parent: pulumi.Resource,
): aws.kinesis.Stream {
    const provisioned = args.mode === "PROVISIONED";
    return new aws.kinesis.Stream(
        `${name}-stream`,
        {
            name: args.name,
            streamModeDetails: { streamMode: args.mode },
            // The API rejects a shard count for ON_DEMAND streams.
            shardCount: provisioned ? args.shardCount : undefined,
            retentionPeriod: args.retentionHours,
            encryptionType: "KMS",
            kmsKeyId: args.kmsKeyArn ?? AWS_MANAGED_KINESIS_KEY,
            // An EFO job registers its consumer outside Pulumi; without this, destroy would
            // fail on the stream until someone deregistered it by hand.
            enforceConsumerDeletion: true,
            tags,
        },
        { parent },
    );
}
