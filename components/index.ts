/**
 * Package root of @streaming-analytics/pulumi-pipeline.
 */
export { StreamingAnalyticsPipeline } from "./pipeline.js";
export * from "./args.js";
export { DEFAULTS, resolveArgs, resolveJob, defaultDatabaseName, defaultEfoConsumerName } from "./defaults.js";
export type { ResolvedArgs, ResolvedJob, ResolvedTable } from "./defaults.js";
export { tickerJob, TICKER_JOB_DEFAULTS } from "./ticker-job.js";
export type { TickerJobOptions } from "./ticker-job.js";
export { loadJobDescriptor, renderNamedQuery, JobDescriptorFileError } from "../contract/index.js";
export type {
    JobDescriptor,
    TableDescriptor,
    ColumnDescriptor,
    PartitionKeyDescriptor,
    PartitionProjection,
    NamedQueryDescriptor,
    JobPolicyStatement,
    CodeLocation,
    S3CodeObject,
    PropertyRef,
} from "../contract/index.js";
export { PipelineArgsError, findArgProblems, validateArgs } from "./validation/index.js";
export type { ArgProblem } from "./validation/index.js";
export { s3BucketNameProblem } from "./validation/aws-names.js";
export {
    inputStreamPropertyGroup,
    jobOutputPath,
    jobPropertyGroups,
    runOptionsPropertyGroup,
} from "./job-properties.js";
export type { InputStreamOptions, PropertyGroup } from "./job-properties.js";
export {
    applicationPolicyDocument,
    applicationSourceArn,
    applicationTrustPolicy,
    crawlerPolicyDocument,
    crawlerTrustPolicy,
    tlsOnlyBucketPolicy,
    kinesisReadActions,
    APPLICATION_STATEMENT_IDS,
    FLINK_SERVICE_PRINCIPAL,
    GLUE_SERVICE_PRINCIPAL,
    GLUE_CRAWLER_LOG_GROUP,
} from "./policies.js";
export type {
    ApplicationPolicyOptions,
    CodeObjectRef,
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
export { glueColumns, tableLocation, tableParameters, tableResourceName, crawlerName, TABLE_STORAGE } from "./catalog.js";
export { codeObjectKey, hashApplicationCode } from "./code.js";
export * as contract from "../contract/index.js";
