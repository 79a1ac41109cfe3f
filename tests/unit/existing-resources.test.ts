import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { StreamingAnalyticsPipeline, tickerJob } from "../../components/index.js";
import { tickerArgs } from "./support/deploy.js";
import { CHINA, COMMERCIAL, resolve, runWithMocks, type RecordingMocks } from "./support/mocks.js";
import { statementsOf } from "./support/policies.js";

/**
 * Bring your own stream, bucket or code object: nothing is created for it, and the
 * application role is scoped to exactly it, with partition-correct ARNs.
 */

function bySid(mocks: RecordingMocks, name = "p-role-policy") {
    return Object.fromEntries(statementsOf(JSON.parse(mocks.named(name).inputs.policy)).map((s) => [s.Sid, s]));
}

describe("an existing stream", () => {
    const streamArn = `arn:aws-cn:kinesis:cn-north-1:${CHINA.accountId}:stream/market-ticks`;
    let mocks: RecordingMocks;
    let pipeline: StreamingAnalyticsPipeline;

    before(async () => {
        ({ mocks, result: pipeline } = await runWithMocks(CHINA, () => new StreamingAnalyticsPipeline("p", tickerArgs({ stream: { existingArn: streamArn } }))));
    });

    it("creates no stream", () => {
        expect(mocks.ofType("aws:kinesis/stream:Stream")).to.deep.equal([]);
        expect(pipeline.stream).to.equal(undefined);
    });

    it("lets the role read exactly that stream, and the job read it", async () => {
        expect(bySid(mocks).ReadInputStream.Resource).to.deep.equal([streamArn]);
        const input = mocks.named("p-application").inputs.applicationConfiguration.environmentProperties.propertyGroups[1];
        expect(input.propertyMap["stream.arn"]).to.equal(streamArn);
        expect(await resolve(pipeline.streamArn)).to.equal(streamArn);
        expect(await resolve(pipeline.streamName)).to.equal("market-ticks");
    });

    it("watches that stream's throttling", () => {
        expect(mocks.named("p-alarm-stream-write-throttling").inputs.dimensions).to.deep.equal({ StreamName: "market-ticks" });
    });
});

describe("an existing bucket", () => {
    const bucketName = "team-data-lake";
    let mocks: RecordingMocks;
    let pipeline: StreamingAnalyticsPipeline;

    before(async () => {
        ({ mocks, result: pipeline } = await runWithMocks(COMMERCIAL, () => new StreamingAnalyticsPipeline("p", tickerArgs({ bucket: { existingName: bucketName, codePrefix: "flink/code/" } }))));
    });

    it("creates no bucket and none of the bucket's configuration", () => {
        for (const type of [
            "aws:s3/bucket:Bucket",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketVersioning:BucketVersioning",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        ]) {
            expect(mocks.ofType(type), type).to.deep.equal([]);
        }
        expect(pipeline.bucket).to.equal(undefined);
    });

    it("uploads the code into it and scopes every S3 grant to it", async () => {
        expect(mocks.named("p-code").inputs).to.deep.include({ bucket: bucketName, key: "flink/code/flink-app.zip" });
        const statements = bySid(mocks);
        const bucketArn = `arn:aws:s3:::${bucketName}`;
        expect(statements.ReadApplicationCode.Resource).to.deep.equal([`${bucketArn}/flink/code/flink-app.zip`]);
        expect(statements.ListOutputPrefixes.Resource).to.deep.equal([bucketArn]);
        expect(statements.WriteOutputPrefixes.Resource).to.deep.equal([`${bucketArn}/output/*`, `${bucketArn}/rejected/*`]);
        expect(await resolve(pipeline.bucketArn)).to.equal(bucketArn);
    });

    it("puts the tables, the job's folders and Athena's results in it", () => {
        expect(mocks.named("p-table").inputs.storageDescriptor.location).to.equal(`s3://${bucketName}/output/`);
        const groups = mocks.named("p-application").inputs.applicationConfiguration.environmentProperties.propertyGroups;
        expect(groups[2].propertyMap).to.deep.equal({ path: `s3a://${bucketName}/output/`, "rejected.path": `s3a://${bucketName}/rejected/` });
        expect(mocks.named("p-workgroup").inputs.configuration.resultConfiguration.outputLocation).to.equal(`s3://${bucketName}/athena-results/`);
        expect(mocks.named("p-application").inputs.applicationConfiguration.applicationCodeConfiguration.codeContent.s3ContentLocation.bucketArn).to.equal(
            `arn:aws:s3:::${bucketName}`,
        );
    });
});

describe("an existing S3 object as the code", () => {
    it("uploads nothing, pins the given version, and reads exactly that object", async () => {
        const { mocks, result } = await runWithMocks(CHINA, () => {
            const artifacts = new aws.s3.Bucket("artifacts", { bucket: "build-artifacts" });
            return new StreamingAnalyticsPipeline("p", {
                job: tickerJob({ code: { bucket: artifacts.bucket, key: "flink/app*.zip", version: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY" } }),
            });
        });
        expect(mocks.ofType("aws:s3/bucketObjectv2:BucketObjectv2")).to.deep.equal([]);
        expect(result.codeObject).to.equal(undefined);
        expect(mocks.named("p-application").inputs.applicationConfiguration.applicationCodeConfiguration.codeContent.s3ContentLocation).to.deep.equal({
            bucketArn: "arn:aws-cn:s3:::build-artifacts",
            fileKey: "flink/app*.zip",
            objectVersion: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
        });
        // The key's `*` is escaped: the grant is that one object, not every "flink/app..." key.
        expect(bySid(mocks).ReadApplicationCode.Resource).to.deep.equal(["arn:aws-cn:s3:::build-artifacts/flink/app${*}.zip"]);
        expect(await resolve(result.codeKey)).to.equal("flink/app*.zip");
    });
});
