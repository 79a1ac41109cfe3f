import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./args.js";
import type { ApplicationCode } from "./code.js";
import { createServiceRole, ServiceRole } from "./iam.js";
import { buildJobPropertyGroups, jobOutputPath, runOptionsPropertyGroup } from "./job-properties.js";
import { applicationPolicyDocument, applicationTrustPolicy } from "./policies.js";

/** The log stream inside the application's own log group. */
export const APPLICATION_LOG_STREAM = "flink-application";

export interface FlinkApplicationInputs {
    args: ResolvedArgs["application"];
    stream: aws.kinesis.Stream;
    streamKmsKeyArn?: string;
    bucket: aws.s3.Bucket;
    outputPrefix: string;
    rejectedPrefix: string;
    code: ApplicationCode;
    partition: pulumi.Output<string>;
    region: pulumi.Output<string>;
    accountId: pulumi.Output<string>;
    tags: Record<string, string>;
}

export interface FlinkApplication {
    application: aws.kinesisanalyticsv2.Application;
    role: ServiceRole;
    logGroup: aws.cloudwatch.LogGroup;
    logStream: aws.cloudwatch.LogStream;
}

/** The Managed Flink application, its execution role and its logging. */
export function createFlinkApplication(
    name: string,
    inputs: FlinkApplicationInputs,
    parent: pulumi.Resource,
): FlinkApplication {
    const { args, stream, bucket, code, partition, region, accountId, tags } = inputs;
    const efoConsumerName = args.readerType === "EFO" ? args.efoConsumerName : undefined;

    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        { retentionInDays: args.logRetentionDays, tags },
        { parent },
    );
    const logStream = new aws.cloudwatch.LogStream(
        `${name}-log-stream`,
        { name: APPLICATION_LOG_STREAM, logGroupName: logGroup.name },
        { parent },
    );

    const role = createServiceRole(
        `${name}-role`,
        accountId.apply((id) => applicationTrustPolicy({ accountId: id })),
        pulumi
            .all([partition, region, accountId, stream.arn, bucket.bucket, logGroup.name, logStream.name])
            .apply(([p, r, a, streamArn, bucketName, logGroupName, logStreamName]) =>
                applicationPolicyDocument({
                    partition: p,
                    region: r,
                    accountId: a,
                    streamArn,
                    bucketName,
                    codeKey: code.key,
                    outputPrefix: inputs.outputPrefix,
                    rejectedPrefix: inputs.rejectedPrefix,
                    logGroupName,
                    logStreamName,
                    kmsKeyArn: inputs.streamKmsKeyArn,
                    efoConsumerName,
                }),
            ),
        tags,
        parent,
    );

    const propertyGroups = pulumi
        .all([stream.arn, region, bucket.bucket])
        .apply(([streamArn, r, bucketName]) => [
            runOptionsPropertyGroup(),
            ...buildJobPropertyGroups({
                streamArn,
                region: r,
                outputPath: jobOutputPath(bucketName, inputs.outputPrefix),
                rejectedPath: jobOutputPath(bucketName, inputs.rejectedPrefix),
                windowSeconds: args.windowSeconds,
                watermarkDelaySeconds: args.watermarkDelaySeconds,
                initialPosition: args.initialPosition,
                initialTimestamp: args.initialTimestamp,
                readerType: args.readerType,
                efoConsumerName,
            }),
        ]);

    const application = new aws.kinesisanalyticsv2.Application(
        `${name}-application`,
        {
            name: args.name,
            runtimeEnvironment: args.runtime,
            serviceExecutionRole: role.role.arn,
            startApplication: args.startApplication,
            applicationConfiguration: {
                applicationCodeConfiguration: {
                    codeContentType: "ZIPFILE",
                    codeContent: {
                        s3ContentLocation: {
                            bucketArn: bucket.arn,
                            fileKey: code.object.key,
                            // Pinning the version is what turns a new upload into an update.
                            objectVersion: code.object.versionId,
                        },
                    },
                },
                applicationSnapshotConfiguration: { snapshotsEnabled: true },
                environmentProperties: { propertyGroups },
                flinkApplicationConfiguration: {
                    checkpointConfiguration: {
                        // CUSTOM, or the service ignores the values below.
                        configurationType: "CUSTOM",
                        checkpointingEnabled: true,
                        checkpointInterval: args.checkpointIntervalSeconds * 1000,
                        minPauseBetweenCheckpoints: args.minPauseBetweenCheckpointsSeconds * 1000,
                    },
                    monitoringConfiguration: {
                        configurationType: "CUSTOM",
                        logLevel: args.logLevel,
                        metricsLevel: args.metricsLevel,
                    },
                    parallelismConfiguration: {
                        configurationType: "CUSTOM",
                        parallelism: args.parallelism,
                        parallelismPerKpu: args.parallelismPerKpu,
                        autoScalingEnabled: args.autoScalingEnabled,
                    },
                },
                runConfiguration: {
                    // An update restarts the job from the newest snapshot, so windows in flight
                    // and stream positions survive a code or config change.
                    applicationRestoreConfiguration: { applicationRestoreType: "RESTORE_FROM_LATEST_SNAPSHOT" },
                    flinkRunConfiguration: { allowNonRestoredState: args.allowNonRestoredState },
                },
            },
            cloudwatchLoggingOptions: { logStreamArn: logStream.arn },
            tags,
        },
        // The service checks the role's access to the code and the log stream on create.
        { parent, dependsOn: [role.policy] },
    );

    return { application, role, logGroup, logStream };
}
