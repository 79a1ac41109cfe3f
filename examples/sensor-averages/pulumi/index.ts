/**
 * A consumer program: deploys the sensor-averages job with StreamingAnalyticsPipeline,
 * reading a Kinesis stream that already exists (the producers' stream, from config)
 * and encrypted with a KMS key this program creates. Run `pulumi up` from this
 * folder (see ../README.md, "Deploy").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { loadJobDescriptor, StreamingAnalyticsPipeline } from "@streaming-analytics/pulumi-pipeline";

// Pulumi runs the program from this folder; the job folder is its parent.
const JOB_DIR = path.resolve("..");
// Where `npm run build:flink -- examples/sensor-averages` writes the application zip.
const DEFAULT_CODE = path.resolve("..", "..", "..", "build", "sensor-averages.zip");

const config = new pulumi.Config();
// The existing stream, in the stack's partition and region, e.g.
// arn:aws-cn:kinesis:cn-north-1:210987654321:stream/sensor-readings.
const streamArn = config.require("streamArn");
const code = config.get("code") ?? DEFAULT_CODE;

// The customer-managed key of the stream. The stream's owner encrypts the stream with
// it (`aws kinesis start-stream-encryption --encryption-type KMS --key-id <streamKeyArn>`);
// the component grants the job kms:Decrypt on exactly this key, through Kinesis only.
const streamKey = new aws.kms.Key("sensor-stream-key", {
    description: "Encrypts the sensor-readings stream",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
});

const pipeline = new StreamingAnalyticsPipeline("sensors", {
    job: loadJobDescriptor(JOB_DIR, { code }),
    stream: { existingArn: streamArn, kmsKeyArn: streamKey.arn },
});

export const streamKeyArn = streamKey.arn;
export const applicationName = pipeline.applicationName;
export const applicationArn = pipeline.applicationArn;
export const roleArn = pipeline.roleArn;
export const bucketName = pipeline.bucketName;
export const databaseName = pipeline.databaseName;
export const tableNames = pipeline.tableNames;
export const workgroupName = pipeline.workgroupName;
export const dashboardName = pipeline.dashboardName;
