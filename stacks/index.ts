import * as pulumi from "@pulumi/pulumi";
import { StreamingAnalyticsPipeline } from "../components/index.js";
import { CONFIG_NAMESPACE, readStackSettings } from "./config.js";

/**
 * The deployable program: `pulumi up -s dev` or `pulumi up -s cn-north-1`. The AWS
 * region (and with it the partition) comes from `aws:region` in the stack file.
 */

const settings = readStackSettings(new pulumi.Config(CONFIG_NAMESPACE), pulumi.getStack());
const pipeline = new StreamingAnalyticsPipeline(settings.name, settings.args);

export const streamName = pipeline.streamName;
export const streamArn = pipeline.streamArn;
export const bucketName = pipeline.bucketName;
export const bucketArn = pipeline.bucketArn;
export const applicationName = pipeline.applicationName;
export const applicationArn = pipeline.applicationArn;
export const roleArn = pipeline.roleArn;
export const logGroupName = pipeline.logGroupName;
export const databaseName = pipeline.databaseName;
export const tableName = pipeline.tableName;
export const rejectedTableName = pipeline.rejectedTableName;
export const workgroupName = pipeline.workgroupName;
export const codeKey = pipeline.codeKey;
export const crawlerName = pipeline.crawlerName;
export const alarmNames = pipeline.alarmNames;
export const alarmTopicArn = pipeline.alarmTopicArn;
export const dashboardName = pipeline.dashboardName;
