import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { StreamingAnalyticsPipeline, type StreamingAnalyticsPipelineArgs } from "../../components/index.js";
import { tickerArgs } from "./support/deploy.js";
import { CHINA, COMMERCIAL, runCollectingFailures, type MockEnvironment } from "./support/mocks.js";
import { statementsOf } from "./support/policies.js";

/**
 * Args that are Outputs (another resource's ARN, a secret from config) are not known
 * when the component is built. Each is checked once it resolves: a bad value then
 * fails the deployment with the same message format (field, value, rule), and the
 * resource that would have used it is never created. So is a known ARN in the wrong
 * partition or region, since the stack's partition and region are known only late.
 */

/** Known only later, as another resource's output would be. */
const later = <T>(value: T) => pulumi.output(new Promise<T>((resolve) => setTimeout(() => resolve(value), 5)));

async function build(args: Partial<StreamingAnalyticsPipelineArgs>, env: MockEnvironment = CHINA) {
    return runCollectingFailures(env, () => new StreamingAnalyticsPipeline("p", tickerArgs(args)));
}

const HEADER = 'StreamingAnalyticsPipeline "p": invalid arguments:';

describe("Inputs checked when they resolve", function () {
    this.timeout(30_000);

    it("an Output KMS key ARN in another partition fails the deployment, and nothing that would use it is created", async () => {
        const key = "arn:aws:kms:us-east-1:210987654321:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
        const { mocks, failures } = await build({ stream: { kmsKeyArn: later(key) } });
        expect(failures.some((f) => f.includes(`${HEADER}\n  - stream.kmsKeyArn = ${JSON.stringify(key)}: must be in the stack's partition aws-cn, not aws`)), failures.join("\n")).to.equal(true);
        // The stream is encrypted with the key, and the role's policy grants it.
        expect(mocks.ofType("aws:kinesis/stream:Stream")).to.deep.equal([]);
        expect(mocks.ofType("aws:iam/rolePolicy:RolePolicy")).to.deep.equal([]);
        expect(mocks.ofType("aws:kinesisanalyticsv2/application:Application")).to.deep.equal([]);
    });

    it("a known KMS key ARN in another region fails the same way, once the stack's region is known", async () => {
        const key = "arn:aws-cn:kms:cn-northwest-1:210987654321:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
        const { mocks, failures } = await build({ stream: { kmsKeyArn: key } });
        expect(failures.some((f) => f.includes(`stream.kmsKeyArn = ${JSON.stringify(key)}: must be in the stack's region cn-north-1, not cn-northwest-1`)), failures.join("\n")).to.equal(true);
        expect(mocks.ofType("aws:kinesis/stream:Stream")).to.deep.equal([]);
    });

    it("an Output that is not a KMS key ARN at all gets the format rule", async () => {
        const { failures } = await build({ stream: { kmsKeyArn: later("alias/ticks") } });
        expect(failures.some((f) => f.includes('stream.kmsKeyArn = "alias/ticks": must be a KMS key ARN')), failures.join("\n")).to.equal(true);
    });

    it("a secret alarm e-mail that is not an address fails without printing it", async () => {
        const { mocks, failures } = await build({ monitoring: { alarmEmail: pulumi.secret("not-an-address") } });
        const failure = failures.find((f) => f.includes("monitoring.alarmEmail"));
        expect(failure, failures.join("\n")).to.contain("  - monitoring.alarmEmail = [secret]: must match an email address");
        expect(failures.join("\n")).to.not.contain("not-an-address");
        expect(mocks.ofType("aws:sns/topicSubscription:TopicSubscription")).to.deep.equal([]);
    });

    it("an Output tag value AWS would refuse fails, and no tagged resource is created with it", async () => {
        const { mocks, failures } = await build({ tags: { team: later("data;ops") } });
        expect(failures.some((f) => f.includes('  - tags["team"] = "data;ops": must match ') && f.includes("(CloudWatch Logs CreateLogGroup Tags.value")), failures.join("\n")).to.equal(true);
        expect(mocks.resources.filter((r) => r.inputs.tags !== undefined).map((r) => r.name)).to.deep.equal([]);
    });

    it("an existing stream's Output ARN in another region fails before the role grants it", async () => {
        const arn = "arn:aws-cn:kinesis:cn-northwest-1:210987654321:stream/ticks";
        const { mocks, failures } = await build({ stream: { existingArn: later(arn) } });
        expect(failures.some((f) => f.includes(`stream.existingArn = ${JSON.stringify(arn)}: must be in the stack's region cn-north-1`)), failures.join("\n")).to.equal(true);
        expect(mocks.ofType("aws:iam/rolePolicy:RolePolicy")).to.deep.equal([]);
    });

    it("valid Outputs from resources of the same program deploy, and IAM names exactly them", async () => {
        const { mocks, failures } = await runCollectingFailures(COMMERCIAL, () => {
            const key = new aws.kms.Key("stream-key", { enableKeyRotation: true });
            return new StreamingAnalyticsPipeline("p", tickerArgs({ stream: { kmsKeyArn: key.arn }, tags: { team: later("data") } }));
        });
        expect(failures).to.deep.equal([]);
        const keyArn = mocks.named("stream-key").state.arn;
        expect(mocks.named("p-stream").inputs.kmsKeyId).to.equal(keyArn);
        expect(mocks.named("p-stream").inputs.tags).to.deep.equal({ team: "data" });
        const decrypt = statementsOf(JSON.parse(mocks.named("p-role-policy").inputs.policy)).find((s) => s.Sid === "DecryptInputStream")!;
        expect(decrypt.Resource).to.deep.equal([keyArn]);
    });
});
