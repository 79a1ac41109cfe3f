import { expect } from "chai";
import { logGroupRetentionSet } from "../../policy/rules.js";
import { capturedStack } from "../unit/support/captured-stacks.js";
import { copyOf, resourceInputs } from "./support/captured.js";
import { runResourceRule, type ResourceInput } from "./support/harness.js";

describe("policy rule log-group-retention-set", function () {
    this.timeout(120_000);
    let group: ResourceInput;
    before(async () => {
        group = copyOf(resourceInputs((await capturedStack("cn-north-1", "defaults")).run), "aws:cloudwatch/logGroup:LogGroup");
    });

    it("passes the application's log group", async () => {
        expect(group.props.retentionInDays).to.be.a("number").greaterThan(0);
        expect((await runResourceRule(logGroupRetentionSet, group)).violations).to.deep.equal([]);
    });

    it("rejects a log group without retention", async () => {
        const { retentionInDays: _r, ...forever } = group.props;
        const outcome = await runResourceRule(logGroupRetentionSet, { ...group, props: forever });
        expect(outcome.violations.map((v) => v.message)).to.deep.equal(["retentionInDays is unset; set a number of days."]);
    });

    it("rejects retentionInDays 0 (never expire)", async () => {
        const outcome = await runResourceRule(logGroupRetentionSet, { ...group, props: { ...group.props, retentionInDays: 0 } });
        expect(outcome.violations.map((v) => v.message)).to.deep.equal(["retentionInDays is 0; set a number of days."]);
    });
});
