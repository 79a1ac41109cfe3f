import { expect } from "chai";
import * as path from "node:path";
import {
    PipelineArgsError,
    StreamingAnalyticsPipeline,
    StreamingAnalyticsPipelineArgs,
    findArgProblems,
    resolveArgs,
} from "../../components/index.js";
import { makeCodeFolder, makeCodeZip, tempDir } from "./support/fixtures.js";
import { COMMERCIAL, runWithMocks } from "./support/mocks.js";

const dir = tempDir();
const code = makeCodeZip(dir);

type Case = {
    rule: string;
    args: (base: StreamingAnalyticsPipelineArgs) => StreamingAnalyticsPipelineArgs;
    field: string;
    value: unknown;
    message: RegExp;
};

const cases: Case[] = [
    {
        rule: "stream.shardCount < 1",
        args: (b) => ({ ...b, stream: { shardCount: 0 } }),
        field: "stream.shardCount",
        value: 0,
        message: /must be an integer >= 1/,
    },
    {
        rule: "stream.shardCount not an integer",
        args: (b) => ({ ...b, stream: { shardCount: 1.5 } }),
        field: "stream.shardCount",
        value: 1.5,
        message: /must be an integer >= 1/,
    },
    {
        rule: "stream.retentionHours below 24",
        args: (b) => ({ ...b, stream: { retentionHours: 23 } }),
        field: "stream.retentionHours",
        value: 23,
        message: /from 24 to 8760/,
    },
    {
        rule: "stream.retentionHours above 8760",
        args: (b) => ({ ...b, stream: { retentionHours: 8761 } }),
        field: "stream.retentionHours",
        value: 8761,
        message: /from 24 to 8760/,
    },
    {
        rule: "stream.name with a character outside [a-zA-Z0-9_.-]",
        args: (b) => ({ ...b, stream: { name: "ticks/raw" } }),
        field: "stream.name",
        value: "ticks/raw",
        message: /\[a-zA-Z0-9_\.-\]\{1,128\}/,
    },
    {
        rule: "stream.name longer than 128",
        args: (b) => ({ ...b, stream: { name: "s".repeat(129) } }),
        field: "stream.name",
        value: "s".repeat(129),
        message: /\{1,128\}/,
    },
    {
        rule: "stream.mode unknown",
        args: (b) => ({ ...b, stream: { mode: "SERVERLESS" as never } }),
        field: "stream.mode",
        value: "SERVERLESS",
        message: /one of PROVISIONED, ON_DEMAND/,
    },
    {
        rule: "stream.kmsKeyArn that is an alias",
        args: (b) => ({ ...b, stream: { kmsKeyArn: "alias/my-key" } }),
        field: "stream.kmsKeyArn",
        value: "alias/my-key",
        message: /KMS key ARN/,
    },
    {
        rule: "bucket.name with upper case",
        args: (b) => ({ ...b, bucket: { name: "My-Bucket" } }),
        field: "bucket.name",
        value: "My-Bucket",
        message: /lowercase letters, digits, dots and hyphens/,
    },
    {
        rule: "bucket.name too short",
        args: (b) => ({ ...b, bucket: { name: "ab" } }),
        field: "bucket.name",
        value: "ab",
        message: /3 to 63 characters/,
    },
    {
        rule: "bucket.name ending in a hyphen",
        args: (b) => ({ ...b, bucket: { name: "results-" } }),
        field: "bucket.name",
        value: "results-",
        message: /begin and end with a letter or digit/,
    },
    {
        rule: "bucket.name with adjacent dots",
        args: (b) => ({ ...b, bucket: { name: "a..b" } }),
        field: "bucket.name",
        value: "a..b",
        message: /two adjacent dots/,
    },
    {
        rule: "bucket.name formatted as an IP address",
        args: (b) => ({ ...b, bucket: { name: "192.168.5.4" } }),
        field: "bucket.name",
        value: "192.168.5.4",
        message: /IP address/,
    },
    {
        rule: "bucket.name with a reserved prefix",
        args: (b) => ({ ...b, bucket: { name: "xn--results" } }),
        field: "bucket.name",
        value: "xn--results",
        message: /must not start with "xn--"/,
    },
    {
        rule: "bucket.name with a reserved suffix",
        args: (b) => ({ ...b, bucket: { name: "results-s3alias" } }),
        field: "bucket.name",
        value: "results-s3alias",
        message: /must not end with "-s3alias"/,
    },
    {
        rule: "bucket prefix without trailing slash",
        args: (b) => ({ ...b, bucket: { outputPrefix: "output" } }),
        field: "bucket.outputPrefix",
        value: "output",
        message: /ending in '\/'/,
    },
    {
        rule: "bucket.outputPrefix that Athena would skip",
        args: (b) => ({ ...b, bucket: { outputPrefix: "_output/" } }),
        field: "bucket.outputPrefix",
        value: "_output/",
        message: /Athena skips such folders/,
    },
    {
        rule: "bucket.rejectedPrefix that Athena would skip (the rejected table's location)",
        args: (b) => ({ ...b, bucket: { rejectedPrefix: "_rejected/" } }),
        field: "bucket.rejectedPrefix",
        value: "_rejected/",
        message: /Athena skips such folders/,
    },
    {
        rule: "bucket.rejectedPrefix inside the output prefix",
        args: (b) => ({ ...b, bucket: { outputPrefix: "output/", rejectedPrefix: "output/rejected/" } }),
        field: "bucket.rejectedPrefix",
        value: "output/rejected/",
        message: /must not overlap bucket.outputPrefix/,
    },
    {
        rule: "overlapping bucket prefixes",
        args: (b) => ({ ...b, bucket: { codePrefix: "data/", outputPrefix: "data/output/" } }),
        field: "bucket.outputPrefix",
        value: "data/output/",
        message: /must not overlap bucket.codePrefix/,
    },
    {
        rule: "application.parallelism < 1",
        args: (b) => ({ ...b, application: { ...b.application, parallelism: 0 } }),
        field: "application.parallelism",
        value: 0,
        message: /must be an integer >= 1/,
    },
    {
        rule: "application.parallelismPerKpu < 1",
        args: (b) => ({ ...b, application: { ...b.application, parallelismPerKpu: 0 } }),
        field: "application.parallelismPerKpu",
        value: 0,
        message: /must be an integer >= 1/,
    },
    {
        rule: "application.windowSeconds = 0",
        args: (b) => ({ ...b, application: { ...b.application, windowSeconds: 0 } }),
        field: "application.windowSeconds",
        value: 0,
        message: /must be an integer > 0/,
    },
    {
        rule: "application.windowSeconds < 0",
        args: (b) => ({ ...b, application: { ...b.application, windowSeconds: -60 } }),
        field: "application.windowSeconds",
        value: -60,
        message: /must be an integer > 0/,
    },
    {
        rule: "application.runtime unknown",
        args: (b) => ({ ...b, application: { ...b.application, runtime: "FLINK-1_6" } }),
        field: "application.runtime",
        value: "FLINK-1_6",
        message: /one of FLINK-1_19, FLINK-1_20/,
    },
    {
        rule: "application.code missing",
        args: (b) => ({ ...b, application: { ...b.application, code: path.join(dir, "nope.zip") } }),
        field: "application.code",
        value: path.join(dir, "nope.zip"),
        message: /does not exist .*run `npm run build:flink`/,
    },
    {
        rule: "application.code empty",
        args: (b) => ({ ...b, application: { ...b.application, code: "" } }),
        field: "application.code",
        value: "",
        message: /is required.*npm run build:flink/,
    },
    {
        rule: "application.code a file that is not a zip",
        args: (b) => ({ ...b, application: { ...b.application, code: __filename } }),
        field: "application.code",
        value: __filename,
        message: /must be a \.zip file or a folder/,
    },
    {
        rule: "application.initialPosition AT_TIMESTAMP without a timestamp",
        args: (b) => ({ ...b, application: { ...b.application, initialPosition: "AT_TIMESTAMP" } }),
        field: "application.initialTimestamp",
        value: undefined,
        message: /required when application.initialPosition is AT_TIMESTAMP/,
    },
    {
        rule: "application.readerType unknown",
        args: (b) => ({ ...b, application: { ...b.application, readerType: "KCL" as never } }),
        field: "application.readerType",
        value: "KCL",
        message: /one of POLLING, EFO/,
    },
    {
        rule: "application.efoConsumerName invalid with EFO",
        args: (b) => ({ ...b, application: { ...b.application, readerType: "EFO", efoConsumerName: "a b" } }),
        field: "application.efoConsumerName",
        value: "a b",
        message: /\[a-zA-Z0-9_\.-\]\{1,128\}/,
    },
    {
        rule: "application.logRetentionDays not accepted by CloudWatch",
        args: (b) => ({ ...b, application: { ...b.application, logRetentionDays: 31 } }),
        field: "application.logRetentionDays",
        value: 31,
        message: /one of 1, 3, 5, 7, 14, 30/,
    },
    {
        rule: "application.checkpointIntervalSeconds < 1",
        args: (b) => ({ ...b, application: { ...b.application, checkpointIntervalSeconds: 0 } }),
        field: "application.checkpointIntervalSeconds",
        value: 0,
        message: /must be an integer >= 1/,
    },
    {
        rule: "catalog.mode unknown",
        args: (b) => ({ ...b, catalog: { mode: "glue-magic" } }),
        field: "catalog.mode",
        value: "glue-magic",
        message: /one of projection, crawler/,
    },
    {
        rule: "catalog.databaseName with a hyphen",
        args: (b) => ({ ...b, catalog: { databaseName: "stream-results" } }),
        field: "catalog.databaseName",
        value: "stream-results",
        message: /\[a-z0-9_\]\{1,255\}/,
    },
    {
        rule: "catalog.rejectedTableName with an upper-case letter",
        args: (b) => ({ ...b, catalog: { rejectedTableName: "Rejects" } }),
        field: "catalog.rejectedTableName",
        value: "Rejects",
        message: /must match \[a-z0-9_\]\{1,255\}/,
    },
    {
        rule: "catalog.rejectedTableName equal to the results table",
        args: (b) => ({ ...b, catalog: { tableName: "ticks", rejectedTableName: "ticks" } }),
        field: "catalog.rejectedTableName",
        value: "ticks",
        message: /must differ from catalog.tableName/,
    },
    {
        rule: "catalog.tickers with a comma inside a ticker",
        args: (b) => ({ ...b, catalog: { tickers: ["AAPL,MSFT"] } }),
        field: "catalog.tickers",
        value: ["AAPL,MSFT"],
        message: /non-empty list of tickers/,
    },
    {
        rule: "catalog.tickers empty",
        args: (b) => ({ ...b, catalog: { tickers: [] } }),
        field: "catalog.tickers",
        value: [],
        message: /non-empty list of tickers/,
    },
    {
        rule: "athena.ticker that would break the SQL literal",
        args: (b) => ({ ...b, athena: { ticker: "A'; DROP" } }),
        field: "athena.ticker",
        value: "A'; DROP",
        message: /\[A-Za-z0-9\._-\]\{1,32\}/,
    },
    {
        rule: "athena.bytesScannedCutoffPerQuery below 10 MB",
        args: (b) => ({ ...b, athena: { bytesScannedCutoffPerQuery: 1000 } }),
        field: "athena.bytesScannedCutoffPerQuery",
        value: 1000,
        message: /must be an integer >= 10485760/,
    },
    {
        rule: "monitoring.alarmEmail not an address",
        args: (b) => ({ ...b, monitoring: { alarmEmail: "ops" } }),
        field: "monitoring.alarmEmail",
        value: "ops",
        message: /must be an email address/,
    },
    {
        rule: "monitoring threshold negative",
        args: (b) => ({ ...b, monitoring: { millisBehindLatestThresholdMs: -1 } }),
        field: "monitoring.millisBehindLatestThresholdMs",
        value: -1,
        message: /must be a number >= 0/,
    },
    {
        rule: "monitoring.periodSeconds not a CloudWatch period",
        args: (b) => ({ ...b, monitoring: { periodSeconds: 45 } }),
        field: "monitoring.periodSeconds",
        value: 45,
        message: /10, 30 or a positive multiple of 60/,
    },
];

describe("validation", () => {
    const base: StreamingAnalyticsPipelineArgs = { application: { code } };

    it("accepts the defaults with only application.code set, as a zip or a folder", () => {
        expect(findArgProblems(resolveArgs("p", base))).to.deep.equal([]);
        const folder = makeCodeFolder(dir);
        expect(findArgProblems(resolveArgs("p", { application: { code: folder } }))).to.deep.equal([]);
    });

    for (const c of cases) {
        it(`rejects ${c.rule}, naming the field, the value and the rule`, () => {
            let error: unknown;
            try {
                new StreamingAnalyticsPipeline("p", c.args(base));
            } catch (e) {
                error = e;
            }
            expect(error, "constructor must throw").to.be.instanceOf(PipelineArgsError);
            const err = error as PipelineArgsError;
            const problem = err.problems.find((p) => p.field === c.field);
            expect(problem, `problem for ${c.field} in ${err.message}`).to.not.equal(undefined);
            expect(problem!.value).to.deep.equal(c.value);
            expect(problem!.rule).to.match(c.message);
            expect(err.message).to.contain(`${c.field} = ${JSON.stringify(c.value)}: `);
            expect(err.message).to.match(c.message);
            expect(err.message).to.contain('StreamingAnalyticsPipeline "p"');
        });
    }

    it("rejects a component name that cannot prefix autonamed AWS names", () => {
        for (const name of ["my_pipe", "pipe.v2", "p".repeat(41)]) {
            let error: unknown;
            try {
                new StreamingAnalyticsPipeline(name, base);
            } catch (e) {
                error = e;
            }
            expect(error, name).to.be.instanceOf(PipelineArgsError);
            expect((error as Error).message).to.contain(`name = ${JSON.stringify(name)}: the component name must match [a-zA-Z0-9-]{1,40}`);
        }
        expect(findArgProblems(resolveArgs("Pipe-2", base), "Pipe-2")).to.deep.equal([]);
    });

    it("reports every problem at once", () => {
        const problems = findArgProblems(
            resolveArgs("p", { ...base, stream: { shardCount: 0, retentionHours: 1 }, catalog: { mode: "x" } }),
        );
        expect(problems.map((p) => p.field)).to.deep.equal(["stream.shardCount", "stream.retentionHours", "catalog.mode"]);
    });

    it("throws before any resource, the component included, is registered", async () => {
        const { mocks, result } = await runWithMocks(COMMERCIAL, () => {
            try {
                new StreamingAnalyticsPipeline("p", { ...base, stream: { shardCount: 0 } });
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
