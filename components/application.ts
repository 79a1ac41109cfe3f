import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ApplicationCode } from "./code.js";
import type { ResolvedArgs } from "./defaults.js";
import { createServiceRole, ServiceRole } from "./iam.js";
import { jobOutputPath, jobPropertyGroups } from "./job-properties.js";
import { applicationPolicyDocument, applicationSourceArn, applicationTrustPolicy } from "./policies.js";
import type { BucketRef } from "./storage.js";
import type { StreamRef } from "./stream.js";

/** The log stream inside the application's own log group. */
export const APPLICATION_LOG_STREAM = "flink-application";

/** Partition, region, account and DNS suffix of the stack, from the provider. */
export interface StackContext {
    partition: pulumi.Output<string>;
    region: pulumi.Output<string>;
    accountId: pulumi.Output<string>;
    dnsSuffix: pulumi.Output<string>;
}

export interface FlinkApplicationInputs {
    args: ResolvedArgs["application"];
    job: ResolvedArgs["job"];
    stream: StreamRef;
    /** The customer-managed stream key, checked. */
    streamKmsKeyArn?: pulumi.Output<string>;
    bucket: BucketRef;
    code: ApplicationCode;
    stack: StackContext;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface FlinkApplication {
    application: aws.kinesisanalyticsv2.Application;
    role: ServiceRole;
    logGroup: aws.cloudwatch.LogGroup;
    logStream: aws.cloudwatch.LogStream;
}

/** Each table's folder by table id: `s3a://<bucket>/<prefix>`. */
function tableFolders(job: ResolvedArgs["job"], bucketName: string): Record<string, string> {
    return Object.fromEntries(job.tables.map((t) => [t.id, jobOutputPath(bucketName, t.prefix)]));
}

function createRole(name: string, inputs: FlinkApplicationInputs, logGroup: aws.cloudwatch.LogGroup, logStream: aws.cloudwatch.LogStream, parent: pulumi.Resource): ServiceRole {
    const { args, job, stream, bucket, code, stack } = inputs;
    const efoConsumerName = args.readerType === "EFO" ? args.efoConsumerName : undefined;
    const scope = pulumi.all([stack.partition, stack.region, stack.accountId]).apply(([partition, region, accountId]) => ({ partition, region, accountId }));
    return createServiceRole(
        `${name}-role`,
        // An autonamed application is `<name>-application-<random>` (or per the project's
        // autonaming pattern, which keeps the logical name), hence the pattern.
        scope.apply((s) => applicationTrustPolicy({ accountId: s.accountId, sourceArn: applicationSourceArn(s, args.name, `${name}-application`) })),
        pulumi
            .all([scope, stack.dnsSuffix, stream.arn, bucket.name, code.bucketName, code.key, pulumi.all([logGroup.name, logStream.name]), pulumi.output(inputs.streamKmsKeyArn)])
            .apply(([s, dnsSuffix, streamArn, bucketName, codeBucket, codeKey, [logGroupName, logStreamName], kmsKeyArn]) =>
                applicationPolicyDocument({
                    ...s,
                    dnsSuffix,
                    streamArn,
                    bucketName,
                    code: { bucketName: codeBucket, key: codeKey },
                    tablePrefixes: job.tables.map((t) => t.prefix),
                    logGroupName,
                    logStreamName,
                    kmsKeyArn,
                    efoConsumerName,
                    jobStatements: job.policyStatements,
                }),
            ),
        inputs.tags,
        parent,
    );
}

/** The runtime properties the job reads, once the stream, region and bucket are known. */
function applicationPropertyGroups(inputs: FlinkApplicationInputs) {
    const { args, job, stream, bucket, stack } = inputs;
    return pulumi.all([stream.arn, stack.region, bucket.name]).apply(([streamArn, region, bucketName]) =>
        jobPropertyGroups(
            job,
            {
                streamArn,
                region,
                initialPosition: args.initialPosition,
                initialTimestamp: args.initialTimestamp,
                readerType: args.readerType,
                efoConsumerName: args.readerType === "EFO" ? args.efoConsumerName : undefined,
            },
            tableFolders(job, bucketName),
        ),
    );
}

/** Declarative: the application's code, properties, checkpoints, monitoring, parallelism and restore settings. */
function applicationConfiguration(
    args: ResolvedArgs["application"],
    code: ApplicationCode,
    propertyGroups: ReturnType<typeof applicationPropertyGroups>,
): aws.types.input.kinesisanalyticsv2.ApplicationApplicationConfiguration {
    return {
        applicationCodeConfiguration: {
            codeContentType: "ZIPFILE",
            codeContent: {
                s3ContentLocation: {
                    bucketArn: code.bucketArn,
                    fileKey: code.key,
                    // Pinning the version is what turns a new upload into an update.
                    objectVersion: code.version,
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
    };
}

/** The Managed Flink application, its execution role and its logging. */
export function createFlinkApplication(name: string, inputs: FlinkApplicationInputs, parent: pulumi.Resource): FlinkApplication {
    const { args, code, tags } = inputs;
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: args.logRetentionDays, tags }, { parent });
    const logStream = new aws.cloudwatch.LogStream(
        `${name}-log-stream`,
        { name: APPLICATION_LOG_STREAM, logGroupName: logGroup.name },
        { parent },
    );
    const role = createRole(name, inputs, logGroup, logStream, parent);
    const application = new aws.kinesisanalyticsv2.Application(
        `${name}-application`,
        {
            name: args.name,
            runtimeEnvironment: args.runtime,
            serviceExecutionRole: role.role.arn,
            startApplication: args.startApplication,
            applicationConfiguration: applicationConfiguration(args, code, applicationPropertyGroups(inputs)),
            cloudwatchLoggingOptions: { logStreamArn: logStream.arn },
            tags,
        },
        // The service checks the role's access to the code and the log stream on create.
        { parent, dependsOn: [role.policy] },
    );
    return { application, role, logGroup, logStream };
}
