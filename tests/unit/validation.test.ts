import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    PipelineArgsError,
    StreamingAnalyticsPipeline,
    StreamingAnalyticsPipelineArgs,
    findArgProblems,
    tickerJob,
} from "../../components/index.js";
import { CODE_ZIP, tickerArgs } from "./support/deploy.js";
import { makeCodeFolder, tempDir, zipBytes } from "./support/fixtures.js";
import { COMMERCIAL, runWithMocks } from "./support/mocks.js";
import { argsError, expectProblem } from "./support/problems.js";

/**
 * One case per rule of the component's own args: each fails the constructor with a
 * message naming the field the user set, the value and the rule. The job
 * descriptor's rules are in job-validation.test.ts; Inputs checked when they resolve
 * in deferred-validation.test.ts.
 */

const dir = tempDir();
const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

type Case = {
    rule: string;
    args: Partial<StreamingAnalyticsPipelineArgs>;
    /** The component name, when the case is about it. @default "p" */
    name?: string;
    field: string;
    value: unknown;
    message: RegExp;
};

const cases: Case[] = [
    { rule: "stream.shardCount < 1", args: { stream: { shardCount: 0 } }, field: "stream.shardCount", value: 0, message: /must be an integer from 1 to 2147483647 \(Kinesis CreateStream ShardCount, botocore [0-9.]+ kinesis\/2013-12-02\)/ },
    { rule: "stream.shardCount not an integer", args: { stream: { shardCount: 1.5 } }, field: "stream.shardCount", value: 1.5, message: /must be an integer from 1 to 2147483647/ },
    { rule: "stream.shardCount that prints as 1e+21", args: { stream: { shardCount: 1e21 } }, field: "stream.shardCount", value: 1e21, message: /must be an integer from 1 to 2147483647/ },
    { rule: "stream.retentionHours below 24", args: { stream: { retentionHours: 23 } }, field: "stream.retentionHours", value: 23, message: /from 24 to 8760 \(Kinesis retention: 24 hours to 365 days\)/ },
    { rule: "stream.retentionHours above 8760", args: { stream: { retentionHours: 8761 } }, field: "stream.retentionHours", value: 8761, message: /from 24 to 8760/ },
    { rule: "stream.name with a character outside [a-zA-Z0-9_.-]", args: { stream: { name: "ticks/raw" } }, field: "stream.name", value: "ticks/raw", message: /must match \[a-zA-Z0-9_.-\]\+ and be 1 to 128 characters \(Kinesis CreateStream StreamName/ },
    { rule: "stream.name longer than 128", args: { stream: { name: "s".repeat(129) } }, field: "stream.name", value: "s".repeat(129), message: /be 1 to 128 characters/ },
    { rule: "stream.mode unknown", args: { stream: { mode: "SERVERLESS" as never } }, field: "stream.mode", value: "SERVERLESS", message: /one of PROVISIONED, ON_DEMAND \(Kinesis CreateStream StreamModeDetails.StreamMode/ },
    { rule: "stream.kmsKeyArn that is an alias", args: { stream: { kmsKeyArn: "alias/my-key" } }, field: "stream.kmsKeyArn", value: "alias/my-key", message: /KMS key ARN.*aliases cannot be scoped/ },
    {
        rule: "stream.existingArn that is not a stream ARN",
        args: { stream: { existingArn: "arn:aws:kinesis:us-east-1:123456789012:ticks" } },
        field: "stream.existingArn",
        value: "arn:aws:kinesis:us-east-1:123456789012:ticks",
        message: /a Kinesis stream ARN/,
    },
    {
        rule: "a stream setting with stream.existingArn",
        args: { stream: { existingArn: "arn:aws:kinesis:us-east-1:123456789012:stream/ticks", shardCount: 4 } },
        field: "stream.shardCount",
        value: 4,
        message: /cannot be set with stream.existingArn/,
    },
    { rule: "bucket.name with upper case", args: { bucket: { name: "My-Bucket" } }, field: "bucket.name", value: "My-Bucket", message: /lowercase letters, digits, dots and hyphens/ },
    { rule: "bucket.name too short", args: { bucket: { name: "ab" } }, field: "bucket.name", value: "ab", message: /3 to 63 characters/ },
    { rule: "bucket.name ending in a hyphen", args: { bucket: { name: "results-" } }, field: "bucket.name", value: "results-", message: /begin and end with a letter or digit/ },
    { rule: "bucket.name with adjacent dots", args: { bucket: { name: "a..b" } }, field: "bucket.name", value: "a..b", message: /two adjacent dots/ },
    { rule: "bucket.name formatted as an IP address", args: { bucket: { name: "192.168.5.4" } }, field: "bucket.name", value: "192.168.5.4", message: /IP address/ },
    { rule: "bucket.name with a reserved prefix", args: { bucket: { name: "xn--results" } }, field: "bucket.name", value: "xn--results", message: /must not start with "xn--"/ },
    { rule: "bucket.name with a reserved suffix", args: { bucket: { name: "results-s3alias" } }, field: "bucket.name", value: "results-s3alias", message: /must not end with "-s3alias"/ },
    { rule: "bucket.existingName that breaks S3 naming", args: { bucket: { existingName: "Data_Lake" } }, field: "bucket.existingName", value: "Data_Lake", message: /S3 bucket naming rules/ },
    {
        rule: "a bucket setting with bucket.existingName",
        args: { bucket: { existingName: "data-lake", forceDestroy: true } },
        field: "bucket.forceDestroy",
        value: true,
        message: /cannot be set with bucket.existingName/,
    },
    { rule: "bucket.codePrefix without trailing slash", args: { bucket: { codePrefix: "code" } }, field: "bucket.codePrefix", value: "code", message: /ending in '\/'/ },
    { rule: "bucket.athenaResultsPrefix that is absolute", args: { bucket: { athenaResultsPrefix: "/results/" } }, field: "bucket.athenaResultsPrefix", value: "/results/", message: /relative S3 prefix/ },
    { rule: "bucket lifecycle days < 1", args: { bucket: { noncurrentVersionExpirationDays: 0 } }, field: "bucket.noncurrentVersionExpirationDays", value: 0, message: /must be an integer >= 1/ },
    { rule: "application.parallelism < 1", args: { application: { parallelism: 0 } }, field: "application.parallelism", value: 0, message: /must be an integer from 1 to 2147483647 \(Kinesis Analytics V2 CreateApplication ParallelismConfiguration.Parallelism/ },
    { rule: "application.parallelismPerKpu < 1", args: { application: { parallelismPerKpu: 0 } }, field: "application.parallelismPerKpu", value: 0, message: /ParallelismConfiguration.ParallelismPerKPU/ },
    { rule: "application.runtime unknown", args: { application: { runtime: "FLINK-1_6" } }, field: "application.runtime", value: "FLINK-1_6", message: /one of FLINK-1_19, FLINK-1_20/ },
    { rule: "application.name with a space", args: { application: { name: "ticker app" } }, field: "application.name", value: "ticker app", message: /CreateApplication ApplicationName/ },
    {
        rule: "application.initialPosition AT_TIMESTAMP without a timestamp",
        args: { application: { initialPosition: "AT_TIMESTAMP" } },
        field: "application.initialTimestamp",
        value: undefined,
        message: /required when application.initialPosition is AT_TIMESTAMP/,
    },
    {
        rule: "application.initialTimestamp that does not parse",
        args: { application: { initialPosition: "AT_TIMESTAMP", initialTimestamp: "yesterday noon" } },
        field: "application.initialTimestamp",
        value: "yesterday noon",
        message: /must be an ISO-8601 date and time/,
    },
    {
        rule: "application.initialTimestamp on a day that does not exist",
        args: { application: { initialPosition: "AT_TIMESTAMP", initialTimestamp: "2026-02-30T12:00:00Z" } },
        field: "application.initialTimestamp",
        value: "2026-02-30T12:00:00Z",
        message: /on a real calendar day/,
    },
    { rule: "application.readerType unknown", args: { application: { readerType: "KCL" as never } }, field: "application.readerType", value: "KCL", message: /one of POLLING, EFO/ },
    {
        rule: "application.efoConsumerName invalid with EFO",
        args: { application: { readerType: "EFO", efoConsumerName: "a b" } },
        field: "application.efoConsumerName",
        value: "a b",
        message: /Kinesis RegisterStreamConsumer ConsumerName/,
    },
    { rule: "application.logRetentionDays not accepted by CloudWatch", args: { application: { logRetentionDays: 31 } }, field: "application.logRetentionDays", value: 31, message: /one of 1, 3, 5, 7, 14, 30/ },
    { rule: "application.logLevel unknown", args: { application: { logLevel: "TRACE" as never } }, field: "application.logLevel", value: "TRACE", message: /must be one of INFO, WARN, ERROR, DEBUG \(Kinesis Analytics V2 CreateApplication MonitoringConfiguration.LogLevel/ },
    { rule: "a runtime the service has but the bundled connector cannot run on", args: { application: { runtime: "FLINK-1_18" } }, field: "application.runtime", value: "FLINK-1_18", message: /one of FLINK-1_19, FLINK-1_20$/ },
    {
        rule: "application.checkpointIntervalSeconds past what the API's milliseconds can hold",
        args: { application: { checkpointIntervalSeconds: 9007199254741 } },
        field: "application.checkpointIntervalSeconds",
        value: 9007199254741,
        message: /times 1000 \(the API takes milliseconds\) must be an integer from 1 to 9007199254740991 \(Kinesis Analytics V2 CreateApplication CheckpointConfiguration.CheckpointInterval/,
    },
    { rule: "application.checkpointIntervalSeconds < 1", args: { application: { checkpointIntervalSeconds: 0 } }, field: "application.checkpointIntervalSeconds", value: 0, message: /must be an integer >= 1/ },
    { rule: "application.startApplication not a boolean", args: { application: { startApplication: "yes" as never } }, field: "application.startApplication", value: "yes", message: /must be true or false/ },
    { rule: "catalog.mode unknown", args: { catalog: { mode: "glue-magic" } }, field: "catalog.mode", value: "glue-magic", message: /one of projection, crawler/ },
    { rule: "catalog.databaseName with a hyphen", args: { catalog: { databaseName: "stream-results" } }, field: "catalog.databaseName", value: "stream-results", message: /\[a-z0-9_\]\{1,255\} \(names Athena can query\)/ },
    { rule: "catalog.databaseName over Glue's 255 characters", args: { catalog: { databaseName: "d".repeat(256) } }, field: "catalog.databaseName", value: "d".repeat(256), message: /be 1 to 255 characters \(Glue CreateDatabase DatabaseInput.Name/ },
    { rule: "catalog.crawlerSchedule not a cron expression", args: { catalog: { crawlerSchedule: "every 15 minutes" } }, field: "catalog.crawlerSchedule", value: "every 15 minutes", message: /Glue cron expression/ },
    {
        rule: "a crawler name over Glue's 255 characters, derived from the database and table names",
        args: { catalog: { mode: "crawler", databaseName: "d".repeat(250) } },
        field: "catalog.databaseName",
        value: "d".repeat(250),
        message: /makes the crawler name \(<database>-<partitioned tables>-crawler\) 274 characters long, which must match .* and be 1 to 255 characters \(Glue CreateCrawler Name/,
    },
    { rule: "athena.workgroupName with a space", args: { athena: { workgroupName: "my queries" } }, field: "athena.workgroupName", value: "my queries", message: /must match \[a-zA-Z0-9._-\]\{1,128\} \(Athena CreateWorkGroup Name/ },
    { rule: "athena.bytesScannedCutoffPerQuery below 10 MB", args: { athena: { bytesScannedCutoffPerQuery: 1000 } }, field: "athena.bytesScannedCutoffPerQuery", value: 1000, message: /must be an integer from 10000000 to 9007199254740991 \(Athena CreateWorkGroup WorkGroupConfiguration.BytesScannedCutoffPerQuery/ },
    { rule: "monitoring.alarmEmail not an address", args: { monitoring: { alarmEmail: "ops" } }, field: "monitoring.alarmEmail", value: "ops", message: /must match an email address/ },
    { rule: "monitoring.alarmTopicArn not a topic ARN", args: { monitoring: { alarmTopicArn: "oncall" } }, field: "monitoring.alarmTopicArn", value: "oncall", message: /an SNS topic ARN/ },
    {
        rule: "monitoring.alarmEmail together with alarmTopicArn",
        args: { monitoring: { alarmEmail: "ops@example.com", alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:oncall" } },
        field: "monitoring.alarmEmail",
        value: "[set]",
        message: /cannot be set with monitoring.alarmTopicArn/,
    },
    { rule: "monitoring threshold negative", args: { monitoring: { millisBehindLatestThresholdMs: -1 } }, field: "monitoring.millisBehindLatestThresholdMs", value: -1, message: /must be a number >= 0/ },
    { rule: "monitoring threshold that prints as 1e+21", args: { monitoring: { downtimeThresholdMs: 1e21 } }, field: "monitoring.downtimeThresholdMs", value: 1e21, message: /without an exponent/ },
    { rule: "monitoring.periodSeconds not a CloudWatch period", args: { monitoring: { periodSeconds: 45 } }, field: "monitoring.periodSeconds", value: 45, message: /10, 20, 30 or a positive multiple of 60/ },
    {
        rule: "an alarm window over CloudWatch's one day for periods under an hour",
        args: { monitoring: { periodSeconds: 60, evaluationPeriods: 1441 } },
        field: "monitoring.evaluationPeriods",
        value: 1441,
        message: /times monitoring.periodSeconds \(60\) must be at most 86400 seconds/,
    },
    {
        rule: "an alarm window over CloudWatch's seven days",
        args: { monitoring: { periodSeconds: 3600, evaluationPeriods: 169 } },
        field: "monitoring.evaluationPeriods",
        value: 169,
        message: /at most 604800 seconds/,
    },
    { rule: "more than 50 tags", args: { tags: tags(51) }, field: "tags", value: "51 tags", message: /must have 1 to 50 entries \(CloudWatch Logs CreateLogGroup tags/ },
    {
        rule: "more than 10 tags while the component uploads the code object",
        args: { tags: tags(11) },
        field: "tags",
        value: "11 tags",
        message: /must have at most 10 entries while the component uploads tickerJob.code: .*S3 allows 10 tags per object \(https:\/\/docs.aws.amazon.com\/AmazonS3\/latest\/userguide\/object-tagging.html\)/,
    },
    { rule: "a tag key that starts with aws:", args: { tags: { "aws:owner": "me" } }, field: 'tags["aws:owner"]', value: "aws:owner", message: /must not start with aws:/ },
    { rule: "a tag key that starts with AWS: in another case", args: { tags: { "AWS:owner": "me" } }, field: 'tags["AWS:owner"]', value: "AWS:owner", message: /must not start with aws:/ },
    { rule: "a tag value over 256 characters", args: { tags: { team: "t".repeat(257) } }, field: 'tags["team"]', value: "t".repeat(257), message: /be 0 to 256 characters|at most 256 characters/ },
    { rule: "a tag value with a character AWS refuses", args: { tags: { team: "data;ops" } }, field: 'tags["team"]', value: "data;ops", message: /must match .* and be at most 256 characters \(CloudWatch Logs CreateLogGroup Tags.value/ },
    {
        rule: "a component name whose autonamed bucket starts with a hyphen",
        name: "-pipe",
        args: {},
        field: "name",
        value: "-pipe",
        message: /autonamed bucket "-pipe-bucket-<random>", which must begin and end with a letter or digit/,
    },
    { rule: "a component name whose autonamed bucket starts with xn--", name: "xn--pipe", args: {}, field: "name", value: "xn--pipe", message: /autonamed bucket .*must not start with "xn--"/ },
    { rule: "a component name with an underscore", name: "my_pipe", args: {}, field: "name", value: "my_pipe", message: /the component name must match \[a-zA-Z0-9-\]\{1,40\}/ },
    { rule: "a component name over 40 characters", name: "p".repeat(41), args: {}, field: "name", value: "p".repeat(41), message: /\[a-zA-Z0-9-\]\{1,40\}/ },
];

describe("validation of the component's args", () => {
    it("accepts the ticker job with every default, as a zip or a folder", () => {
        expect(findArgProblems("p", tickerArgs())).to.deep.equal([]);
        expect(findArgProblems("p", { job: tickerJob({ code: makeCodeFolder(dir) }) })).to.deep.equal([]);
        expect(findArgProblems("Pipe-2", tickerArgs())).to.deep.equal([]);
        // A name is fine once the bucket does not derive from it.
        expect(findArgProblems("xn--pipe", tickerArgs({ bucket: { name: "pipe-data" } }))).to.deep.equal([]);
    });

    it("accepts more shards than subtasks: the job keeps a watermark per shard, so no rule ties parallelism to the shard count", () => {
        expect(findArgProblems("p", tickerArgs({ stream: { shardCount: 16 }, application: { parallelism: 1, autoScalingEnabled: false } }))).to.deep.equal([]);
        expect(findArgProblems("p", tickerArgs({ stream: { mode: "ON_DEMAND" }, application: { parallelism: 1 } }))).to.deep.equal([]);
        expect(findArgProblems("p", tickerArgs({ stream: { shardCount: 3 }, application: { parallelism: 8 } }))).to.deep.equal([]);
    });

    it("accepts no tags at all: the tag lists' minimum of 1 applies only to a list that is sent", () => {
        expect(findArgProblems("p", tickerArgs({ tags: {} }))).to.deep.equal([]);
        expect(findArgProblems("p", tickerArgs({ tags: undefined }))).to.deep.equal([]);
    });

    it("accepts 10 tags with an uploaded code object, and 50 with an existing one (nothing is uploaded, so no object is tagged)", () => {
        expect(findArgProblems("p", tickerArgs({ tags: tags(10) }))).to.deep.equal([]);
        const existingCode = tickerJob({ code: { bucket: "code-bucket", key: "jobs/flink-app.zip", version: "v1" } });
        expect(findArgProblems("p", { job: existingCode, tags: tags(50) })).to.deep.equal([]);
    });

    for (const c of cases) {
        it(`rejects ${c.rule}`, () => {
            const err = argsError(() => new StreamingAnalyticsPipeline(c.name ?? "p", tickerArgs(c.args)));
            expectProblem(err, c.field, c.value, c.message);
            expect(err.message).to.contain(`StreamingAnalyticsPipeline "${c.name ?? "p"}"`);
        });
    }

    describe("the job's code", () => {
        const code = (c: string) => () => new StreamingAnalyticsPipeline("p", { job: tickerJob({ code: c }) });

        it("rejects a path that does not exist, pointing at the build", () => {
            const missing = path.join(dir, "nope.zip");
            expectProblem(argsError(code(missing)), "tickerJob.code", missing, /does not exist .*run `npm run build:flink`/);
        });

        it("rejects an empty path", () => {
            expectProblem(argsError(code("")), "tickerJob.code", "", /is required.*npm run build:flink/);
        });

        it("rejects a file that is neither a zip nor a folder", () => {
            expectProblem(argsError(code(__filename)), "tickerJob.code", __filename, /must be a \.zip file or a folder/);
        });

        it("rejects a .zip that is not a zip", () => {
            const fake = path.join(tempDir(), "flink-app.zip");
            fs.writeFileSync(fake, "not a zip at all");
            expectProblem(argsError(code(fake)), "tickerJob.code", fake, /is not a valid zip file/);
        });

        it("rejects a zip without the job's entry point", () => {
            const zip = path.join(tempDir(), "flink-app.zip");
            fs.writeFileSync(zip, zipBytes({ "lib/pyflink-dependencies.jar": "jar", "job.py": "" }));
            expectProblem(argsError(code(zip)), "tickerJob.code", zip, /must contain main\.py \(the job's entry point and jar/);
        });

        it("rejects a folder without the jar the run options name", () => {
            const folder = makeCodeFolder(tempDir());
            fs.rmSync(path.join(folder, "lib"), { recursive: true });
            expectProblem(argsError(code(folder)), "tickerJob.code", folder, /must contain lib\/pyflink-dependencies\.jar/);
        });

        it("names the descriptor's own field for a job that is not the ticker job", () => {
            const job = { ...tickerJob({ code: CODE_ZIP }), code: "" };
            expectProblem(argsError(() => new StreamingAnalyticsPipeline("p", { job })), "job.code", "", /is required/);
        });
    });

    it("reports every problem at once", () => {
        const problems = findArgProblems("p", tickerArgs({ stream: { shardCount: 0, retentionHours: 1 }, catalog: { mode: "x" } }));
        expect(problems.map((p) => p.field)).to.deep.equal(["stream.shardCount", "stream.retentionHours", "catalog.mode"]);
    });

    it("throws before any resource, the component included, is registered", async () => {
        const { mocks, result } = await runWithMocks(COMMERCIAL, () => {
            try {
                new StreamingAnalyticsPipeline("p", tickerArgs({ stream: { shardCount: 0 } }));
                return undefined;
            } catch (e) {
                return e;
            }
        });
        expect(result).to.be.instanceOf(PipelineArgsError);
        expect(mocks.resources).to.deep.equal([]);
        expect(mocks.invokes).to.deep.equal([]);
    });
});
