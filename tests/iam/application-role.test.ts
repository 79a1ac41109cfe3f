import { expect } from "chai";
import { applicationAllowed, applicationDenied } from "./application-role.probes.js";
import { pipelineFacts, type PipelineFacts } from "./support/facts.js";
import { decideAs } from "./support/requests.js";
import { capturedStack, stackEnvironment, STACKS, VARIANTS } from "./support/stacks.js";
import { countPassed } from "./support/tally.js";

/**
 * The Flink application's execution role, simulated with the exact documents the real
 * stacks produce under mocks: the role's inline policy as identity policy and, for
 * requests to the pipeline bucket, the bucket policy as resource policy.
 */

const SUBJECT = "application role";

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

                describe("allows every action the job needs, on its exact ARN", () => {
                    for (const probe of applicationAllowed(variant)) {
                        it(probe.label, async () => {
                            expect(await decideAs(f.applicationRole, f, probe)).to.equal("Allowed");
                            countPassed(env.partition, SUBJECT, "allowed");
                        });
                    }
                });

                describe("denies everything else: ImplicitlyDenied", () => {
                    it("has at least 25 denied probes", () => {
                        expect(applicationDenied(variant).length).to.be.at.least(25);
                    });
                    for (const probe of applicationDenied(variant)) {
                        it(probe.label, async () => {
                            expect(await decideAs(f.applicationRole, f, probe)).to.equal("ImplicitlyDenied");
                            countPassed(env.partition, SUBJECT, "denied");
                        });
                    }
                });

                it("explicitly denies each allowed S3 request sent without TLS (bucket policy)", async () => {
                    const s3Probes = applicationAllowed(variant).filter((p) => p.build(f).action.startsWith("s3:"));
                    expect(s3Probes.length).to.be.greaterThan(5);
                    const decisions = await Promise.all(
                        s3Probes.map(async (p) => [p.label, await decideAs(f.applicationRole, f, p, { "aws:SecureTransport": "false" })]),
                    );
                    expect(decisions.filter(([, d]) => d !== "ExplicitlyDenied")).to.deep.equal([]);
                    countPassed(env.partition, SUBJECT, "tls-denied", decisions.length);
                });
            });
        }
    }
});
