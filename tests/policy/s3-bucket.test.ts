import { UnknownValueError } from "@pulumi/policy";
import { expect } from "chai";
import { s3BucketEncrypted, s3BucketPublicAccessBlocked, s3BucketTlsOnly } from "../../policy/rules.js";
import { capturedStack } from "../unit/support/captured-stacks.js";
import { stackInputs } from "./support/captured.js";
import { runStackRule, stackResources, type StackResourceInput } from "./support/harness.js";

/**
 * The three bucket rules are stack rules: in @pulumi/aws v7 the public-access block,
 * the encryption configuration and the bucket policy are resources of their own, and
 * only a stack rule sees a bucket together with them. Each negative case takes the
 * dev stack's resources and removes or breaks one of them.
 */

const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const BUCKET = "aws:s3/bucket:Bucket";

/** The sentinel the engine sends for a value unknown during preview (internal to @pulumi/policy). */
const UNKNOWN = (require("@pulumi/policy/proxy") as { unknownStringValue: string }).unknownStringValue;

const messages = async (rule: Parameters<typeof runStackRule>[0], inputs: StackResourceInput[]) =>
    (await runStackRule(rule, stackResources(inputs))).violations.map((v) => v.message);

describe("policy rules s3-bucket-public-access-blocked, s3-bucket-encrypted, s3-bucket-tls-only", function () {
    this.timeout(120_000);
    let base: StackResourceInput[];
    let bucket: StackResourceInput;
    const without = (type: string) => base.filter((r) => r.type !== type);
    const changed = (type: string, change: (props: Record<string, any>) => void) =>
        base.map((r) => {
            if (r.type !== type) return r;
            const copy = structuredClone(r);
            change(copy.props);
            return copy;
        });
    const tlsPolicyWith = (change: (statement: Record<string, any>) => void) =>
        changed(POLICY, (props) => {
            const doc = JSON.parse(props.policy);
            change(doc.Statement[0]);
            props.policy = JSON.stringify(doc);
        });

    before(async () => {
        base = stackInputs((await capturedStack("dev", "defaults")).run);
        bucket = base.find((r) => r.type === BUCKET)!;
    });

    it("all pass the component's bucket", async () => {
        for (const rule of [s3BucketPublicAccessBlocked, s3BucketEncrypted, s3BucketTlsOnly]) {
            expect(await messages(rule, base), rule.name).to.deep.equal([]);
        }
    });

    describe("s3-bucket-public-access-blocked", () => {
        it("rejects a bucket without a public-access block, naming the bucket's URN", async () => {
            const outcome = await runStackRule(s3BucketPublicAccessBlocked, stackResources(without(PAB)));
            expect(outcome.violations).to.deep.equal([
                { message: `bucket ${bucket.name}: has no aws.s3.BucketPublicAccessBlock.`, urn: bucket.urn },
            ]);
        });

        it("rejects a block that leaves flags off", async () => {
            const inputs = changed(PAB, (p) => {
                p.ignorePublicAcls = false;
                delete p.restrictPublicBuckets;
            });
            const block = inputs.find((r) => r.type === PAB)!;
            expect(await messages(s3BucketPublicAccessBlocked, inputs)).to.deep.equal([
                `bucket ${bucket.name}: public-access block ${block.name} does not set ignorePublicAcls, restrictPublicBuckets to true.`,
            ]);
        });

        it("does not count a block on another bucket", async () => {
            const inputs = changed(PAB, (p) => (p.bucket = "another-bucket"));
            expect(await messages(s3BucketPublicAccessBlocked, inputs)).to.deep.equal([
                `bucket ${bucket.name}: has no aws.s3.BucketPublicAccessBlock.`,
            ]);
        });

        it("links a block by property dependency when the bucket's id is unknown (preview)", async () => {
            const pab = base.find((r) => r.type === PAB)!;
            const previewed = (deps: boolean): StackResourceInput[] =>
                base.map((r) =>
                    r === pab
                        ? { ...r, props: { ...r.props, bucket: UNKNOWN }, propertyDependencies: deps ? { bucket: [bucket.urn!] } : {} }
                        : r,
                );
            expect(await messages(s3BucketPublicAccessBlocked, previewed(true))).to.deep.equal([]);
            expect(await messages(s3BucketPublicAccessBlocked, previewed(false))).to.deep.equal([
                `bucket ${bucket.name}: has no aws.s3.BucketPublicAccessBlock.`,
            ]);
        });
    });

    describe("s3-bucket-encrypted", () => {
        it("rejects a bucket without an encryption configuration", async () => {
            expect(await messages(s3BucketEncrypted, without(SSE))).to.deep.equal([
                `bucket ${bucket.name}: has no aws.s3.BucketServerSideEncryptionConfiguration.`,
            ]);
        });

        it("rejects a configuration without a default algorithm", async () => {
            const inputs = changed(SSE, (p) => (p.rules = [{ bucketKeyEnabled: true }]));
            expect(await messages(s3BucketEncrypted, inputs)).to.deep.equal([
                `bucket ${bucket.name}: its encryption configuration sets no default algorithm (one of AES256, aws:kms, aws:kms:dsse).`,
            ]);
        });
    });

    describe("s3-bucket-tls-only", () => {
        const noTls = () =>
            `bucket ${bucket.name}: its bucket policy has no statement { Effect: "Deny", Principal: "*", Action: "s3:*", ` +
            `Resource: [bucket, bucket/*], Condition: { Bool: { "aws:SecureTransport": "false" } } }.`;

        it("rejects a bucket without a bucket policy", async () => {
            expect(await messages(s3BucketTlsOnly, without(POLICY))).to.deep.equal([`bucket ${bucket.name}: has no aws.s3.BucketPolicy.`]);
        });

        it("rejects a deny that never applies (SecureTransport true)", async () => {
            const inputs = tlsPolicyWith((s) => (s.Condition = { Bool: { "aws:SecureTransport": "true" } }));
            expect(await messages(s3BucketTlsOnly, inputs)).to.deep.equal([noTls()]);
        });

        it("rejects a deny that covers the objects but not the bucket", async () => {
            const inputs = tlsPolicyWith((s) => (s.Resource = s.Resource.filter((r: string) => r.endsWith("/*"))));
            expect(await messages(s3BucketTlsOnly, inputs)).to.deep.equal([noTls()]);
        });

        it("rejects a deny aimed at one principal instead of everyone", async () => {
            const inputs = tlsPolicyWith((s) => (s.Principal = { AWS: "arn:aws-cn:iam::210987654321:role/someone" }));
            expect(await messages(s3BucketTlsOnly, inputs)).to.deep.equal([noTls()]);
        });

        it("rejects a deny of some actions only", async () => {
            const inputs = tlsPolicyWith((s) => (s.Action = ["s3:GetObject"]));
            expect(await messages(s3BucketTlsOnly, inputs)).to.deep.equal([noTls()]);
        });

        it("accepts BoolIfExists and Resource '*'", async () => {
            const inputs = tlsPolicyWith((s) => {
                s.Condition = { BoolIfExists: { "aws:SecureTransport": false } };
                s.Resource = "*";
            });
            expect(await messages(s3BucketTlsOnly, inputs)).to.deep.equal([]);
        });

        it("cannot judge a policy unknown during preview: the engine reports it as not run", async () => {
            const inputs = changed(POLICY, (p) => (p.policy = UNKNOWN));
            let error: unknown;
            await runStackRule(s3BucketTlsOnly, stackResources(inputs)).catch((e) => (error = e));
            expect(error).to.be.instanceOf(UnknownValueError);
        });
    });

    it("a second, bare bucket fails all three rules, and only that bucket", async () => {
        const bare: StackResourceInput = { type: BUCKET, name: "bare", props: { bucket: "bare-bucket", arn: "arn:aws:s3:::bare-bucket" } };
        for (const rule of [s3BucketPublicAccessBlocked, s3BucketEncrypted, s3BucketTlsOnly]) {
            const outcome = await runStackRule(rule, stackResources([...base, bare]));
            expect(outcome.violations.map((v) => v.urn), rule.name).to.deep.equal(["urn:pulumi:test::test::aws:s3/bucket:Bucket::bare"]);
        }
    });
});
