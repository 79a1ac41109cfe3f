import { expect } from "chai";
import { StreamingAnalyticsPipeline, alarmSpecs, resolveArgs } from "../../components/index.js";
import { deploy, tickerArgs } from "./support/deploy.js";
import { CHINA, RecordingMocks, resolve } from "./support/mocks.js";

const monitoringDefaults = () => resolveArgs("p", tickerArgs(), "test").monitoring;

describe("monitoring", () => {
    let mocks: RecordingMocks;
    let pipeline: StreamingAnalyticsPipeline;
    let appName: string;
    let streamName: string;

    before(async () => {
        ({ mocks, pipeline } = await deploy());
        appName = mocks.named("pipe-application").state.name;
        streamName = mocks.named("pipe-stream").state.name;
    });

    const alarm = (id: string) => mocks.named(`pipe-alarm-${id}`).inputs;

    it("alarms on downtime > 0 in AWS/KinesisAnalytics for this application", () => {
        expect(alarm("downtime")).to.deep.include({
            namespace: "AWS/KinesisAnalytics",
            metricName: "downtime",
            dimensions: { Application: appName },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "missing",
        });
    });

    it("alarms on numberOfFailedCheckpoints > 0", () => {
        expect(alarm("failed-checkpoints")).to.deep.include({
            namespace: "AWS/KinesisAnalytics",
            metricName: "numberOfFailedCheckpoints",
            dimensions: { Application: appName },
            statistic: "Maximum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
        });
    });

    it("alarms on millisBehindLatest above 60 s, over every series of the application", () => {
        const lag = alarm("millis-behind-latest");
        expect(lag).to.not.have.any.keys("namespace", "metricName", "dimensions", "statistic");
        expect(lag.metricQueries).to.deep.equal([
            {
                id: "q1",
                expression: `SELECT MAX(millisBehindLatest) FROM "AWS/KinesisAnalytics" WHERE Application = '${appName}'`,
                period: 60,
                returnData: true,
            },
        ]);
        expect(lag).to.deep.include({ comparisonOperator: "GreaterThanThreshold", threshold: 60000 });
    });

    it("alarms on Kinesis write throttling of this stream", () => {
        expect(alarm("stream-write-throttling")).to.deep.include({
            namespace: "AWS/Kinesis",
            metricName: "WriteProvisionedThroughputExceeded",
            dimensions: { StreamName: streamName },
            statistic: "Sum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "notBreaching",
        });
    });

    it("creates no SNS topic without an email, so the alarms have no actions", async () => {
        expect(mocks.ofType("aws:sns/topic:Topic")).to.deep.equal([]);
        for (const a of mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
            expect(a.inputs.alarmActions, a.name).to.deep.equal([]);
        }
        expect(await resolve(pipeline.alarmTopicArn)).to.equal(undefined);
        expect(await resolve(pipeline.alarmNames)).to.have.members(
            mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.state.name),
        );
    });

    it("draws a dashboard of uptime, checkpoints, lag, records in/out, KPUs and stream input", async () => {
        const dashboard = mocks.named("pipe-dashboard").inputs;
        expect(dashboard.dashboardName).to.equal(appName);
        expect(await resolve(pipeline.dashboardName)).to.equal(appName);
        const body = JSON.parse(dashboard.dashboardBody);
        const widgets = body.widgets.map((w: any) => ({
            title: w.properties.title,
            region: w.properties.region,
            metrics: w.properties.metrics.map((m: any[]) =>
                typeof m[0] === "string" ? `${m[0]} ${m[1]} ${m[2]}=${m[3]}` : m[0].expression,
            ),
        }));
        const flink = (metric: string) => `AWS/KinesisAnalytics ${metric} Application=${appName}`;
        expect(widgets).to.deep.equal([
            { title: "Uptime and downtime (ms)", region: "us-east-1", metrics: [flink("uptime"), flink("downtime")] },
            {
                title: "Checkpoints",
                region: "us-east-1",
                metrics: [flink("lastCheckpointDuration"), flink("lastCheckpointSize"), flink("numberOfFailedCheckpoints")],
            },
            {
                title: "Source lag: millisBehindLatest (max over all series)",
                region: "us-east-1",
                metrics: [`SELECT MAX(millisBehindLatest) FROM "AWS/KinesisAnalytics" WHERE Application = '${appName}'`],
            },
            {
                title: "Records in / out per second",
                region: "us-east-1",
                metrics: [flink("numRecordsInPerSecond"), flink("numRecordsOutPerSecond")],
            },
            { title: "KPUs", region: "us-east-1", metrics: [flink("KPUs")] },
            {
                title: "Stream incoming records and write throttling",
                region: "us-east-1",
                metrics: [
                    `AWS/Kinesis IncomingRecords StreamName=${streamName}`,
                    `AWS/Kinesis WriteProvisionedThroughputExceeded StreamName=${streamName}`,
                ],
            },
        ]);
        expect(body.widgets[2].properties.annotations.horizontal[0].value).to.equal(60000);
    });

    it("with an email: a topic, an email subscription, and every alarm notifies it on ALARM and OK", async () => {
        const { mocks: m } = await deploy({ monitoring: { alarmEmail: "ops@example.com" }, tags: { team: "data" } }, CHINA);
        const topic = m.one("aws:sns/topic:Topic");
        expect(topic.inputs.tags).to.deep.equal({ team: "data" });
        expect(m.one("aws:sns/topicSubscription:TopicSubscription").inputs).to.deep.include({
            topic: topic.state.arn,
            protocol: "email",
            endpoint: "ops@example.com",
        });
        const alarms = m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.map((a) => a.name).sort()).to.deep.equal(alarmSpecs({ applicationName: "", streamName: "" }, monitoringDefaults()).map((s) => `pipe-alarm-${s.id}`).sort());
        for (const a of alarms) {
            expect(a.inputs.alarmActions, a.name).to.deep.equal([topic.state.arn]);
            expect(a.inputs.okActions, a.name).to.deep.equal([topic.state.arn]);
        }
        expect(JSON.parse(m.named("pipe-dashboard").inputs.dashboardBody).widgets[0].properties.region).to.equal("cn-north-1");
    });

    it("takes the thresholds, period and evaluation periods from the args", async () => {
        const { mocks: m } = await deploy({
            monitoring: {
                downtimeThresholdMs: 1000,
                failedCheckpointsThreshold: 2,
                millisBehindLatestThresholdMs: 5000,
                writeThrottleThreshold: 10,
                periodSeconds: 300,
                evaluationPeriods: 3,
            },
        });
        const get = (id: string) => m.named(`pipe-alarm-${id}`).inputs;
        expect([get("downtime"), get("failed-checkpoints"), get("millis-behind-latest"), get("stream-write-throttling")].map((a) => a.threshold)).to.deep.equal([
            1000, 2, 5000, 10,
        ]);
        expect(get("downtime").period).to.equal(300);
        expect(get("millis-behind-latest").metricQueries[0].period).to.equal(300);
        for (const id of ["downtime", "failed-checkpoints", "millis-behind-latest", "stream-write-throttling"]) {
            expect(get(id).evaluationPeriods, id).to.equal(3);
        }
    });

    it("an existing topic gets every alarm's transitions, and no topic is created", async () => {
        const topicArn = `arn:aws-cn:sns:cn-north-1:${CHINA.accountId}:oncall`;
        const { mocks: m, pipeline: p } = await deploy({ monitoring: { alarmTopicArn: topicArn } }, CHINA);
        expect(m.ofType("aws:sns/topic:Topic")).to.deep.equal([]);
        expect(m.ofType("aws:sns/topicSubscription:TopicSubscription")).to.deep.equal([]);
        for (const a of m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
            expect(a.inputs.alarmActions, a.name).to.deep.equal([topicArn]);
            expect(a.inputs.okActions, a.name).to.deep.equal([topicArn]);
        }
        expect(await resolve(p.alarmTopicArn)).to.equal(topicArn);
    });

    it("monitoring.enabled false creates no alarms, topic or dashboard", async () => {
        const { mocks: m, pipeline: p } = await deploy({ monitoring: { enabled: false, alarmEmail: "ops@example.com" } });
        for (const type of ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:sns/topic:Topic", "aws:cloudwatch/dashboard:Dashboard"]) {
            expect(m.ofType(type), type).to.deep.equal([]);
        }
        expect(await resolve(p.alarmNames)).to.deep.equal([]);
    });

    it("alarmSpecs names each alarm's metric exactly once", () => {
        const specs = alarmSpecs({ applicationName: "a", streamName: "s" }, monitoringDefaults());
        expect(specs.map((s) => s.id)).to.deep.equal(["downtime", "failed-checkpoints", "millis-behind-latest", "stream-write-throttling"]);
        for (const s of specs) {
            expect(Number(s.metric !== undefined) + Number(s.metricsInsightsQuery !== undefined), s.id).to.equal(1);
        }
        expect(alarmSpecs({ applicationName: "it's", streamName: "s" }, monitoringDefaults())[2].metricsInsightsQuery).to.contain("'it''s'");
    });
});
