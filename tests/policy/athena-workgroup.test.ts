import { expect } from "chai";
import { athenaResultsEncrypted } from "../../policy/rules.js";
import { capturedStack } from "../unit/support/captured-stacks.js";
import { copyOf, resourceInputs } from "./support/captured.js";
import { runResourceRule, type ResourceInput } from "./support/harness.js";

describe("policy rule athena-results-encrypted", function () {
    this.timeout(120_000);
    let workgroup: ResourceInput;
    const configuration = () => workgroup.props.configuration as Record<string, any>;
    before(async () => {
        workgroup = copyOf(resourceInputs((await capturedStack("dev", "defaults")).run), "aws:athena/workgroup:Workgroup");
    });

    it("passes the component's workgroup (SSE_S3, enforced)", async () => {
        expect((await runResourceRule(athenaResultsEncrypted, workgroup)).violations).to.deep.equal([]);
    });

    it("rejects results without encryption", async () => {
        const { encryptionConfiguration: _e, ...plain } = configuration().resultConfiguration;
        const props = { ...workgroup.props, configuration: { ...configuration(), resultConfiguration: plain } };
        const outcome = await runResourceRule(athenaResultsEncrypted, { ...workgroup, props });
        expect(outcome.violations.map((v) => v.message)).to.deep.equal([
            "configuration.resultConfiguration.encryptionConfiguration.encryptionOption is unset; use one of SSE_S3, SSE_KMS, CSE_KMS.",
        ]);
    });

    it("rejects a workgroup whose configuration clients may override", async () => {
        const props = { ...workgroup.props, configuration: { ...configuration(), enforceWorkgroupConfiguration: false } };
        const outcome = await runResourceRule(athenaResultsEncrypted, { ...workgroup, props });
        expect(outcome.violations.map((v) => v.message)).to.deep.equal([
            "configuration.enforceWorkgroupConfiguration is false; clients could override the result encryption.",
        ]);
    });
});
