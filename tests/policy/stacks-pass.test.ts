import { expect } from "chai";
import { policies } from "../../policy/rules.js";
import { capturedStacks, type CapturedStack } from "../unit/support/captured-stacks.js";
import { resourceInputs, stackInputs } from "./support/captured.js";
import { isStackRule, runResourceRule, runStackRule, stackResources } from "./support/harness.js";

/**
 * Every rule of the pack, run over the resources of both stacks (dev in aws, cn-north-1
 * in aws-cn), each in both variants: the stack files as committed, and with crawler
 * catalog, EFO, a customer stream key and the alarm topic. No violation anywhere, and
 * each rule must actually apply to something, or passing would prove nothing.
 */

/** No resource of the pipeline is a KMS key (the stream key is the user's), so this rule never applies here. */
const NOT_APPLICABLE_TO_PIPELINE = new Set(["kms-key-rotation-enabled"]);

describe("policy pack: every rule passes on both stacks", function () {
    this.timeout(120_000);
    let runs: CapturedStack[];
    before(async () => {
        runs = await capturedStacks();
    });

    for (const rule of policies) {
        it(rule.name, async () => {
            let applied = 0;
            for (const c of runs) {
                const where = `${c.stack}/${c.variant}`;
                if (isStackRule(rule)) {
                    const outcome = await runStackRule(rule, stackResources(stackInputs(c.run)));
                    expect(outcome.violations, where).to.deep.equal([]);
                    if (!outcome.notApplicable) applied++;
                } else {
                    for (const input of resourceInputs(c.run)) {
                        const outcome = await runResourceRule(rule, input);
                        expect(outcome.violations, `${where} ${input.name}`).to.deep.equal([]);
                        if (!outcome.notApplicable) applied++;
                    }
                }
            }
            if (NOT_APPLICABLE_TO_PIPELINE.has(rule.name)) expect(applied).to.equal(0);
            else expect(applied, "resources the rule applied to").to.be.greaterThan(0);
        });
    }
});
