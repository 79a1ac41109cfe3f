import * as aws from "@pulumi/aws";
import {
    PolicyResource,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    validateResourceOfType,
} from "@pulumi/policy";
import { globMatches, listOf, parsePolicy, Statement, wildcardGrants } from "./policy-documents";
import { attachedToBucket } from "./stack-links";

/**
 * The rules of the streaming-analytics-pipeline policy pack, and nothing else: no
 * PolicyPack here, because constructing one starts a gRPC server that never exits.
 * policy/index.ts builds the pack; the tests call these rules directly.
 *
 * Resource rules check a resource's inputs before it is created or updated. Rules that
 * need two resources (a bucket and its public-access block, encryption and policy)
 * are stack rules: they see every resource's outputs, after preview or update.
 *
 * Written against the @pulumi/aws v7 schema. Ideas ported from awsguard where they
 * apply (its `cmk-backing-key-rotation-enabled`, the S3 encryption check); awsguard
 * itself is not used: it is built on the v4 schema and misreads v7 resources.
 *
 * Relative imports here carry no `.js` extension: the Pulumi policy runtime loads the
 * pack through ts-node's CommonJS hook, which does not map `./x.js` to `./x.ts`.
 */

// ---------------------------------------------------------------------------------
// Kinesis

export const kinesisStreamEncrypted: ResourceValidationPolicy = {
    name: "kinesis-stream-encrypted",
    description: "Kinesis data streams must be encrypted at rest with KMS.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.kinesis.Stream, (stream, _args, reportViolation) => {
        if (stream.encryptionType !== "KMS") {
            reportViolation(`encryptionType is ${JSON.stringify(stream.encryptionType ?? "NONE")}; set it to "KMS".`);
        }
        if (!stream.kmsKeyId) {
            reportViolation('kmsKeyId is not set; use a key ARN or the AWS-managed "alias/aws/kinesis".');
        }
    }),
};

// ---------------------------------------------------------------------------------
// S3 buckets (stack rules: a bucket's protections are separate resources in AWS v7)

function isBucket(r: PolicyResource): boolean {
    return r.isType(aws.s3.Bucket) || r.isType(aws.s3.BucketV2);
}

function isEncryptionConfiguration(r: PolicyResource): boolean {
    return (
        r.isType(aws.s3.BucketServerSideEncryptionConfiguration) ||
        r.isType(aws.s3.BucketServerSideEncryptionConfigurationV2)
    );
}

/** Runs `check` for every bucket of the stack, with the companions (per `isCompanion`) attached to it. */
function forEachBucket(
    args: StackValidationArgs,
    isCompanion: (r: PolicyResource) => boolean,
    check: (bucket: PolicyResource, companions: PolicyResource[], report: (message: string) => void) => void,
    reportViolation: ReportViolation,
): void {
    const buckets = args.resources.filter(isBucket);
    if (buckets.length === 0) args.notApplicable("the stack has no S3 bucket");
    const companions = args.resources.filter(isCompanion);
    for (const bucket of buckets) {
        check(
            bucket,
            companions.filter((c) => attachedToBucket(bucket, c)),
            (message) => reportViolation(`bucket ${bucket.name}: ${message}`, bucket.urn),
        );
    }
}

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3BucketPublicAccessBlocked: StackValidationPolicy = {
    name: "s3-bucket-public-access-blocked",
    description: "Every S3 bucket must have a public-access block with all four settings on.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) =>
        forEachBucket(
            args,
            (r) => r.isType(aws.s3.BucketPublicAccessBlock),
            (_bucket, blocks, report) => {
                if (blocks.length === 0) {
                    report("has no aws.s3.BucketPublicAccessBlock.");
                    return;
                }
                // Several blocks on one bucket overwrite each other; every one must be complete.
                for (const block of blocks) {
                    const off = PUBLIC_ACCESS_FLAGS.filter((flag) => block.props[flag] !== true);
                    if (off.length > 0) report(`public-access block ${block.name} does not set ${off.join(", ")} to true.`);
                }
            },
            reportViolation,
        ),
};

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const s3BucketEncrypted: StackValidationPolicy = {
    name: "s3-bucket-encrypted",
    description: "Every S3 bucket must have a server-side encryption configuration with a default encryption rule.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) =>
        forEachBucket(
            args,
            isEncryptionConfiguration,
            (_bucket, configs, report) => {
                // The bucket's own (deprecated) serverSideEncryptionConfiguration does not count: in v7
                // its output reflects S3's default encryption whether or not anyone configured it.
                const algorithms = configs.flatMap((c) =>
                    listOf<{ applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }>(c.props.rules).map(
                        (rule) => rule.applyServerSideEncryptionByDefault?.sseAlgorithm,
                    ),
                );
                if (configs.length === 0) {
                    report("has no aws.s3.BucketServerSideEncryptionConfiguration.");
                } else if (!algorithms.some((a) => a !== undefined && SSE_ALGORITHMS.includes(a))) {
                    report(`its encryption configuration sets no default algorithm (one of ${SSE_ALGORITHMS.join(", ")}).`);
                }
            },
            reportViolation,
        ),
};

function denyAllS3WithoutTls(statement: Statement, bucketName: string): boolean {
    if (statement.Effect !== "Deny") return false;
    const principal = statement.Principal as unknown;
    const everyone = principal === "*" || listOf((principal as { AWS?: string | string[] } | undefined)?.AWS).includes("*");
    const allActions = listOf(statement.Action).some((a) => a === "*" || a === "s3:*");
    const resources = listOf(statement.Resource);
    const covers = (target: string) => resources.some((r) => globMatches(r, target));
    const bucketAndObjects = ["aws", "aws-cn", "aws-us-gov"].some(
        (p) => covers(`arn:${p}:s3:::${bucketName}`) && covers(`arn:${p}:s3:::${bucketName}/any-key`),
    );
    const conditions = statement.Condition ?? {};
    const insecure = ["Bool", "BoolIfExists"].some((op) =>
        listOf(conditions[op]?.["aws:SecureTransport"] as string | boolean | (string | boolean)[] | undefined).some(
            (v) => String(v).toLowerCase() === "false",
        ),
    );
    return everyone && allActions && bucketAndObjects && insecure;
}

export const s3BucketTlsOnly: StackValidationPolicy = {
    name: "s3-bucket-tls-only",
    description:
        "Every S3 bucket must have a bucket policy that denies all S3 actions on the bucket and its objects when aws:SecureTransport is false.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) =>
        forEachBucket(
            args,
            (r) => r.isType(aws.s3.BucketPolicy),
            (bucket, policies, report) => {
                if (policies.length === 0) {
                    report("has no aws.s3.BucketPolicy.");
                    return;
                }
                // During a preview the name or the policy may be unknown: reading it throws, and the
                // engine reports that this rule could not run until the update.
                const bucketName = String(bucket.props.bucket);
                const documents = policies.map((p) => parsePolicy(p.props.policy));
                const tlsOnly = documents.some((d) => d.ok && d.statements.some((s) => denyAllS3WithoutTls(s, bucketName)));
                if (!tlsOnly) {
                    report(
                        'its bucket policy has no statement { Effect: "Deny", Principal: "*", Action: "s3:*", ' +
                            `Resource: [bucket, bucket/*], Condition: { Bool: { "aws:SecureTransport": "false" } } }.`,
                    );
                }
            },
            reportViolation,
        ),
};

// ---------------------------------------------------------------------------------
// IAM

function checkDocument(where: string, raw: unknown, reportViolation: ReportViolation): void {
    if (raw === undefined) return;
    const parsed = parsePolicy(raw);
    if (!parsed.ok) {
        reportViolation(`${where} ${parsed.error}.`);
        return;
    }
    for (const problem of wildcardGrants(parsed.statements)) reportViolation(`${where}: ${problem}.`);
}

export const iamNoWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-actions",
    description:
        "IAM policies (role, user and group inline policies, managed policies, trust policies) and S3 bucket policies must not Allow an action containing `*`, nor use NotAction in an Allow.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceOfType(aws.iam.RolePolicy, (p, _a, report) => checkDocument("policy", p.policy, report)),
        validateResourceOfType(aws.iam.Policy, (p, _a, report) => checkDocument("policy", p.policy, report)),
        validateResourceOfType(aws.iam.UserPolicy, (p, _a, report) => checkDocument("policy", p.policy, report)),
        validateResourceOfType(aws.iam.GroupPolicy, (p, _a, report) => checkDocument("policy", p.policy, report)),
        validateResourceOfType(aws.s3.BucketPolicy, (p, _a, report) => checkDocument("policy", p.policy, report)),
        validateResourceOfType(aws.iam.Role, (role, _a, report) => {
            checkDocument("assumeRolePolicy", role.assumeRolePolicy, report);
            (role.inlinePolicies ?? []).forEach((inline, i) =>
                checkDocument(`inlinePolicies[${inline.name ?? i}]`, inline.policy, report),
            );
        }),
    ],
};

// ---------------------------------------------------------------------------------
// CloudWatch Logs

export const logGroupRetentionSet: ResourceValidationPolicy = {
    name: "log-group-retention-set",
    description: "CloudWatch log groups must set retentionInDays (unset or 0 keeps logs, and their cost, forever).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, _args, reportViolation) => {
        if (group.retentionInDays === undefined || group.retentionInDays <= 0) {
            reportViolation(`retentionInDays is ${group.retentionInDays ?? "unset"}; set a number of days.`);
        }
    }),
};

// ---------------------------------------------------------------------------------
// Managed Service for Apache Flink

/** Snapshots and checkpoints exist for Flink runtimes only (not SQL-1_0 or Studio notebooks). */
function flinkOnly(runtime: string, notApplicable: (reason: string) => never): void {
    if (!runtime.startsWith("FLINK-")) notApplicable(`runtime ${runtime} is not an Apache Flink runtime`);
}

export const flinkSnapshotsEnabled: ResourceValidationPolicy = {
    name: "flink-snapshots-enabled",
    description:
        "Managed Flink applications must enable snapshots, so that updates, stops and rollbacks keep the job's state.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.kinesisanalyticsv2.Application, (app, args, reportViolation) => {
        flinkOnly(app.runtimeEnvironment, args.notApplicable);
        if (app.applicationConfiguration?.applicationSnapshotConfiguration?.snapshotsEnabled !== true) {
            reportViolation("applicationConfiguration.applicationSnapshotConfiguration.snapshotsEnabled must be true.");
        }
    }),
};

export const flinkCheckpointingEnabled: ResourceValidationPolicy = {
    name: "flink-checkpointing-enabled",
    description:
        "Managed Flink applications must checkpoint: an explicit checkpointConfiguration, DEFAULT (checkpointing on) or CUSTOM with checkpointingEnabled.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.kinesisanalyticsv2.Application, (app, args, reportViolation) => {
        flinkOnly(app.runtimeEnvironment, args.notApplicable);
        const checkpoint = app.applicationConfiguration?.flinkApplicationConfiguration?.checkpointConfiguration;
        if (checkpoint === undefined) {
            reportViolation("applicationConfiguration.flinkApplicationConfiguration.checkpointConfiguration is not set.");
        } else if (checkpoint.configurationType === "CUSTOM" && checkpoint.checkpointingEnabled !== true) {
            reportViolation('checkpointConfiguration is CUSTOM but checkpointingEnabled is not true.');
        } else if (!["CUSTOM", "DEFAULT"].includes(checkpoint.configurationType)) {
            reportViolation(`checkpointConfiguration.configurationType ${JSON.stringify(checkpoint.configurationType)} is neither DEFAULT nor CUSTOM.`);
        }
    }),
};

/** `s3://bucket/prefix/` or the object ARN `arn:<p>:s3:::bucket/prefix/*`, as `bucket/prefix/`. */
function s3Place(value: string): string | undefined {
    const url = /^s3:\/\/(.+)$/.exec(value);
    if (url) return url[1];
    const objects = /^arn:[a-z-]+:s3:::(.+)\*$/.exec(value);
    return objects ? objects[1] : undefined;
}

const S3_WRITE_ACTIONS = new Set(["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]);

/** The S3 resources each Allow statement of a policy grants a write action on. */
function s3WriteResources(raw: unknown): string[] {
    const parsed = parsePolicy(raw);
    if (!parsed.ok) return [];
    return parsed.statements
        .filter((s) => s.Effect === "Allow" && listOf(s.Action).some((a) => S3_WRITE_ACTIONS.has(a)))
        .flatMap((s) => listOf(s.Resource));
}

export const flinkWritesOnlyTableLocations: StackValidationPolicy = {
    name: "flink-writes-only-table-locations",
    description:
        "A Managed Flink application's role may write to S3 only under the locations of the stack's Glue tables: the job's declared outputs, each of which Athena reads.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const apps = args.resources.filter((r) => r.isType(aws.kinesisanalyticsv2.Application));
        if (apps.length === 0) args.notApplicable("the stack has no Managed Flink application");
        const locations = args.resources
            .filter((r) => r.isType(aws.glue.CatalogTable))
            .map((t) => s3Place(String((t.props.storageDescriptor as { location?: string } | undefined)?.location ?? "")))
            .filter((l): l is string => l !== undefined);
        for (const app of apps) {
            const role = args.resources.find((r) => r.isType(aws.iam.Role) && r.props.arn === app.props.serviceExecutionRole);
            if (!role) continue;
            const policies = args.resources.filter((r) => r.isType(aws.iam.RolePolicy) && [role.props.id, role.props.name].includes(r.props.role));
            for (const resource of policies.flatMap((p) => s3WriteResources(p.props.policy))) {
                if (!locations.includes(s3Place(resource) ?? "")) {
                    reportViolation(`application ${app.name}: its role writes to ${resource}, which is no Glue table's location (${locations.join(", ") || "none"}).`, app.urn);
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------------
// Athena

const ATHENA_ENCRYPTION = ["SSE_S3", "SSE_KMS", "CSE_KMS"];

export const athenaResultsEncrypted: ResourceValidationPolicy = {
    name: "athena-results-encrypted",
    description: "Athena workgroups must encrypt query results and enforce the workgroup configuration on clients.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.athena.Workgroup, (workgroup, _args, reportViolation) => {
        const configuration = workgroup.configuration;
        const option = configuration?.resultConfiguration?.encryptionConfiguration?.encryptionOption;
        if (option === undefined || !ATHENA_ENCRYPTION.includes(option)) {
            reportViolation(
                `configuration.resultConfiguration.encryptionConfiguration.encryptionOption is ${option ?? "unset"}; use one of ${ATHENA_ENCRYPTION.join(", ")}.`,
            );
        }
        // Unset means true (the provider's default); false lets clients write results unencrypted elsewhere.
        if (configuration?.enforceWorkgroupConfiguration === false) {
            reportViolation("configuration.enforceWorkgroupConfiguration is false; clients could override the result encryption.");
        }
    }),
};

// ---------------------------------------------------------------------------------
// KMS (ported from awsguard's cmk-backing-key-rotation-enabled)

export const kmsKeyRotationEnabled: ResourceValidationPolicy = {
    name: "kms-key-rotation-enabled",
    description: "Customer-managed symmetric KMS keys (such as a stream key) must rotate their key material.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") args.notApplicable(`automatic rotation does not apply to ${spec} keys`);
        if (key.enableKeyRotation !== true) reportViolation("enableKeyRotation must be true.");
    }),
};

/** Every rule of the pack, in the order the pack lists them. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    kinesisStreamEncrypted,
    s3BucketPublicAccessBlocked,
    s3BucketEncrypted,
    s3BucketTlsOnly,
    iamNoWildcardActions,
    logGroupRetentionSet,
    flinkSnapshotsEnabled,
    flinkCheckpointingEnabled,
    flinkWritesOnlyTableLocations,
    athenaResultsEncrypted,
    kmsKeyRotationEnabled,
];
