import { expect } from "chai";
import { applicationAllowed, applicationDenied } from "./application-role.probes.js";
import { pipelineFacts, type PipelineFacts } from "./support/facts.js";
import { deniedProbesFor } from "./support/partition-split.js";
import { decideAs } from "./support/requests.js";
import { capturedStack, stackEnvironment, STACKS, VARIANTS } from "../unit/support/captured-stacks.js";

/**
 * The Flink application's execution role, simulated with the exact documents the real
 * stacks produce under mocks: the role's inline policy as identity policy and, for
 * requests to the pipeline bucket, the bucket policy as resource policy. Probes whose
 * outcome depends on the partition run in both stacks, the others once (partition-split.ts).
 */

describe("IAM simulation: the Flink application role", function () {
    this.timeout(120_000);

    for (const stack of STACKS) {
        const env = stackEnvironment(stack);
        for (const variant of VARIANTS) {
            describe(`${env.partition} / ${env.region} (Pulumi.${stack}.yaml), ${variant}`, () => {
                let f: PipelineFacts;
                before(async () => {
                    f = pipelineFacts(await capturedStack(stack, variant));
                });

                it("allows every action the job needs, on its exact ARN", async () => {
                    const decisions = await Promise.all(applicationAllowed(variant).map(async (p) => [p.label, await decideAs(f.applicationRole, f, p)]));
                    expect(decisions.filter(([, d]) => d !== "Allowed")).to.deep.equal([]);
                });

                it("denies everything else: ImplicitlyDenied", async () => {
                    const probes = deniedProbesFor(applicationDenied(variant), f);
                    expect(probes.length, "probes for this partition").to.be.greaterThan(0);
                    const decisions = await Promise.all(probes.map(async (p) => [p.label, await decideAs(f.applicationRole, f, p)]));
                    expect(decisions.filter(([, d]) => d !== "ImplicitlyDenied")).to.deep.equal([]);
                });

                it("explicitly denies each allowed S3 request sent without TLS (bucket policy)", async () => {
                    const s3Probes = applicationAllowed(variant).filter((p) => p.build(f).action.startsWith("s3:"));
                    expect(s3Probes.length).to.be.greaterThan(5);
                    const decisions = await Promise.all(
                        s3Probes.map(async (p) => [p.label, await decideAs(f.applicationRole, f, p, { "aws:SecureTransport": "false" })]),
                    );
                    expect(decisions.filter(([, d]) => d !== "ExplicitlyDenied")).to.deep.equal([]);
                });
            });
        }
    }
});
