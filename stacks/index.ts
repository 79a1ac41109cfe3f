import * as pulumi from "@pulumi/pulumi";
import { StreamingAnalyticsPipeline } from "../components/index.js";
import { CONFIG_NAMESPACE, readStackSettings, stackArgs } from "./config.js";

/**
 * The deployable program: `pulumi up -s dev` or `pulumi up -s cn-north-1`. It
 * deploys the bundled ticker job; the AWS region (and with it the partition) comes
 * from `aws:region` in the stack file.
 */

const settings = readStackSettings(new pulumi.Config(CONFIG_NAMESPACE));
const pipeline = new StreamingAnalyticsPipeline(settings.name, stackArgs(settings));

export const streamName = pipeline.streamName;
export const streamArn = pipeline.streamArn;
export const bucketName = pipeline.bucketName;
export const bucketArn = pipeline.bucketArn;
export const applicationName = pipeline.applicationName;
export const applicationArn = pipeline.applicationArn;
export const roleArn = pipeline.roleArn;
export const logGroupName = pipeline.logGroupName;
export const databaseName = pipeline.databaseName;
export const tableName = pipeline.tables.table.name;
export const rejectedTableName = pipeline.tables.rejected_table.name;
export const workgroupName = pipeline.workgroupName;
export const codeKey = pipeline.codeKey;
export const crawlerName = pipeline.crawlerName;
export const alarmNames = pipeline.alarmNames;
export const alarmTopicArn = pipeline.alarmTopicArn;
export const dashboardName = pipeline.dashboardName;
