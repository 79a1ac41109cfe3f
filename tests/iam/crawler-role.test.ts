import { expect } from "chai";
import { crawlerAllowed, crawlerDenied } from "./crawler-role.probes.js";
import { pipelineFacts, type PipelineFacts, type RoleFacts } from "./support/facts.js";
import { decideAs } from "./support/requests.js";
import { capturedStack, stackEnvironment, STACKS } from "../unit/support/captured-stacks.js";
import { deniedProbesFor } from "./support/partition-split.js";

/**
 * The Glue crawler's role, which exists in catalog mode `crawler` only: the `options`
 * variant of each stack. The `defaults` variant (partition projection) must have none.
 * Probes whose outcome depends on the partition run in both stacks, the others once.
 */

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

            it("allows what the crawler needs, on its exact ARN", async () => {
                const decisions = await Promise.all(crawlerAllowed.map(async (p) => [p.label, await decideAs(role, f, p)]));
                expect(decisions.filter(([, d]) => d !== "Allowed")).to.deep.equal([]);
            });

            it("denies everything else: ImplicitlyDenied", async () => {
                const probes = deniedProbesFor(crawlerDenied, f);
                expect(probes.length, "probes for this partition").to.be.greaterThan(0);
                const decisions = await Promise.all(probes.map(async (p) => [p.label, await decideAs(role, f, p)]));
                expect(decisions.filter(([, d]) => d !== "ImplicitlyDenied")).to.deep.equal([]);
            });

            it("explicitly denies its S3 reads when sent without TLS (bucket policy)", async () => {
                const s3Probes = crawlerAllowed.filter((p) => p.build(f).action.startsWith("s3:"));
                expect(s3Probes.length).to.be.greaterThan(1);
                const decisions = await Promise.all(
                    s3Probes.map(async (p) => [p.label, await decideAs(role, f, p, { "aws:SecureTransport": "false" })]),
                );
                expect(decisions.filter(([, d]) => d !== "ExplicitlyDenied")).to.deep.equal([]);
            });
        });
    }
});
