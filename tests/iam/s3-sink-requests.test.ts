import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, VENV_PYTHON } from "../../local/paths.js";
import { tempDir } from "../unit/support/fixtures.js";
import * as arn from "./support/arns.js";
import { pipelineFacts, type PipelineFacts } from "./support/facts.js";
import { authorizationsOf, type RecordedS3Request, type S3Authorization } from "./support/s3-requests.js";
import { decide, type Decision } from "./support/simulator.js";
import { capturedStack, stackEnvironment, STACKS } from "../unit/support/captured-stacks.js";

/**
 * The application role against the S3 requests the job's sink really sends: the
 * job's own SQL runs on PyFlink with its sink on `s3a://`, through the S3 filesystem
 * plugin Managed Flink uses, against moto with its request recorder on
 * (tests/python/record_s3_sink.py). Each recorded request is then simulated as the
 * role, with the bucket policy, on the deployed stack's bucket and prefixes.
 *
 * The other IAM tests check the actions someone expected the sink to need; this one
 * catches a request nobody expected (a HEAD on the prefix, a multi-object delete of
 * directory markers) that the least-privilege policy would refuse at run time.
 */

const RECORDED_BUCKET = "recorded-bucket";
const RECORDED_PREFIX = "output/";
const RECORDED_REJECTED_PREFIX = "rejected/";

function recordSinkRequests(outFile: string): Promise<RecordedS3Request[]> {
    return new Promise((resolve, reject) => {
        const script = path.join(REPO_ROOT, "tests", "python", "record_s3_sink.py");
        const child = spawn(VENV_PYTHON, [script, "--bucket", RECORDED_BUCKET, "--prefix", RECORDED_PREFIX, "--rejected-prefix", RECORDED_REJECTED_PREFIX, "--out", outFile], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) {
                reject(new Error(`record_s3_sink.py exited ${code} (run npm run setup:python first: it installs moto and the S3 plugin):\n${output.slice(-3000)}`));
                return;
            }
            resolve(JSON.parse(fs.readFileSync(outFile, "utf8")) as RecordedS3Request[]);
        });
    });
}

/** The recorded bucket and prefixes, moved onto a deployed pipeline's. */
function onPipeline(a: S3Authorization, bucketName: string, prefixes: { output: string; rejected: string }): S3Authorization {
    const move = (value: string) =>
        value.startsWith(RECORDED_PREFIX)
            ? prefixes.output + value.slice(RECORDED_PREFIX.length)
            : value.startsWith(RECORDED_REJECTED_PREFIX)
              ? prefixes.rejected + value.slice(RECORDED_REJECTED_PREFIX.length)
              : value;
    if (a.bucket !== RECORDED_BUCKET) throw new Error(`${a.operation} went to bucket ${a.bucket}, not the sink's`);
    return {
        ...a,
        bucket: bucketName,
        key: a.key === undefined ? undefined : move(a.key),
        context: a.context?.["s3:prefix"] === undefined ? a.context : { ...a.context, "s3:prefix": move(a.context["s3:prefix"]) },
    };
}

function decideAsApplication(f: PipelineFacts, a: S3Authorization): Promise<Decision> {
    const resource = a.key === undefined ? arn.s3Bucket(f.env, a.bucket) : arn.s3Object(f.env, a.bucket, a.key);
    return decide(
        { principal: f.applicationRole.sessionArn, accountId: f.env.accountId, identityPolicy: f.applicationRole.policy },
        { action: a.action, resource, context: a.context },
        f.bucketPolicy,
    );
}

const describeAuthorization = (a: S3Authorization) =>
    `${a.operation} ${a.action} ${a.bucket}/${a.key ?? ""}${a.context ? ` ${JSON.stringify(a.context)}` : ""}`;

describe("IAM simulation: the S3 requests the job's sink really sends (recorded on moto)", function () {
    this.timeout(300_000);
    let recorded: RecordedS3Request[];
    let authorizations: S3Authorization[];

    before(async () => {
        recorded = await recordSinkRequests(path.join(tempDir("sap-s3-sink-"), "requests.json"));
        authorizations = recorded.flatMap(authorizationsOf);
    });

    it("the recording holds committed results and success files under the output prefix, rejected records under theirs, nothing else", () => {
        const written = authorizations.filter((a) => a.operation === "CompleteMultipartUpload" || a.operation === "PutObject");
        const keys = written.map((a) => a.key ?? "");
        expect(keys.some((k) => /^output\/ticker=AAPL\/part-/.test(k)), keys.join("\n")).to.equal(true);
        expect(keys).to.include.members(["output/ticker=AAPL/_SUCCESS", "output/ticker=MSFT/_SUCCESS"]);
        expect(keys.some((k) => k.startsWith(`${RECORDED_REJECTED_PREFIX}part-`)), keys.join("\n")).to.equal(true);
        const outside = authorizations.filter(
            (a) => a.key !== undefined && !a.key.startsWith(RECORDED_PREFIX) && !a.key.startsWith(RECORDED_REJECTED_PREFIX),
        );
        expect(outside.map(describeAuthorization)).to.deep.equal([]);
    });

    for (const stack of STACKS) {
        const env = stackEnvironment(stack);
        describe(`${env.partition} / ${env.region} (Pulumi.${stack}.yaml)`, () => {
            let f: PipelineFacts;
            before(async () => {
                f = pipelineFacts(await capturedStack(stack, "defaults"));
            });

            /** The recording replayed under these prefixes of the pipeline's bucket: each request with its decision. */
            const decisionsUnder = (prefixes: { output: string; rejected: string }) =>
                Promise.all(
                    authorizations
                        .map((a) => onPipeline(a, f.bucketName, prefixes))
                        .map(async (a) => [describeAuthorization(a), await decideAsApplication(f, a)] as const),
                );

            it("allows every recorded request on the pipeline's bucket and its output and rejected prefixes", async () => {
                const decisions = await decisionsUnder({ output: f.outputPrefix, rejected: f.rejectedPrefix });
                expect(decisions.filter(([, d]) => d !== "Allowed")).to.deep.equal([]);
            });

            it("denies the same requests under other prefixes of the same bucket (the check can fail)", async () => {
                const decisions = await decisionsUnder({ output: "elsewhere/", rejected: "elsewhere-rejected/" });
                expect(decisions.filter(([, d]) => d !== "ImplicitlyDenied")).to.deep.equal([]);
            });
        });
    }
});

describe("S3 request mapping (tests/iam/support/s3-requests.ts)", () => {
    const req = (method: string, p: string, query = "", body = "", copySource?: string): RecordedS3Request => ({
        method,
        path: p,
        query,
        body,
        copySource,
    });

    it("maps the multipart upload steps to PutObject and AbortMultipartUpload on the decoded key", () => {
        expect(authorizationsOf(req("POST", "/b/out/ticker%3DAAPL/part-1", "uploads"))).to.deep.equal([
            { operation: "CreateMultipartUpload", action: "s3:PutObject", bucket: "b", key: "out/ticker=AAPL/part-1" },
        ]);
        expect(authorizationsOf(req("PUT", "/b/k", "uploadId=u&partNumber=1"))[0].action).to.equal("s3:PutObject");
        expect(authorizationsOf(req("POST", "/b/k", "uploadId=u"))[0].operation).to.equal("CompleteMultipartUpload");
        expect(authorizationsOf(req("DELETE", "/b/k", "uploadId=u"))[0].action).to.equal("s3:AbortMultipartUpload");
        expect(authorizationsOf(req("GET", "/b/k", "uploadId=u"))[0].action).to.equal("s3:ListMultipartUploadParts");
    });

    it("maps DeleteObjects to one DeleteObject per key in its body", () => {
        const body = "<Delete><Quiet>true</Quiet><Object><Key>out/a&amp;b/</Key></Object><Object><Key>out/</Key></Object></Delete>";
        expect(authorizationsOf(req("POST", "/b/", "delete", body))).to.deep.equal([
            { operation: "DeleteObjects", action: "s3:DeleteObject", bucket: "b", key: "out/a&b/" },
            { operation: "DeleteObjects", action: "s3:DeleteObject", bucket: "b", key: "out/" },
        ]);
    });

    it("maps listings to ListBucket with the prefix, delimiter and max-keys condition keys", () => {
        expect(authorizationsOf(req("GET", "/b/", "list-type=2&delimiter=%2F&max-keys=2&prefix=out%2Fx%2F&fetch-owner=false"))).to.deep.equal([
            { operation: "ListObjectsV2", action: "s3:ListBucket", bucket: "b", context: { "s3:prefix": "out/x/", "s3:delimiter": "/", "s3:max-keys": "2" } },
        ]);
        expect(authorizationsOf(req("HEAD", "/b"))[0]).to.deep.include({ operation: "HeadBucket", action: "s3:ListBucket" });
    });

    it("maps a copy to GetObject on the source and PutObject on the target", () => {
        expect(authorizationsOf(req("PUT", "/b/new", "", "", "/b/old%3D1")).map((a) => [a.action, a.key])).to.deep.equal([
            ["s3:GetObject", "old=1"],
            ["s3:PutObject", "new"],
        ]);
    });

    it("throws on a request shape it does not know, naming it", () => {
        expect(() => authorizationsOf(req("PUT", "/b/k", "tagging"))).to.throw("unmapped S3 object request: PUT /b/k?tagging");
        expect(() => authorizationsOf(req("PUT", "/b/", "policy"))).to.throw("unmapped S3 bucket request: PUT /b/?policy");
    });
});
