import type { PolicyDocument } from "../../../components/index.js";
import type { CapturedResource, MockEnvironment } from "../../unit/support/mocks.js";
import type { CapturedStack } from "../../unit/support/captured-stacks.js";

/**
 * What a deployed pipeline consists of, read from the captured resources (their
 * mocked state: names and ARNs as AWS would return them), never from the policy
 * documents. The probes are built from these facts, so a policy that names the
 * wrong stream, bucket or prefix fails the simulation instead of agreeing with itself.
 */

export interface RoleFacts {
    arn: string;
    name: string;
    /** The session ARN the service acts as when it assumes the role. */
    sessionArn: string;
    /** The role's one inline policy (aws.iam.RolePolicy), parsed. */
    policy: PolicyDocument;
    trustPolicy: PolicyDocument;
}

export interface PipelineFacts {
    env: MockEnvironment;
    streamArn: string;
    /** The customer-managed stream key, when the stack configures one. */
    kmsKeyArn?: string;
    /** The EFO consumer name the job registers, when it reads with EFO. */
    efoConsumerName?: string;
    bucketName: string;
    bucketPolicy: PolicyDocument;
    codeKey: string;
    /** Prefix the job writes results under, e.g. `output/`, from the Glue table location. */
    outputPrefix: string;
    /** Prefix the job writes rejected records under, e.g. `rejected/`, from the rejected table's location. */
    rejectedPrefix: string;
    /** Prefix Athena writes query results under, from the workgroup. */
    athenaResultsPrefix: string;
    logGroupName: string;
    logStreamName: string;
    applicationArn: string;
    databaseName: string;
    tableName: string;
    applicationRole: RoleFacts;
    /** Crawler catalog mode only. */
    crawler?: { name: string; arn: string; role: RoleFacts };
}

function ofType(resources: CapturedResource[], type: string): CapturedResource[] {
    return resources.filter((r) => r.type === type);
}

function one(resources: CapturedResource[], type: string): CapturedResource {
    const found = ofType(resources, type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
}

/** The one resource of a type whose name (its `name` input) is `name`. */
function named(resources: CapturedResource[], type: string, name: string): CapturedResource {
    const found = ofType(resources, type).filter((r) => r.inputs.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

function parse(raw: unknown): PolicyDocument {
    return (typeof raw === "string" ? JSON.parse(raw) : raw) as PolicyDocument;
}

/** `s3://bucket/prefix/` -> `prefix/`, checking the bucket is the pipeline's. */
function prefixOf(s3Url: string, bucketName: string): string {
    const head = `s3://${bucketName}/`;
    if (!s3Url.startsWith(head)) throw new Error(`${s3Url} is not in bucket ${bucketName}`);
    return s3Url.slice(head.length);
}

/** The role with this ARN, and the inline policy attached to it (RolePolicy.role is the role's name/id). */
function roleFacts(resources: CapturedResource[], roleArn: string): RoleFacts {
    const role = ofType(resources, "aws:iam/role:Role").find((r) => r.state.arn === roleArn);
    if (!role) throw new Error(`no role with ARN ${roleArn}`);
    const policies = ofType(resources, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === role.state.id);
    if (policies.length !== 1) throw new Error(`expected one inline policy on ${role.name}, found ${policies.length}`);
    const accountId = roleArn.split(":")[4];
    const partition = roleArn.split(":")[1];
    return {
        arn: roleArn,
        name: role.state.name,
        sessionArn: `arn:${partition}:sts::${accountId}:assumed-role/${role.state.name}/iam-simulation`,
        policy: parse(policies[0].inputs.policy),
        trustPolicy: parse(role.inputs.assumeRolePolicy),
    };
}

function propertyGroup(app: CapturedResource, groupId: string): Record<string, string> {
    const groups = app.inputs.applicationConfiguration.environmentProperties.propertyGroups as {
        propertyGroupId: string;
        propertyMap: Record<string, string>;
    }[];
    return groups.find((g) => g.propertyGroupId === groupId)?.propertyMap ?? {};
}

export function pipelineFacts(captured: CapturedStack): PipelineFacts {
    const resources = captured.run.resources;
    const stream = one(resources, "aws:kinesis/stream:Stream");
    const bucket = one(resources, "aws:s3/bucket:Bucket");
    const bucketName: string = bucket.state.bucket;
    const code = one(resources, "aws:s3/bucketObjectv2:BucketObjectv2");
    const table = named(resources, "aws:glue/catalogTable:CatalogTable", captured.run.outputs.tableName as string);
    const rejectedTable = named(resources, "aws:glue/catalogTable:CatalogTable", captured.run.outputs.rejectedTableName as string);
    const workgroup = one(resources, "aws:athena/workgroup:Workgroup");
    const logGroup = one(resources, "aws:cloudwatch/logGroup:LogGroup");
    const logStream = one(resources, "aws:cloudwatch/logStream:LogStream");
    const app = one(resources, "aws:kinesisanalyticsv2/application:Application");
    const bucketPolicy = one(resources, "aws:s3/bucketPolicy:BucketPolicy");
    const input = propertyGroup(app, "InputStream0");
    const crawlers = ofType(resources, "aws:glue/crawler:Crawler");
    const kmsKeyId: string = stream.inputs.kmsKeyId;

    return {
        env: captured.env,
        streamArn: stream.state.arn,
        // The component passes the AWS-managed key as an alias; only a key ARN is customer-managed.
        kmsKeyArn: kmsKeyId.startsWith("arn:") ? kmsKeyId : undefined,
        efoConsumerName: input["source.reader.type"] === "EFO" ? input["source.efo.consumer.name"] : undefined,
        bucketName,
        bucketPolicy: parse(bucketPolicy.inputs.policy),
        codeKey: code.inputs.key,
        outputPrefix: prefixOf(table.inputs.storageDescriptor.location, bucketName),
        rejectedPrefix: prefixOf(rejectedTable.inputs.storageDescriptor.location, bucketName),
        athenaResultsPrefix: prefixOf(workgroup.inputs.configuration.resultConfiguration.outputLocation, bucketName),
        logGroupName: logGroup.state.name,
        logStreamName: logStream.state.name,
        applicationArn: app.state.arn,
        databaseName: table.inputs.databaseName,
        tableName: table.inputs.name,
        applicationRole: roleFacts(resources, app.inputs.serviceExecutionRole),
        crawler:
            crawlers.length === 1
                ? {
                      name: crawlers[0].inputs.name,
                      arn: crawlers[0].state.arn,
                      role: roleFacts(resources, crawlers[0].inputs.role),
                  }
                : undefined,
    };
}
