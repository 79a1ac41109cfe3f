import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./defaults.js";

/**
 * Alarms and a dashboard for the running pipeline.
 *
 * Metrics used (Managed Service for Apache Flink "Metrics and dimensions" and the
 * Kinesis Data Streams "Monitoring with CloudWatch" pages):
 * - AWS/KinesisAnalytics, dimension Application: downtime, uptime,
 *   numberOfFailedCheckpoints, lastCheckpointDuration, lastCheckpointSize,
 *   numRecordsInPerSecond, numRecordsOutPerSecond, KPUs.
 * - AWS/KinesisAnalytics millisBehindLatest, published by the Kinesis source with
 *   extra dimensions besides Application (Flow=Input and Id=<source> at application
 *   level, and per shard at finer metrics levels). Rather than guess the Id value, the
 *   alarm and the widget use a CloudWatch Metrics Insights query that takes the MAX
 *   over every millisBehindLatest series carrying this Application dimension.
 * - AWS/Kinesis, dimension StreamName: IncomingRecords, WriteProvisionedThroughputExceeded.
 */

export const FLINK_NAMESPACE = "AWS/KinesisAnalytics";
export const KINESIS_NAMESPACE = "AWS/Kinesis";

export interface MetricStat {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic: "Maximum" | "Sum" | "Average";
}

export interface AlarmSpec {
    /** Short id, also the suffix of the alarm's resource name. */
    id: string;
    description: string;
    threshold: number;
    comparisonOperator: "GreaterThanThreshold";
    periodSeconds: number;
    evaluationPeriods: number;
    treatMissingData: "missing" | "notBreaching";
    /** Exactly one of metric and metricsInsightsQuery is set. */
    metric?: MetricStat;
    metricsInsightsQuery?: string;
}

export interface MonitoringTargets {
    applicationName: string;
    streamName: string;
}

/** Metrics Insights identifiers are quoted with double quotes and literals with single quotes. */
export function millisBehindLatestQuery(applicationName: string): string {
    return `SELECT MAX(millisBehindLatest) FROM "${FLINK_NAMESPACE}" WHERE Application = '${applicationName.replace(/'/g, "''")}'`;
}

/** The alarms the component creates, as plain data. */
export function alarmSpecs(targets: MonitoringTargets, args: ResolvedArgs["monitoring"]): AlarmSpec[] {
    const app = { Application: targets.applicationName };
    const common = {
        comparisonOperator: "GreaterThanThreshold" as const,
        periodSeconds: args.periodSeconds,
        evaluationPeriods: args.evaluationPeriods,
    };
    return [
        {
            id: "downtime",
            description: "The Flink job is failing or restarting (downtime > threshold ms).",
            threshold: args.downtimeThresholdMs,
            // No data means the application is stopped on purpose, not that it is failing.
            treatMissingData: "missing",
            metric: { namespace: FLINK_NAMESPACE, metricName: "downtime", dimensions: app, statistic: "Maximum" },
            ...common,
        },
        {
            id: "failed-checkpoints",
            description: "Checkpoints are failing; a restart would lose or replay state.",
            threshold: args.failedCheckpointsThreshold,
            treatMissingData: "missing",
            metric: {
                namespace: FLINK_NAMESPACE,
                metricName: "numberOfFailedCheckpoints",
                dimensions: app,
                statistic: "Maximum",
            },
            ...common,
        },
        {
            id: "millis-behind-latest",
            description: "The job reads the stream further behind its head than the threshold (ms).",
            threshold: args.millisBehindLatestThresholdMs,
            treatMissingData: "missing",
            metricsInsightsQuery: millisBehindLatestQuery(targets.applicationName),
            ...common,
        },
        {
            id: "stream-write-throttling",
            description: "Producers are throttled writing to the stream (WriteProvisionedThroughputExceeded).",
            threshold: args.writeThrottleThreshold,
            // The stream reports nothing while nobody writes, which is not throttling.
            treatMissingData: "notBreaching",
            metric: {
                namespace: KINESIS_NAMESPACE,
                metricName: "WriteProvisionedThroughputExceeded",
                dimensions: { StreamName: targets.streamName },
                statistic: "Sum",
            },
            ...common,
        },
    ];
}

type WidgetMetric = (string | Record<string, unknown>)[];

function metricWidget(
    title: string,
    region: string,
    metrics: WidgetMetric[],
    position: { x: number; y: number },
    extra: Record<string, unknown> = {},
) {
    return {
        type: "metric",
        x: position.x,
        y: position.y,
        width: 8,
        height: 6,
        properties: { title, region, view: "timeSeries", stacked: false, period: 60, metrics, ...extra },
    };
}

/** The dashboard body: uptime, checkpoints, lag, records in/out, KPUs and the stream's incoming records. */
export function dashboardBody(
    targets: MonitoringTargets & { region: string },
    args: ResolvedArgs["monitoring"],
): { widgets: ReturnType<typeof metricWidget>[] } {
    const { applicationName: app, streamName, region } = targets;
    const flink = (metricName: string, stat: string, label?: string): WidgetMetric => [
        FLINK_NAMESPACE,
        metricName,
        "Application",
        app,
        { stat, ...(label ? { label } : {}) },
    ];
    const kinesis = (metricName: string, stat: string): WidgetMetric => [
        KINESIS_NAMESPACE,
        metricName,
        "StreamName",
        streamName,
        { stat },
    ];
    return {
        widgets: [
            metricWidget("Uptime and downtime (ms)", region, [flink("uptime", "Maximum"), flink("downtime", "Maximum")], {
                x: 0,
                y: 0,
            }),
            metricWidget(
                "Checkpoints",
                region,
                [
                    flink("lastCheckpointDuration", "Maximum", "last duration (ms)"),
                    flink("lastCheckpointSize", "Maximum", "last size (bytes)"),
                    flink("numberOfFailedCheckpoints", "Maximum", "failed"),
                ],
                { x: 8, y: 0 },
            ),
            metricWidget(
                "Source lag: millisBehindLatest (max over all series)",
                region,
                [[{ expression: millisBehindLatestQuery(app), id: "lag", label: "millisBehindLatest", period: 60 }]],
                { x: 16, y: 0 },
                { annotations: { horizontal: [{ label: "alarm threshold", value: args.millisBehindLatestThresholdMs }] } },
            ),
            metricWidget(
                "Records in / out per second",
                region,
                [flink("numRecordsInPerSecond", "Average", "in"), flink("numRecordsOutPerSecond", "Average", "out")],
                { x: 0, y: 6 },
            ),
            metricWidget("KPUs", region, [flink("KPUs", "Maximum")], { x: 8, y: 6 }),
            metricWidget(
                "Stream incoming records and write throttling",
                region,
                [kinesis("IncomingRecords", "Sum"), kinesis("WriteProvisionedThroughputExceeded", "Sum")],
                { x: 16, y: 6 },
            ),
        ],
    };
}

/** Dashboard names allow only letters, digits, '-' and '_'. */
export function dashboardName(applicationName: string): string {
    return applicationName.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

export interface Monitoring {
    /** By alarm id (`downtime`, `failed-checkpoints`, ...); empty with monitoring disabled. */
    alarms: Record<string, aws.cloudwatch.MetricAlarm>;
    /** The topic the component created for `alarmEmail`. */
    topic?: aws.sns.Topic;
    subscription?: aws.sns.TopicSubscription;
    /** Where alarm and OK transitions go: the created topic or `alarmTopicArn`. */
    alarmTopicArn?: pulumi.Output<string>;
    dashboard?: aws.cloudwatch.Dashboard;
}

export interface MonitoringInputs {
    args: ResolvedArgs["monitoring"];
    /** Checked Inputs: the address to subscribe, or an existing topic. */
    alarmEmail?: pulumi.Output<string>;
    alarmTopicArn?: pulumi.Output<string>;
    applicationName: pulumi.Output<string>;
    streamName: pulumi.Output<string>;
    region: pulumi.Output<string>;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

function alarmTopic(name: string, inputs: MonitoringInputs, parent: pulumi.Resource): Pick<Monitoring, "topic" | "subscription" | "alarmTopicArn"> {
    if (inputs.alarmTopicArn !== undefined) return { alarmTopicArn: inputs.alarmTopicArn };
    if (inputs.alarmEmail === undefined) return {};
    // Not KMS-encrypted: CloudWatch cannot publish to a topic encrypted with the
    // AWS-managed aws/sns key, and a customer key is beyond this component.
    const topic = new aws.sns.Topic(`${name}-alarms`, { tags: inputs.tags }, { parent });
    const subscription = new aws.sns.TopicSubscription(
        `${name}-alarms-email`,
        { topic: topic.arn, protocol: "email", endpoint: inputs.alarmEmail },
        { parent },
    );
    return { topic, subscription, alarmTopicArn: topic.arn };
}

export function createMonitoring(name: string, inputs: MonitoringInputs, parent: pulumi.Resource): Monitoring {
    const { args, tags } = inputs;
    if (!args.enabled) return { alarms: {} };
    const target = alarmTopic(name, inputs, parent);
    const actions = target.alarmTopicArn ? [target.alarmTopicArn] : [];

    // The specs depend only on names, so one apply per alarm keeps each alarm's inputs plain.
    const specs = pulumi
        .all([inputs.applicationName, inputs.streamName])
        .apply(([applicationName, streamName]) => alarmSpecs({ applicationName, streamName }, args));
    const specIds = alarmSpecs({ applicationName: "", streamName: "" }, args).map((s) => s.id);
    const alarms = Object.fromEntries(
        specIds.map((id, index) => {
            const spec = specs.apply((all) => all[index]);
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-alarm-${id}`,
                {
                    alarmDescription: spec.description,
                    comparisonOperator: spec.comparisonOperator,
                    threshold: spec.threshold,
                    evaluationPeriods: spec.evaluationPeriods,
                    treatMissingData: spec.treatMissingData,
                    namespace: spec.apply((s) => s.metric?.namespace),
                    metricName: spec.apply((s) => s.metric?.metricName),
                    dimensions: spec.apply((s) => s.metric?.dimensions),
                    statistic: spec.apply((s) => s.metric?.statistic),
                    period: spec.apply((s) => (s.metric ? s.periodSeconds : undefined)),
                    metricQueries: spec.apply((s) =>
                        s.metricsInsightsQuery
                            ? [{ id: "q1", expression: s.metricsInsightsQuery, period: s.periodSeconds, returnData: true }]
                            : undefined,
                    ),
                    alarmActions: actions,
                    okActions: actions,
                    tags,
                },
                { parent },
            );
            return [id, alarm] as const;
        }),
    );

    let dashboard: aws.cloudwatch.Dashboard | undefined;
    if (args.dashboard) {
        dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: inputs.applicationName.apply(dashboardName),
                dashboardBody: pulumi
                    .all([inputs.applicationName, inputs.streamName, inputs.region])
                    .apply(([applicationName, streamName, region]) =>
                        JSON.stringify(dashboardBody({ applicationName, streamName, region }, args)),
                    ),
            },
            { parent },
        );
    }
    return { alarms, ...target, dashboard };
}
