import { expect } from "chai";
import {
    AWS_LIMIT_IDS,
    AwsLimitId,
    BOTOCORE_VERSION,
    awsLimit,
    limitProblem,
    limitRegExp,
} from "../../components/aws-limits.js";

/** The model's rule for a field must accept and refuse these, as the AWS docs describe the field. */
const KNOWN: { id: AwsLimitId; accepts: unknown[]; refuses: unknown[] }[] = [
    {
        id: "kinesis:CreateStream.StreamName",
        accepts: ["ticker-events", "a.b_c-1", "x".repeat(128)],
        refuses: ["", "a b", "ü", "x".repeat(129), "a/b", 7],
    },
    {
        id: "kinesis:RegisterStreamConsumer.ConsumerName",
        accepts: ["streaming-analytics-efo"],
        refuses: ["efo:consumer"],
    },
    {
        id: "athena:CreateWorkGroup.Name",
        // The pattern alone carries the length here.
        accepts: ["primary", "a".repeat(128)],
        refuses: ["", "a b", "a".repeat(129)],
    },
    {
        id: "iam:CreateRole.RoleName",
        accepts: ["streaming-analytics-role-1a2b3c4", "a+=,.@_-"],
        refuses: ["a/b", "a b", "r".repeat(65), "ü"],
    },
    {
        id: "iam:CreateRole.Tags.member.Key",
        // Letters of any script and spaces are allowed; \p{L} needs the u flag.
        accepts: ["Team", "größe", "cost center", "a:b/c=d+e-f@g"],
        refuses: ["", "a#b", "a*b", "k".repeat(129)],
    },
    {
        id: "logs:CreateLogGroup.logGroupName",
        accepts: ["/aws/kinesis-analytics/streaming-analytics", "a#b"],
        refuses: ["", "a b", "a:b"],
    },
    {
        id: "logs:CreateLogStream.logStreamName",
        accepts: ["flink-application"],
        refuses: ["", "a:b", "a*b"],
    },
    {
        id: "logs:CreateLogGroup.tags.value",
        accepts: ["", "prod"],
        refuses: ["a,b"],
    },
    {
        id: "glue:CreateTable.TableInput.Name",
        // The model allows far more than Athena can query; only control characters but tab are out.
        accepts: ["ticker_averages", "Ticker Averages", "日本", "😀", "a\tb"],
        refuses: ["", "a\nb", "a\u0000b", "t".repeat(256)],
    },
    {
        id: "glue:CreateTable.TableInput.Description",
        accepts: ["Windowed price aggregates\nper ticker", ""],
        refuses: ["\u0007"],
    },
    {
        id: "kinesis:CreateStream.ShardCount",
        accepts: [1, 2 ** 31 - 1],
        refuses: [0, 1.5, 2 ** 31, 1e21, "1", NaN],
    },
    {
        id: "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.CheckpointConfiguration.CheckpointInterval",
        accepts: [1, 60_000, Number.MAX_SAFE_INTEGER],
        refuses: [0, 2 ** 53, 1e21],
    },
    {
        id: "athena:CreateWorkGroup.Configuration.BytesScannedCutoffPerQuery",
        accepts: [10_000_000, 1024 ** 3],
        refuses: [9_999_999],
    },
    {
        id: "cloudwatch:PutMetricAlarm.Threshold",
        accepts: [0, -1.5, 60_000],
        refuses: [Infinity, NaN, "0"],
    },
    {
        id: "kinesisanalyticsv2:CreateApplication.RuntimeEnvironment",
        accepts: ["FLINK-1_20"],
        refuses: ["flink-1_20", "FLINK-1_21", ""],
    },
    {
        id: "kinesis:CreateStream.Tags",
        // A map counts the keys of a record.
        accepts: [{ team: "data" }, Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, "v"]))],
        refuses: [{}, Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, "v"])), "team=data"],
    },
    {
        id: "iam:CreateRole.Tags",
        // A list counts an array's items or a record's entries.
        accepts: [[], Array(50).fill({}), { a: "1" }],
        refuses: [Array(51).fill({}), Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))],
    },
];

describe("AWS limits from botocore's models (components/aws-limits.ts)", () => {
    it("compiles every model pattern as an anchored JavaScript RegExp", () => {
        const withPattern = AWS_LIMIT_IDS.map(awsLimit).filter((limit) => limit.pattern !== undefined);
        expect(withPattern.length).to.be.greaterThan(0);
        for (const limit of withPattern) {
            const regExp = limitRegExp(limit)!;
            expect(regExp.source, limit.id).to.match(/^\^\(\?:.*\)\$$/);
            expect(regExp.flags, limit.id).to.include("u");
        }
    });

    for (const { id, accepts, refuses } of KNOWN) {
        it(`${id}: accepts known-good values and refuses bad ones`, () => {
            const limit = awsLimit(id);
            for (const value of accepts) expect(limitProblem(value, limit), JSON.stringify(value)).to.equal(undefined);
            for (const value of refuses) expect(limitProblem(value, limit), String(value)).to.be.a("string");
        });
    }

    it("states the whole rule and names the model field and its source", () => {
        expect(limitProblem("a b", awsLimit("kinesis:CreateStream.StreamName"))).to.equal(
            `must match [a-zA-Z0-9_.-]+ and be 1 to 128 characters (Kinesis CreateStream StreamName, botocore ${BOTOCORE_VERSION} kinesis/2013-12-02)`,
        );
        expect(
            limitProblem(
                0,
                awsLimit(
                    "kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.ParallelismConfiguration.Parallelism",
                ),
            ),
        ).to.equal(
            `must be an integer from 1 to 2147483647 (Kinesis Analytics V2 CreateApplication ParallelismConfiguration.Parallelism, botocore ${BOTOCORE_VERSION} kinesisanalyticsv2/2018-05-23)`,
        );
        expect(limitProblem("DEBUG2", awsLimit("kinesisanalyticsv2:CreateApplication.ApplicationConfiguration.FlinkApplicationConfiguration.MonitoringConfiguration.LogLevel"))).to.match(
            /^must be one of INFO, WARN, ERROR, DEBUG \(Kinesis Analytics V2 CreateApplication MonitoringConfiguration\.LogLevel, /,
        );
        expect(limitProblem(Array(6).fill("arn"), awsLimit("cloudwatch:PutMetricAlarm.AlarmActions"))).to.match(
            /^must have at most 5 items \(CloudWatch PutMetricAlarm AlarmActions, /,
        );
        expect(limitProblem("", awsLimit("iam:CreateRole.Tags.member.Key"))).to.match(
            /^must match \[\\p\{L\}\\p\{Z\}\\p\{N\}_.:\/=\+\\-@\]\+ and be 1 to 128 characters \(IAM CreateRole Tag\.Key, /,
        );
    });

    it("counts string lengths in code points, as the models define them", () => {
        const name = awsLimit("glue:CreateTable.TableInput.Name");
        // 255 emoji are 510 UTF-16 units but 255 characters.
        expect(limitProblem("😀".repeat(255), name)).to.equal(undefined);
        expect(limitProblem("😀".repeat(256), name)).to.be.a("string");
    });

    it("refuses an id that is not in aws-limits.json", () => {
        expect(() => awsLimit("kinesis:CreateStream.Nope" as AwsLimitId)).to.throw(/unknown id "kinesis:CreateStream.Nope"/);
        expect(() => awsLimit("toString" as AwsLimitId)).to.throw(/unknown id/);
    });
});
