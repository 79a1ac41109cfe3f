import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./defaults.js";
import type { ResourceRef } from "./resource-ref.js";

/** The AWS-managed Kinesis key: free, and needs no key-policy or IAM grant for readers. */
export const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

/** The stream the job reads: the stream itself when created here. */
export type StreamRef = ResourceRef<{ stream?: aws.kinesis.Stream }>;

/** The input Kinesis data stream, always encrypted at rest. */
export function createStream(
    name: string,
    args: ResolvedArgs["stream"],
    kmsKeyArn: pulumi.Output<string> | undefined,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
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
            kmsKeyId: kmsKeyArn ?? AWS_MANAGED_KINESIS_KEY,
            // An EFO job registers its consumer outside Pulumi; without this, destroy would
            // fail on the stream until someone deregistered it by hand.
            enforceConsumerDeletion: true,
            tags,
        },
        { parent },
    );
}

/** `arn:<p>:kinesis:<r>:<a>:stream/<name>` -> `<name>`. */
export function streamNameOf(streamArn: string): string {
    return streamArn.slice(streamArn.indexOf(":stream/") + ":stream/".length);
}

/** The stream to read: the existing one (already checked), or a new one. */
export function streamRef(
    name: string,
    args: ResolvedArgs["stream"],
    existingArn: pulumi.Output<string> | undefined,
    kmsKeyArn: pulumi.Output<string> | undefined,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    parent: pulumi.Resource,
): StreamRef {
    if (existingArn !== undefined) return { arn: existingArn, name: existingArn.apply(streamNameOf) };
    const stream = createStream(name, args, kmsKeyArn, tags, parent);
    return { stream, arn: stream.arn, name: stream.name };
}
