import { expect } from "chai";
import { applicationAllowed, applicationDenied } from "./application-role.probes.js";
import { pipelineFacts, type PipelineFacts, type RoleFacts } from "./support/facts.js";
import { decideAs, type Probe } from "./support/requests.js";
import { seedPolicy } from "./support/seed-policy.js";
import { capturedStack } from "../unit/support/captured-stacks.js";

/**
 * The probes must be able to fail. Run them against the seed article's policy
 * (kinesis:*, s3:List* and friends on the whole bucket, arn:aws-cn hard-coded) in
 * place of the component's: in China the denied probes must catch its over-grants,
 * and in us-east-1 its hard-coded partition must fail the allowed checks.
 */

async function outcomes(f: PipelineFacts, probes: Probe[]): Promise<Map<string, string>> {
    const seedRole: RoleFacts = { ...f.applicationRole, policy: seedPolicy(f) };
    const entries = await Promise.all(probes.map(async (p) => [p.label, await decideAs(seedRole, f, p)] as const));
    return new Map(entries);
}

describe("IAM simulation: the probes catch the seed article's policy", function () {
    this.timeout(120_000);

    it("in cn-north-1, the seed's policy fails many denied probes: deleting and writing the stream, writing the code, listing and writing the whole bucket", async () => {
        const f = pipelineFacts(await capturedStack("cn-north-1", "defaults"));
        const result = await outcomes(f, applicationDenied("defaults"));
        const leaked = [...result.entries()].filter(([, d]) => d === "Allowed").map(([label]) => label);
        expect(leaked).to.include.members([
            "kinesis:DeleteStream on its stream",
            "kinesis:PutRecords on its stream",
            "s3:PutObject on the code object",
            "s3:ListBucket without a prefix",
            "s3:PutObject under the Athena results prefix (another prefix of its bucket)",
        ]);
        expect(leaked.length).to.be.at.least(15);
    });

    it("in us-east-1, the seed's hard-coded arn:aws-cn ARNs allow none of what the job needs", async () => {
        const f = pipelineFacts(await capturedStack("dev", "defaults"));
        // PutMetricData has no resource, so no ARN can get it wrong; the seed does not grant it at all.
        const result = await outcomes(f, applicationAllowed("defaults"));
        expect([...result.values()].filter((d) => d === "Allowed")).to.deep.equal([]);
        expect(result.size).to.be.greaterThan(10);
    });
});
