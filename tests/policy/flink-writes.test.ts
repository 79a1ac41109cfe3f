import { expect } from "chai";
import { flinkWritesOnlyTableLocations } from "../../policy/rules.js";
import { capturedStack } from "../unit/support/captured-stacks.js";
import { stackInputs } from "./support/captured.js";
import { runStackRule, stackResources, type StackResourceInput } from "./support/harness.js";

/**
 * The job writes only its declared tables: the application role's S3 write grants
 * must each be the location of a Glue table of the stack.
 */

const violations = async (inputs: StackResourceInput[]) => (await runStackRule(flinkWritesOnlyTableLocations, stackResources(inputs))).violations.map((v) => v.message);

describe("policy rule flink-writes-only-table-locations", function () {
    this.timeout(120_000);
    let inputs: StackResourceInput[];
    before(async () => {
        inputs = stackInputs((await capturedStack("cn-north-1", "defaults")).run);
    });

    it("passes the stack: every write grant is a table's location", async () => {
        expect(await violations(inputs)).to.deep.equal([]);
    });

    it("reports a write grant outside every table's location", async () => {
        const changed = structuredClone(inputs);
        const policy = changed.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && String(r.props.policy).includes("WriteOutputPrefixes"))!;
        const doc = JSON.parse(String(policy.props.policy));
        const writes = doc.Statement.find((s: { Sid: string }) => s.Sid === "WriteOutputPrefixes");
        const bucket = String(writes.Resource[0]).split("/")[0];
        writes.Resource.push(`${bucket}/code/*`);
        policy.props.policy = JSON.stringify(doc);
        const found = await violations(changed);
        expect(found).to.have.length(1);
        expect(found[0]).to.match(/its role writes to arn:aws-cn:s3:::[^/]+\/code\/\*, which is no Glue table's location \(.*\/(output|rejected)\/, .*\/(output|rejected)\/\)/);
    });

    it("reports a write grant once its table is gone", async () => {
        const withoutRejected = inputs.filter((r) => !(r.type === "aws:glue/catalogTable:CatalogTable" && String(r.props.name).endsWith("_rejected")));
        expect(await violations(withoutRejected)).to.have.length(1);
    });
});
