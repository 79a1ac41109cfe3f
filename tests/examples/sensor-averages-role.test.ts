import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyDocument } from "../../components/index.js";
import * as arn from "../iam/support/arns.js";
import { defaultKeyPolicy } from "../iam/support/key-policy.js";
import { decide, type Decision, type SimRequest } from "../iam/support/simulator.js";
import type { CapturedResource, MockEnvironment } from "../unit/support/mocks.js";
import { capturedProgram, ENVIRONMENTS, EXAMPLE_DIR, existingStreamArn } from "./support/sensor-program.js";

/**
 * The sensor job's application role, simulated with the documents the consumer
 * program (examples/sensor-averages/pulumi) produces under mocks: the role's inline
 * policy as identity policy, the bucket policy for requests to the bucket, the
 * default key policy for the program's KMS key. The probes are built from what the
 * user declared (job.json's prefixes, the stream ARN in config) and the mocked AWS's
 * names, never from the policy, and run in both partitions.
 */

const JOB = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, "job.json"), "utf8")) as { tables: { id: string; prefix: string }[] };
const prefixOf = (id: string) => JOB.tables.find((t) => t.id === id)!.prefix;
const STATS = prefixOf("results");
const REJECTED = prefixOf("rejected");

interface RoleFacts {
    env: MockEnvironment;
    sessionArn: string;
    policy: PolicyDocument;
    bucketName: string;
    bucketPolicy: PolicyDocument;
    codeKey: string;
    athenaResultsPrefix: string;
    streamArn: string;
    keyArn: string;
}

function one(resources: CapturedResource[], name: string): CapturedResource {
    const found = resources.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
    return found[0];
}

function roleFacts(env: MockEnvironment, resources: CapturedResource[]): RoleFacts {
    const bucketName: string = one(resources, "sensors-bucket").state.bucket;
    const outputLocation: string = one(resources, "sensors-workgroup").inputs.configuration.resultConfiguration.outputLocation;
    return {
        env,
        sessionArn: `arn:${env.partition}:sts::${env.accountId}:assumed-role/${one(resources, "sensors-role").state.name}/iam-simulation`,
        policy: JSON.parse(one(resources, "sensors-role-policy").inputs.policy),
        bucketName,
        bucketPolicy: JSON.parse(one(resources, "sensors-bucket-policy").inputs.policy),
        codeKey: one(resources, "sensors-code").inputs.key,
        athenaResultsPrefix: outputLocation.slice(`s3://${bucketName}/`.length),
        streamArn: existingStreamArn(env),
        keyArn: one(resources, "sensor-stream-key").state.arn,
    };
}

function resourcePolicyFor(f: RoleFacts, resource: string): PolicyDocument | undefined {
    const bucket = arn.s3Bucket(f.env, f.bucketName);
    if (resource === bucket || resource.startsWith(`${bucket}/`)) return f.bucketPolicy;
    if (resource.startsWith(`arn:${f.env.partition}:kms:`)) return defaultKeyPolicy(f.env.partition, f.env.accountId);
    return undefined;
}

function decideAs(f: RoleFacts, request: SimRequest): Promise<Decision> {
    return decide({ principal: f.sessionArn, accountId: f.env.accountId, identityPolicy: f.policy }, request, resourcePolicyFor(f, request.resource));
}

interface Probe {
    label: string;
    build(f: RoleFacts): SimRequest;
}

const object = (f: RoleFacts, key: string) => arn.s3Object(f.env, f.bucketName, key);
const bucket = (f: RoleFacts) => arn.s3Bucket(f.env, f.bucketName);
const listWith = (prefix: string) => (f: RoleFacts) => ({ action: "s3:ListBucket", resource: bucket(f), context: { "s3:prefix": prefix } });
const viaKinesis = (f: RoleFacts) => ({ "kms:ViaService": `kinesis.${f.env.region}.${f.env.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}` });

/** The files the job's two sinks write: a Parquet part under a dt/region partition, a JSON part of rejects. */
const STATS_FILE = `${STATS}dt=2026-12-01/region=eu/part-5f1c-0-0.parquet`;
const REJECTED_FILE = `${REJECTED}part-5f1c-0-0.json`;
const OUTPUT_WRITES = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
const STREAM_READS = ["kinesis:DescribeStream", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"];

const allowed: Probe[] = [
    ...STREAM_READS.map((action) => ({ label: `${action} on the existing stream`, build: (f: RoleFacts) => ({ action, resource: f.streamArn }) })),
    { label: "kms:Decrypt on the program's stream key, through Kinesis", build: (f) => ({ action: "kms:Decrypt", resource: f.keyArn, context: viaKinesis(f) }) },
    { label: "s3:GetObject on the code object", build: (f) => ({ action: "s3:GetObject", resource: object(f, f.codeKey) }) },
    { label: "s3:GetObjectVersion on the code object", build: (f) => ({ action: "s3:GetObjectVersion", resource: object(f, f.codeKey) }) },
    ...OUTPUT_WRITES.map((action) => ({ label: `${action} on a Parquet part under ${STATS}`, build: (f: RoleFacts) => ({ action, resource: object(f, STATS_FILE) }) })),
    ...OUTPUT_WRITES.map((action) => ({ label: `${action} on a rejects part under ${REJECTED}`, build: (f: RoleFacts) => ({ action, resource: object(f, REJECTED_FILE) }) })),
    { label: `s3:ListBucket with s3:prefix = ${STATS}`, build: listWith(STATS) },
    { label: "s3:ListBucket with s3:prefix = a dt/region partition folder", build: listWith(`${STATS}dt=2026-12-01/region=eu/`) },
    { label: `s3:ListBucket with s3:prefix = ${REJECTED}`, build: listWith(REJECTED) },
];

const sibling = (prefix: string) => `${prefix.replace(/\/$/, "")}-x/`;

const denied: Probe[] = [
    // Writes anywhere but the two declared prefixes.
    ...["s3:PutObject", "s3:DeleteObject"].flatMap((action) => [
        { label: `${action} under a sibling prefix ${sibling(STATS)}`, build: (f: RoleFacts) => ({ action, resource: object(f, `${sibling(STATS)}part-0.parquet`) }) },
        { label: `${action} under a sibling prefix ${sibling(REJECTED)}`, build: (f: RoleFacts) => ({ action, resource: object(f, `${sibling(REJECTED)}part-0.json`) }) },
        { label: `${action} on the code object`, build: (f: RoleFacts) => ({ action, resource: object(f, f.codeKey) }) },
        { label: `${action} under the code prefix`, build: (f: RoleFacts) => ({ action, resource: object(f, f.codeKey.replace(/[^/]+$/, "other.zip")) }) },
        { label: `${action} under the Athena results prefix`, build: (f: RoleFacts) => ({ action, resource: object(f, `${f.athenaResultsPrefix}q.csv`) }) },
        { label: `${action} under the ticker job's output/ prefix`, build: (f: RoleFacts) => ({ action, resource: object(f, "output/ticker=AAPL/part-0.json") }) },
        { label: `${action} at the bucket's root`, build: (f: RoleFacts) => ({ action, resource: object(f, "part-0.parquet") }) },
        { label: `${action} under ${STATS} of another bucket`, build: (f: RoleFacts) => ({ action, resource: arn.s3Object(f.env, "another-bucket", STATS_FILE) }) },
        { label: `${action} under ${STATS} in the other partition`, build: (f: RoleFacts) => ({ action, resource: arn.inOtherPartition(object(f, STATS_FILE)) }) },
    ]),
    { label: "s3:PutObject on a key that starts with the prefix's name but no slash", build: (f) => ({ action: "s3:PutObject", resource: object(f, `${STATS.replace(/\/$/, "")}.parquet`) }) },
    { label: "s3:DeleteObjectVersion on a Parquet part", build: (f) => ({ action: "s3:DeleteObjectVersion", resource: object(f, STATS_FILE) }) },
    { label: "s3:PutObjectAcl on a Parquet part", build: (f) => ({ action: "s3:PutObjectAcl", resource: object(f, STATS_FILE) }) },
    { label: "s3:GetObject under the Athena results prefix", build: (f) => ({ action: "s3:GetObject", resource: object(f, `${f.athenaResultsPrefix}q.csv`) }) },
    { label: "s3:ListBucket without a prefix", build: (f) => ({ action: "s3:ListBucket", resource: bucket(f) }) },
    { label: `s3:ListBucket with a sibling prefix ${sibling(STATS)}`, build: listWith(sibling(STATS)) },
    { label: "s3:ListBucket with the code prefix", build: (f) => listWith(f.codeKey.replace(/[^/]+$/, ""))(f) },
    // The stream: read only, only this one.
    { label: "kinesis:GetRecords on another stream", build: (f) => ({ action: "kinesis:GetRecords", resource: arn.kinesisStream(f.env, "another-stream") }) },
    { label: "kinesis:DescribeStream on a stream whose name extends the existing one's", build: (f) => ({ action: "kinesis:DescribeStream", resource: `${f.streamArn}-x` }) },
    { label: "kinesis:DescribeStream on its name in another region", build: (f) => ({ action: "kinesis:DescribeStream", resource: arn.inRegion(f.streamArn, arn.anotherRegion(f.env.region)) }) },
    { label: "kinesis:DescribeStream on its name in another account", build: (f) => ({ action: "kinesis:DescribeStream", resource: arn.inAccount(f.streamArn, arn.anotherAccount(f.env.accountId)) }) },
    { label: "kinesis:GetRecords on its name in the other partition", build: (f) => ({ action: "kinesis:GetRecords", resource: arn.inOtherPartition(f.streamArn) }) },
    { label: "kinesis:PutRecord on the existing stream", build: (f) => ({ action: "kinesis:PutRecord", resource: f.streamArn }) },
    { label: "kinesis:DeleteStream on the existing stream", build: (f) => ({ action: "kinesis:DeleteStream", resource: f.streamArn }) },
    { label: "kinesis:RegisterStreamConsumer on the existing stream (polling: no EFO)", build: (f) => ({ action: "kinesis:RegisterStreamConsumer", resource: f.streamArn }) },
    // The key: decrypt only, only through Kinesis.
    { label: "kms:Decrypt on the stream key, called directly", build: (f) => ({ action: "kms:Decrypt", resource: f.keyArn }) },
    { label: "kms:Decrypt on another key, through Kinesis", build: (f) => ({ action: "kms:Decrypt", resource: arn.kmsKey(f.env, "ffffffff-0000-1111-2222-333333333333"), context: viaKinesis(f) }) },
    { label: "kms:Encrypt on the stream key", build: (f) => ({ action: "kms:Encrypt", resource: f.keyArn, context: viaKinesis(f) }) },
];

describe("IAM simulation: the sensor job's application role (examples/sensor-averages/pulumi)", function () {
    this.timeout(300_000);

    for (const env of ENVIRONMENTS) {
        describe(`${env.partition} / ${env.region}`, () => {
            let f: RoleFacts;
            before(async () => {
                f = roleFacts(env, (await capturedProgram(env)).run.resources);
            });

            it(`allows reading the existing stream, the code, and writing exactly under ${STATS} and ${REJECTED}`, async () => {
                const decisions = await Promise.all(allowed.map(async (p) => [p.label, await decideAs(f, p.build(f))]));
                expect(decisions.filter(([, d]) => d !== "Allowed")).to.deep.equal([]);
            });

            it("denies writes elsewhere (sibling prefixes, the code, Athena results) and every other stream, key and action", async () => {
                const decisions = await Promise.all(denied.map(async (p) => [p.label, await decideAs(f, p.build(f))]));
                expect(decisions.filter(([, d]) => d !== "ImplicitlyDenied")).to.deep.equal([]);
            });

            it("explicitly denies each allowed S3 request sent without TLS (bucket policy)", async () => {
                const s3 = allowed.map((p) => ({ label: p.label, request: p.build(f) })).filter((p) => p.request.action.startsWith("s3:"));
                expect(s3.length).to.be.greaterThan(10);
                const decisions = await Promise.all(
                    s3.map(async ({ label, request }) => [label, await decideAs(f, { ...request, context: { ...request.context, "aws:SecureTransport": "false" } })]),
                );
                expect(decisions.filter(([, d]) => d !== "ExplicitlyDenied")).to.deep.equal([]);
            });
        });
    }
});
