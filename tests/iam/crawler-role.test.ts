import { expect } from "chai";
import { crawlerAllowed, crawlerDenied } from "./crawler-role.probes.js";
import { pipelineFacts, type PipelineFacts, type RoleFacts } from "./support/facts.js";
import { decideAs } from "./support/requests.js";
import { capturedStack, stackEnvironment, STACKS } from "./support/stacks.js";
import { countPassed } from "./support/tally.js";

/**
 * The Glue crawler's role, which exists in catalog mode `crawler` only: the `options`
 * variant of each stack. The `defaults` variant (partition projection) must have none.
 */

const SUBJECT = "crawler role";

describe("IAM simulation: the Glue crawler role (catalog mode crawler)", function () {
    this.timeout(120_000);

    for (const stack of STACKS) {
        const env = stackEnvironment(stack);
        describe(`${env.partition} / ${env.region} (Pulumi.${stack}.yaml)`, () => {
            let f: PipelineFacts;
            let role: RoleFacts;
            before(async () => {
                f = pipelineFacts(await capturedStack(stack, "options"));
                if (!f.crawler) throw new Error("catalog mode crawler created no crawler");
                role = f.crawler.role;
            });

            it("exists only in crawler mode", async () => {
                expect(pipelineFacts(await capturedStack(stack, "defaults")).crawler).to.equal(undefined);
                expect(role.arn).to.not.equal(f.applicationRole.arn);
            });

            describe("allows what the crawler needs, on its exact ARN", () => {
                for (const probe of crawlerAllowed) {
                    it(probe.label, async () => {
                        expect(await decideAs(role, f, probe)).to.equal("Allowed");
                        countPassed(env.partition, SUBJECT, "allowed");
                    });
                }
            });

            describe("denies everything else: ImplicitlyDenied", () => {
                it("has at least 25 denied probes", () => {
                    expect(crawlerDenied.length).to.be.at.least(25);
                });
                for (const probe of crawlerDenied) {
                    it(probe.label, async () => {
                        expect(await decideAs(role, f, probe)).to.equal("ImplicitlyDenied");
                        countPassed(env.partition, SUBJECT, "denied");
                    });
                }
            });

            it("explicitly denies its S3 reads when sent without TLS (bucket policy)", async () => {
                const s3Probes = crawlerAllowed.filter((p) => p.build(f).action.startsWith("s3:"));
                expect(s3Probes.length).to.be.greaterThan(1);
                const decisions = await Promise.all(
                    s3Probes.map(async (p) => [p.label, await decideAs(role, f, p, { "aws:SecureTransport": "false" })]),
                );
                expect(decisions.filter(([, d]) => d !== "ExplicitlyDenied")).to.deep.equal([]);
                countPassed(env.partition, SUBJECT, "tls-denied", decisions.length);
            });
        });
    }
});
