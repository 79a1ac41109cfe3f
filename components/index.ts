/**
 * Package root of @streaming-analytics/pulumi-pipeline.
 */
export { StreamingAnalyticsPipeline } from "./pipeline.js";
export * from "./args.js";
export { PipelineArgsError, findArgProblems, validateArgs, s3BucketNameProblem } from "./validation.js";
export type { ArgProblem } from "./validation.js";
export { buildJobPropertyGroups, jobOutputPath, runOptionsPropertyGroup } from "./job-properties.js";
export type { JobPropertyOptions, PropertyGroup } from "./job-properties.js";
export {
    applicationPolicyDocument,
    applicationTrustPolicy,
    crawlerPolicyDocument,
    crawlerTrustPolicy,
    tlsOnlyBucketPolicy,
    kinesisReadActions,
    FLINK_SERVICE_PRINCIPAL,
    GLUE_SERVICE_PRINCIPAL,
    GLUE_CRAWLER_LOG_GROUP,
} from "./policies.js";
export type {
    ApplicationPolicyOptions,
    ConditionBlock,
    CrawlerPolicyOptions,
    PolicyDocument,
    PolicyStatement,
    TlsOnlyBucketPolicyOptions,
    TrustPolicyOptions,
} from "./policies.js";
export * as arn from "./arn.js";
export { alarmSpecs, dashboardBody, millisBehindLatestQuery, FLINK_NAMESPACE, KINESIS_NAMESPACE } from "./monitoring.js";
export type { AlarmSpec, MetricStat, MonitoringTargets } from "./monitoring.js";
export { tableColumns, rejectedTableColumns, tableLocation, tableParameters, crawlerName } from "./catalog.js";
export { codeObjectKey, hashApplicationCode } from "./code.js";
export * as contract from "../contract/index.js";
