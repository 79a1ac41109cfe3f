import { expect } from "chai";
import { kmsKeyRotationEnabled } from "../../policy/rules.js";
import { runResourceRule } from "./support/harness.js";

/** The pipeline creates no KMS key; a user who creates the stream key in the same stack gets this rule. */
describe("policy rule kms-key-rotation-enabled", () => {
    const key = (props: Record<string, unknown>) => ({ type: "aws:kms/key:Key", name: "stream-key", props });

    it("passes a symmetric key with rotation", async () => {
        expect((await runResourceRule(kmsKeyRotationEnabled, key({ enableKeyRotation: true }))).violations).to.deep.equal([]);
    });

    it("rejects a symmetric key without rotation", async () => {
        const outcome = await runResourceRule(kmsKeyRotationEnabled, key({ description: "stream key" }));
        expect(outcome.violations.map((v) => v.message)).to.deep.equal(["enableKeyRotation must be true."]);
    });

    it("does not apply to asymmetric keys, which cannot rotate automatically", async () => {
        const outcome = await runResourceRule(kmsKeyRotationEnabled, key({ customerMasterKeySpec: "RSA_2048" }));
        expect(outcome).to.deep.equal({ violations: [], notApplicable: "automatic rotation does not apply to RSA_2048 keys" });
    });
});
