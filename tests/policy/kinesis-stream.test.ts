import { expect } from "chai";
import { kinesisStreamEncrypted } from "../../policy/rules.js";
import { capturedStack } from "../unit/support/captured-stacks.js";
import { copyOf, resourceInputs } from "./support/captured.js";
import { runResourceRule, type ResourceInput } from "./support/harness.js";

describe("policy rule kinesis-stream-encrypted", function () {
    this.timeout(120_000);
    let stream: ResourceInput;
    before(async () => {
        stream = copyOf(resourceInputs((await capturedStack("dev", "defaults")).run), "aws:kinesis/stream:Stream");
    });

    it("passes the component's stream (KMS with the AWS-managed key)", async () => {
        expect(stream.props.encryptionType).to.equal("KMS");
        expect((await runResourceRule(kinesisStreamEncrypted, stream)).violations).to.deep.equal([]);
    });

    it("rejects an unencrypted stream", async () => {
        const { encryptionType: _e, kmsKeyId: _k, ...unencrypted } = stream.props;
        const outcome = await runResourceRule(kinesisStreamEncrypted, { ...stream, props: unencrypted });
        expect(outcome.violations.map((v) => v.message)).to.deep.equal([
            'encryptionType is "NONE"; set it to "KMS".',
            'kmsKeyId is not set; use a key ARN or the AWS-managed "alias/aws/kinesis".',
        ]);
    });

    it("rejects KMS without a key", async () => {
        const outcome = await runResourceRule(kinesisStreamEncrypted, { ...stream, props: { ...stream.props, kmsKeyId: "" } });
        expect(outcome.violations.map((v) => v.message)).to.deep.equal([
            'kmsKeyId is not set; use a key ARN or the AWS-managed "alias/aws/kinesis".',
        ]);
    });

    it("does not apply to other resources", async () => {
        const outcome = await runResourceRule(kinesisStreamEncrypted, { type: "aws:s3/bucket:Bucket", name: "b", props: {} });
        expect(outcome.notApplicable).to.contain("aws:kinesis/stream:Stream");
    });
});
