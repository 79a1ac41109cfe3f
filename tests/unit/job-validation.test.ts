import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { PipelineArgsError, StreamingAnalyticsPipeline, findArgProblems, jobPropertyGroups, tickerJob, type PipelineJob } from "../../components/index.js";
import { CODE_ZIP } from "./support/deploy.js";
import { tempDir, zipBytes } from "./support/fixtures.js";
import { argsError, expectProblem } from "./support/problems.js";
import { sensorJob } from "./support/sensor-job.js";

/**
 * The job descriptor's rules (docs/job-descriptor.md § Validation), one test each,
 * on a job of another shape than the ticker job, and the ticker job's own options.
 * Each breaks one field of a valid descriptor and expects exactly that field named.
 */

const sensorZip = path.join(tempDir("sap-sensor-"), "sensor-averages.zip");
fs.writeFileSync(sensorZip, zipBytes({ "job.py": "print('sensors')\n", "lib/pyflink-dependencies.jar": "jar" }));

/** The sensor job, changed by `edit` (a deep copy, so cases do not leak into each other). */
function job(edit: (j: PipelineJob) => void = () => {}): PipelineJob {
    const j = structuredClone(sensorJob(sensorZip));
    edit(j);
    return j;
}

function rejects(j: PipelineJob, field: string, value: unknown, rule: RegExp, args: object = {}) {
    const err = argsError(() => new StreamingAnalyticsPipeline("p", { job: j, ...args }));
    expectProblem(err, field, value, rule);
}

describe("validation of a job descriptor", () => {
    it("accepts a valid descriptor of another shape than the ticker job", () => {
        expect(findArgProblems("p", { job: job() })).to.deep.equal([]);
    });

    it("accepts an empty extra property group: it adds no key, so no group is sent, and PropertyMap's minimum of 1 does not apply", () => {
        const empty = job((j) => (j.propertyGroups = { ...j.propertyGroups, Extra0: {} }));
        expect(findArgProblems("p", { job: empty })).to.deep.equal([]);
        const groups = jobPropertyGroups(empty, { streamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/s", region: "us-east-1" }, Object.fromEntries(empty.tables.map((t) => [t.id, "s3a://b/p/"])));
        expect(groups.map((g) => g.propertyGroupId)).to.not.include("Extra0");
    });

    describe("identifiers, names and types", () => {
        it("the job's name", () => rejects(job((j) => (j.name = "Sensor Averages")), "job.name", "Sensor Averages", /\[a-z0-9-\]\{1,40\}/));
        it("a table id", () => rejects(job((j) => (j.tables[0].id = "Readings")), "job.tables[0].id", "Readings", /\[a-z\]\[a-z0-9_\]\{0,63\}/));
        it("a column comment over Glue's 255 characters", () =>
            rejects(job((j) => (j.tables[0].columns[1].comment = "c".repeat(256))), "job.tables[0].columns[1].comment", "c".repeat(256), /\(Glue CreateTable Column.Comment/));
        it("a Glue table name", () => rejects(job((j) => (j.tables[1].name = "device-hourly")), "job.tables[1].name", "device-hourly", /\[a-z0-9_\]\{1,255\}/));
        it("a column name", () => rejects(job((j) => (j.tables[0].columns[2].name = "avgTemp")), "job.tables[0].columns[2].name", "avgTemp", /\[a-z_\]\[a-z0-9_\]\{0,254\}/));
        it("a Glue type name", () => rejects(job((j) => (j.tables[0].columns[1].type = "datetime")), "job.tables[0].columns[1].type", "datetime", /unknown Glue type "datetime"/));
        it("a malformed complex type", () =>
            rejects(job((j) => (j.tables[0].columns[3].type = "array<struct<at:timestamp,value:double>")), "job.tables[0].columns[3].type", "array<struct<at:timestamp,value:double>", /expected ">"/));
        it("a partition key of a complex type", () =>
            rejects(job((j) => (j.tables[0].partitionKeys![1].type = "array<string>")), "job.tables[0].partitionKeys[1].type", "array<string>", /must be a primitive Glue type/));
        it("a row format", () => rejects(job((j) => (j.tables[2].format = "csv" as never)), "job.tables[2].format", "csv", /one of json, parquet/));
        it("an entry point outside the code", () => rejects(job((j) => (j.entryPoint = "../job.py")), "job.entryPoint", "../job.py", /relative path inside the code/));
        it("a named query id", () => rejects(job((j) => (j.namedQueries![1].id = "Rejects!")), "job.namedQueries[1].id", "Rejects!", /\[a-z\]\[a-z0-9_\]\{0,63\}/));
        it("a job with no table", () => rejects(job((j) => (j.tables = [])), "job.tables", [], /at least one table/));
        it("a table with no column", () => rejects(job((j) => (j.tables[2].columns = [])), "job.tables[2].columns", [], /at least one column/));
    });

    describe("duplicates", () => {
        it("a table id twice", () => rejects(job((j) => (j.tables[1].id = "readings")), "job.tables[1].id", "readings", /unique among the job's table ids/));
        it("a table name twice", () => rejects(job((j) => (j.tables[2].name = "device_averages")), "job.tables[2].name", "device_averages", /unique among the job's table names/));
        it("a column name twice across columns and partition keys", () =>
            rejects(job((j) => (j.tables[0].partitionKeys![0].name = "device_id")), "job.tables[0].partitionKeys[0].name", "device_id", /unique across the table's columns and partition keys/));
        it("a named query id twice", () => rejects(job((j) => (j.namedQueries![1].id = "latest_per_device")), "job.namedQueries[1].id", "latest_per_device", /unique among the job's named query ids/));
    });

    describe("partition projections", () => {
        const key = (t: number, k: number) => `job.tables[${t}].partitionKeys[${k}].projection`;
        it("an integer range with min > max", () =>
            rejects(job((j) => ((j.tables[1].partitionKeys![0].projection as { range: number[] }).range = [23, 0])), `${key(1, 0)}.range`, [23, 0], /min <= max/));
        it("a date format Athena cannot read as folders", () =>
            rejects(job((j) => ((j.tables[0].partitionKeys![0].projection as { format: string }).format = "dd.MM.yy")), `${key(0, 0)}.format`, "dd.MM.yy", /date format of yyyy, MM, dd/));
        it("a date range whose first date is after the last", () =>
            rejects(job((j) => ((j.tables[0].partitionKeys![0].projection as { range: string[] }).range = ["2026-12-01", "2026-01-01"])), `${key(0, 0)}.range`, ["2026-12-01", "2026-01-01"], /first <= last/));
        it("a date range value in another format", () =>
            rejects(job((j) => ((j.tables[0].partitionKeys![0].projection as { range: string[] }).range = ["01/01/2026", "NOW"])), `${key(0, 0)}.range`, ["01/01/2026", "NOW"], /dates in yyyy-MM-dd or NOW/));
        it("an unknown date unit", () =>
            rejects(job((j) => ((j.tables[0].partitionKeys![0].projection as { unit: string }).unit = "FORTNIGHTS")), `${key(0, 0)}.unit`, "FORTNIGHTS", /one of YEARS, MONTHS, WEEKS, DAYS/));
        it("an enum value that would break the comma-separated list", () =>
            rejects(job((j) => ((j.tables[0].partitionKeys![1].projection as { values: string[] }).values = ["eu", "us,ap"])), `${key(0, 1)}.values[1]`, "us,ap", /\[A-Za-z0-9\._-\]\{1,128\}/));
        it("an enum value twice", () =>
            rejects(job((j) => ((j.tables[0].partitionKeys![1].projection as { values: string[] }).values = ["eu", "us", "eu"])), `${key(0, 1)}.values[2]`, "eu", /unique among the job's values of this projection/));
        it("an unknown projection type", () =>
            rejects(job((j) => (j.tables[0].partitionKeys![1].projection = { type: "list" } as never)), key(0, 1), { type: "list" }, /enum, integer, date or injected/));
    });

    describe("prefixes", () => {
        it("a prefix without a trailing slash", () => rejects(job((j) => (j.tables[0].prefix = "sensors/averages")), "job.tables[0].prefix", "sensors/averages", /ending in '\/'/));
        it("a prefix that Athena would skip", () => rejects(job((j) => (j.tables[2].prefix = "sensors/_rejected/")), "job.tables[2].prefix", "sensors/_rejected/", /Athena skips such folders/));
        it("a prefix inside another table's", () =>
            rejects(job((j) => (j.tables[1].prefix = "sensors/averages/hourly/")), "job.tables[1].prefix", "sensors/averages/hourly/", /must not overlap job.tables\[0\].prefix/));
        it("a prefix overlapping the code prefix", () =>
            rejects(job((j) => (j.tables[2].prefix = "code/rejected/")), "job.tables[2].prefix", "code/rejected/", /must not overlap bucket.codePrefix \("code\/"\)/));
        it("a prefix overlapping the Athena results prefix", () =>
            rejects(job(), "job.tables[0].prefix", "sensors/averages/", /must not overlap bucket.athenaResultsPrefix/, { bucket: { athenaResultsPrefix: "sensors/" } }));
    });

    describe("property keys have one owner", () => {
        it("two tables claiming the same property", () =>
            rejects(job((j) => (j.tables[1].pathProperty = { group: "Sink0", key: "averages.path" })), "job.tables[1].pathProperty", "Sink0.averages.path", /already set by job.tables\[0\].pathProperty/));
        it("a table and propertyGroups claiming the same property", () =>
            rejects(job((j) => (j.propertyGroups = { Rejects0: { path: "s3a://elsewhere/" } })), "job.propertyGroups.Rejects0.path", "Rejects0.path", /already set by job.tables\[2\].pathProperty/));
        it("propertyGroups setting a key the component computes", () =>
            rejects(job((j) => (j.propertyGroups = { InputStream0: { "stream.arn": "arn:aws:kinesis:us-east-1:1:stream/x" } })), "job.propertyGroups.InputStream0.stream.arn", "InputStream0.stream.arn", /already set by the component/));
        it("an empty property value", () => rejects(job((j) => (j.propertyGroups = { Window0: { "size.seconds": "" } })), "job.propertyGroups.Window0.size.seconds", "", /must be 1 to 2048 characters \(Kinesis Analytics V2 CreateApplication PropertyMap.value/));
        it("a property group id Managed Flink refuses", () => rejects(job((j) => (j.propertyGroups = { "Window 0": { size: "1" } })), "job.propertyGroups.Window 0", "Window 0", /must match \[a-zA-Z0-9_.-\]\+ and be 1 to 50 characters \(Kinesis Analytics V2 CreateApplication PropertyGroup.PropertyGroupId/));
    });

    describe("named queries", () => {
        it("a placeholder nothing fills", () =>
            rejects(job((j) => (j.namedQueries![1].sql = 'SELECT * FROM "{{database}}"."{{tables.missing}}"')), "job.namedQueries[1].sql", "{{tables.missing}}", /placeholder nothing fills/));
        it("a query parameter that is not safe in a SQL literal", () => rejects(job((j) => (j.queryParameters = { region: "eu' OR '1'='1" })), "job.queryParameters.region", "eu' OR '1'='1", /safe in a SQL literal/));
        it("a query name over Athena's 128 characters", () =>
            rejects(job((j) => (j.namedQueries![0].name = "q".repeat(129))), "job.namedQueries[0].name", "q".repeat(129), /be 1 to 128 characters \(Athena CreateNamedQuery Name/));
        it("an empty query description, which Athena refuses", () =>
            rejects(job((j) => (j.namedQueries![0].description = "")), "job.namedQueries[0].description", "", /be 1 to 1024 characters \(Athena CreateNamedQuery Description/));
    });

    describe("extra IAM statements", () => {
        const statement = (edit: (s: Record<string, unknown>) => void) => job((j) => edit(j.policyStatements![0] as unknown as Record<string, unknown>));
        it("a wildcard action", () => rejects(statement((s) => (s.Action = ["dynamodb:*"])), "job.policyStatements[0].Action[0]", "dynamodb:*", /without wildcards/));
        it("a Deny", () => rejects(statement((s) => (s.Effect = "Deny")), "job.policyStatements[0].Effect", "Deny", /must be "Allow"/));
        it("a hard-coded partition", () =>
            rejects(statement((s) => (s.Resource = ["arn:aws:dynamodb:us-east-1:123456789012:table/devices"])), "job.policyStatements[0].Resource[0]", "arn:aws:dynamodb:us-east-1:123456789012:table/devices", /arn:\$\{partition\}:/));
        it("a Sid the component's own statements use", () => rejects(statement((s) => (s.Sid = "WriteOutputPrefixes")), "job.policyStatements[0].Sid", "WriteOutputPrefixes", /must differ from the Sids/));
        it("no resource", () => rejects(statement((s) => (s.Resource = [])), "job.policyStatements[0].Resource", [], /at least one resource ARN/));
    });

    it("reports a bad descriptor before anything is created, with every problem at once", () => {
        const err = argsError(() => new StreamingAnalyticsPipeline("p", { job: job((j) => ((j.name = "X"), (j.tables[0].columns[0].type = "text"))) }));
        expect(err).to.be.instanceOf(PipelineArgsError);
        expect(err.problems.map((p) => p.field)).to.deep.equal(["job.name", "job.tables[0].columns[0].type"]);
    });
});

describe("the ticker job's options", () => {
    const ticker = (options: Parameters<typeof tickerJob>[0]) => () => tickerJob(options);

    it("a ticker the job would reject, pointing at the one bad item", () =>
        expectProblem(argsError(ticker({ code: CODE_ZIP, tickers: ["AAPL", "BRK B"] })), "tickerJob.tickers[1]", "BRK B", /must match \[A-Za-z0-9._-\]\{1,32\}, as the job requires/));
    it("a ticker twice", () => expectProblem(argsError(ticker({ code: CODE_ZIP, tickers: ["AAPL", "MSFT", "AAPL"] })), "tickerJob.tickers[2]", "AAPL", /must not repeat a ticker/));
    it("no tickers", () => expectProblem(argsError(ticker({ code: CODE_ZIP, tickers: [] })), "tickerJob.tickers", [], /non-empty list/));
    it("a query ticker that would break the SQL literal", () => expectProblem(argsError(ticker({ code: CODE_ZIP, queryTicker: "A'; DROP" })), "tickerJob.queryTicker", "A'; DROP", /as the job requires/));
    it("a window of 0 seconds", () => expectProblem(argsError(ticker({ code: CODE_ZIP, windowSeconds: 0 })), "tickerJob.windowSeconds", 0, /must be an integer from 1 to 86400 \(Aggregation0 window.seconds, contract\/properties.json\)/));
    it("a window that prints as 1e+21", () => expectProblem(argsError(ticker({ code: CODE_ZIP, windowSeconds: 1e21 })), "tickerJob.windowSeconds", 1e21, /must be an integer from 1 to 86400/));
    it("a window longer than a day", () => expectProblem(argsError(ticker({ code: CODE_ZIP, windowSeconds: 86_401 })), "tickerJob.windowSeconds", 86_401, /must be an integer from 1 to 86400/));
    it("a negative watermark delay", () => expectProblem(argsError(ticker({ code: CODE_ZIP, watermarkDelaySeconds: -5 })), "tickerJob.watermarkDelaySeconds", -5, /must be an integer from 0 to 3600/));
    it("a watermark delay over an hour", () => expectProblem(argsError(ticker({ code: CODE_ZIP, watermarkDelaySeconds: 3601 })), "tickerJob.watermarkDelaySeconds", 3601, /must be an integer from 0 to 3600/));
    it("an event-time bound over a day", () =>
        expectProblem(argsError(ticker({ code: CODE_ZIP, eventTimeMaxAheadSeconds: 86_401 })), "tickerJob.eventTimeMaxAheadSeconds", 86_401, /must be an integer from 0 to 86400 \(Aggregation0 event.time.max.ahead.seconds, contract\/properties.json\)/));
    it("a negative event-time bound", () => expectProblem(argsError(ticker({ code: CODE_ZIP, eventTimeMaxAheadSeconds: -1 })), "tickerJob.eventTimeMaxAheadSeconds", -1, /must be an integer from 0 to 86400/));
    it("a fractional event-time bound", () => expectProblem(argsError(ticker({ code: CODE_ZIP, eventTimeMaxAheadSeconds: 1.5 })), "tickerJob.eventTimeMaxAheadSeconds", 1.5, /must be an integer from 0 to 86400/));
    it("accepts each Aggregation0 option at both ends of its range", () => {
        for (const [option, min, max] of [["windowSeconds", 1, 86_400], ["watermarkDelaySeconds", 0, 3600], ["eventTimeMaxAheadSeconds", 0, 86_400]] as const) {
            for (const value of [min, max]) expect(() => tickerJob({ code: CODE_ZIP, [option]: value }), `${option} ${value}`).to.not.throw();
        }
    });

    it("its descriptor fields are reported under the options that set them", () => {
        const err = argsError(() => new StreamingAnalyticsPipeline("p", { job: tickerJob({ code: CODE_ZIP, tableName: "Ticks", outputPrefix: "code/output/" }) }));
        expectProblem(err, "tickerJob.tableName", "Ticks", /\[a-z0-9_\]\{1,255\}/);
        expectProblem(err, "tickerJob.outputPrefix", "code/output/", /must not overlap bucket.codePrefix/);
        // The rejected table is named after tableName unless rejectedTableName is set.
        expectProblem(err, "tickerJob.tableName", "Ticks_rejected", /\[a-z0-9_\]\{1,255\}/);
    });

    it("a rejected table named like the results table", () => {
        const err = argsError(() => new StreamingAnalyticsPipeline("p", { job: tickerJob({ code: CODE_ZIP, tableName: "ticks", rejectedTableName: "ticks" }) }));
        expectProblem(err, "tickerJob.rejectedTableName", "ticks", /unique among the job's table names/);
    });

    it("a rejected prefix inside the output prefix", () => {
        const err = argsError(() => new StreamingAnalyticsPipeline("p", { job: tickerJob({ code: CODE_ZIP, rejectedPrefix: "output/rejected/" }) }));
        expectProblem(err, "tickerJob.rejectedPrefix", "output/rejected/", /must not overlap tickerJob.outputPrefix \("output\/"\)/);
    });
});
