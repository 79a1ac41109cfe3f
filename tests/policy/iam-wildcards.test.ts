import { expect } from "chai";
import { iamNoWildcardActions } from "../../policy/rules.js";
import { capturedStack } from "../unit/support/captured-stacks.js";
import { copyOf, resourceInputs } from "./support/captured.js";
import { runResourceRule, type ResourceInput } from "./support/harness.js";

/** The seed article's Kinesis statement and its S3 wildcards, as a role's inline policy. */
const SEED_LIKE_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Sid: "ReadInputStream", Effect: "Allow", Action: "kinesis:*", Resource: "arn:aws-cn:kinesis:cn-north-1:012345678901:stream/kda-input-stream" },
        { Sid: "WriteObjects", Effect: "Allow", Action: ["s3:Abort*", "s3:PutObject"], Resource: ["arn:aws-cn:s3:::kda-pyflink-shtian/*"] },
    ],
});

const messages = async (input: ResourceInput) => (await runResourceRule(iamNoWildcardActions, input)).violations.map((v) => v.message);

describe("policy rule iam-no-wildcard-actions", function () {
    this.timeout(120_000);
    let rolePolicy: ResourceInput;
    let bucketPolicy: ResourceInput;
    before(async () => {
        const inputs = resourceInputs((await capturedStack("cn-north-1", "defaults")).run);
        rolePolicy = inputs.find((i) => i.type === "aws:iam/rolePolicy:RolePolicy")!;
        bucketPolicy = copyOf(inputs, "aws:s3/bucketPolicy:BucketPolicy");
    });

    it("passes the component's role policy and its TLS-only bucket policy (a Deny of s3:*)", async () => {
        expect(await messages(rolePolicy)).to.deep.equal([]);
        expect(String(bucketPolicy.props.policy)).to.contain('"s3:*"');
        expect(await messages(bucketPolicy)).to.deep.equal([]);
    });

    it("rejects the seed article's kinesis:* and s3:Abort* grants in a role policy", async () => {
        expect(await messages({ ...rolePolicy, props: { ...rolePolicy.props, policy: SEED_LIKE_POLICY } })).to.deep.equal([
            'policy: statement "ReadInputStream" allows wildcard action(s) kinesis:*.',
            'policy: statement "WriteObjects" allows wildcard action(s) s3:Abort*.',
        ]);
    });

    it("rejects `*` in a managed policy given as an object", async () => {
        const policy = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } };
        expect(await messages({ type: "aws:iam/policy:Policy", name: "admin", props: { policy } })).to.deep.equal([
            "policy: statement #1 allows wildcard action(s) *.",
        ]);
    });

    it("rejects NotAction in an Allow, in a role's inline policies", async () => {
        const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "AllButIam", Effect: "Allow", NotAction: "iam:*", Resource: "*" }] });
        const role = { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: "{\"Statement\":[]}", inlinePolicies: [{ name: "inline", policy }] } };
        expect(await messages(role)).to.deep.equal([
            'inlinePolicies[inline]: statement "AllButIam" allows NotAction [iam:*], i.e. every other action.',
        ]);
    });

    it("rejects an Allow of s3:* in a bucket policy", async () => {
        const policy = JSON.stringify({ Statement: [{ Sid: "Everyone", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }] });
        expect(await messages({ ...bucketPolicy, props: { ...bucketPolicy.props, policy } })).to.deep.equal([
            'policy: statement "Everyone" allows wildcard action(s) s3:*.',
        ]);
    });

    it("rejects a wildcard action in a role's trust policy", async () => {
        const trust = JSON.stringify({ Statement: [{ Sid: "AnyStsCall", Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:*" }] });
        const role = { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: trust } };
        expect(await messages(role)).to.deep.equal(['assumeRolePolicy: statement "AnyStsCall" allows wildcard action(s) sts:*.']);
    });

    it("rejects a policy that is not JSON", async () => {
        expect(await messages({ ...rolePolicy, props: { ...rolePolicy.props, policy: "{not json" } })).to.have.length(1);
    });
});
