import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { resolveArgs, TICKER_JOB_DEFAULTS } from "../../components/index.js";
import { aggregationRange } from "../../components/ticker-job.js";
import { CONFIG_KEYS, CONFIG_NAMESPACE, readStackSettings, stackArgs } from "../../stacks/config.js";
import { makeCodeZip, tempDir } from "./support/fixtures.js";
import type { StackRun } from "./support/run-stack.js";
import { runStackProcess, type StackProcessResult } from "./support/stack-process.js";

const ROOT = path.resolve(__dirname, "..", "..");
const code = makeCodeZip(tempDir());


async function deployStack(stack: string, overrides: Record<string, unknown> = {}): Promise<StackRun> {
    const result = await runStackProcess(stack, { [`${CONFIG_NAMESPACE}:code`]: code, ...overrides });
    if (result.code !== 0) throw new Error(`stack ${stack} failed (${result.code}):\n${result.stderr}`);
    return JSON.parse(result.stdout) as StackRun;
}

/** Every `arn:<partition>:` in every string, including JSON-encoded policies. */
function arnPartitions(value: unknown): string[] {
    const found: string[] = [];
    const walk = (v: unknown) => {
        if (typeof v === "string") {
            for (const m of v.matchAll(/arn:([^:"\s]*):/g)) found.push(m[1]);
        } else if (Array.isArray(v)) {
            v.forEach(walk);
        } else if (v && typeof v === "object") {
            Object.values(v).forEach(walk);
        }
    };
    walk(value);
    return found;
}

const STACK_OUTPUTS = [
    "streamName",
    "streamArn",
    "bucketName",
    "bucketArn",
    "applicationName",
    "applicationArn",
    "roleArn",
    "logGroupName",
    "databaseName",
    "tableName",
    "workgroupName",
];

describe("stacks/index.ts under each stack's config", function () {
    this.timeout(120_000);
    let dev: StackRun;
    let china: StackRun;
    let mapped: StackRun;
    let missingCode: StackProcessResult;

    // Each run is a child process of a few seconds; run them side by side.
    before(async () => {
        [dev, china, mapped, missingCode] = await Promise.all([
            deployStack("dev"),
            deployStack("cn-north-1"),
            deployStack("dev", {
                [`${CONFIG_NAMESPACE}:name`]: "ticks",
                [`${CONFIG_NAMESPACE}:shardCount`]: "3",
                [`${CONFIG_NAMESPACE}:catalogMode`]: "crawler",
                [`${CONFIG_NAMESPACE}:tickers`]: "AAPL, MSFT",
                [`${CONFIG_NAMESPACE}:tableName`]: "ticks_1m",
                [`${CONFIG_NAMESPACE}:windowSeconds`]: "120",
                [`${CONFIG_NAMESPACE}:eventTimeMaxAheadSeconds`]: "600",
                [`${CONFIG_NAMESPACE}:alarmEmail`]: "ops@example.com",
                [`${CONFIG_NAMESPACE}:startApplication`]: "false",
            }),
            runStackProcess("cn-north-1", { [`${CONFIG_NAMESPACE}:code`]: "build/does-not-exist.zip" }),
        ]);
    });

    it("builds the component from the stack files' region and tags", () => {
        for (const [run, region, env] of [
            [dev, "us-east-1", "dev"],
            [china, "cn-north-1", "cn-north-1"],
        ] as const) {
            const component = run.resources.filter((r) => r.type === "streaming-analytics:index:StreamingAnalyticsPipeline");
            expect(component.map((c) => c.name), run.stack).to.deep.equal(["streaming-analytics"]);
            const stream = run.resources.find((r) => r.type === "aws:kinesis/stream:Stream")!;
            expect(stream.inputs.tags, run.stack).to.deep.equal({ project: "streaming-analytics", environment: env });
            const app = run.resources.find((r) => r.type === "aws:kinesisanalyticsv2/application:Application")!;
            const input = app.inputs.applicationConfiguration.environmentProperties.propertyGroups[1];
            expect(input.propertyMap["aws.region"], run.stack).to.equal(region);
        }
        const forceDestroy = (run: StackRun) => run.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!.inputs.forceDestroy;
        expect(forceDestroy(dev)).to.equal(true);
        expect(forceDestroy(china)).to.equal(false);
    });

    it("in cn-north-1, every ARN in every resource input and output is an aws-cn ARN", () => {
        const partitions = arnPartitions(china.resources.map((r) => r.inputs));
        expect(partitions.length).to.be.greaterThan(10);
        expect([...new Set(partitions)]).to.deep.equal(["aws-cn"]);
        expect([...new Set(arnPartitions(china.outputs))]).to.deep.equal(["aws-cn"]);
    });

    it("in dev, no ARN is an aws-cn ARN", () => {
        const partitions = arnPartitions(dev.resources.map((r) => r.inputs));
        expect(partitions.length).to.be.greaterThan(10);
        expect(partitions.filter((p) => p !== "aws")).to.deep.equal([]);
        expect(arnPartitions(dev.outputs).filter((p) => p !== "aws")).to.deep.equal([]);
    });

    it("docs/component.md lists exactly the resources the dev stack creates", () => {
        const docs = fs.readFileSync(path.join(ROOT, "docs", "component.md"), "utf8");
        const section = docs.slice(docs.indexOf("### Resources created by the default stack"));
        const documented = [...section.matchAll(/^\| `([^`]+)` \| `(aws:[^`]+)` \|/gm)].map((m) => m[1]);
        const children = dev.resources.filter((r) => r.type !== "streaming-analytics:index:StreamingAnalyticsPipeline");
        expect(documented.slice().sort()).to.deep.equal(children.map((r) => r.name).sort());
    });

    it("docs/component.md has a row for every statement of every role policy (dev, and crawler mode)", () => {
        const docs = fs.readFileSync(path.join(ROOT, "docs", "component.md"), "utf8");
        const documented = new Set([...docs.matchAll(/^\| (\w+)(?: \([^)]*\))? \| /gm)].map((m) => m[1]));
        const sids = [dev, mapped].flatMap((run) =>
            run.resources
                .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")
                .flatMap((r) => (JSON.parse(r.inputs.policy).Statement as { Sid: string }[]).map((s) => s.Sid)),
        );
        expect(sids).to.include.members(["ReadInputStream", "WriteOutputPrefixes", "UpdateTablePartitions"]);
        expect(sids.filter((sid) => !documented.has(sid))).to.deep.equal([]);
    });

    it("exports the component's outputs", () => {
        for (const run of [dev, china]) {
            for (const key of STACK_OUTPUTS) {
                expect(run.outputs[key], `${run.stack} ${key}`).to.be.a("string").and.not.equal("");
            }
        }
        expect(dev.outputs.databaseName).to.equal("streaming_analytics_dev");
        expect(china.outputs.databaseName).to.equal("streaming_analytics_cn_north_1");
    });

    it("maps namespaced config keys onto the component's args", () => {
        const run = mapped;
        const of = (type: string) => run.resources.filter((r) => r.type === type);
        expect(of("aws:kinesis/stream:Stream")[0].inputs.shardCount).to.equal(3);
        expect(of("aws:kinesis/stream:Stream")[0].name).to.equal("ticks-stream");
        expect(of("aws:glue/crawler:Crawler")).to.have.length(1);
        // A secret: serialized with Pulumi's secret marker around the value.
        expect(of("aws:sns/topicSubscription:TopicSubscription")[0].inputs.endpoint.value).to.equal("ops@example.com");
        expect(of("aws:kinesisanalyticsv2/application:Application")[0].inputs.startApplication).to.equal(false);
        expect(run.outputs.databaseName).to.equal("ticks_dev");
        const table = of("aws:glue/catalogTable:CatalogTable").find((t) => t.name === "ticks-table")!.inputs;
        expect(table.parameters).to.not.have.property("projection.enabled");
        expect(table.name).to.equal("ticks_1m");
        expect(run.outputs.rejectedTableName).to.equal("ticks_1m_rejected");
        const groups = of("aws:kinesisanalyticsv2/application:Application")[0].inputs.applicationConfiguration.environmentProperties.propertyGroups;
        const aggregation = groups.find((g: { propertyGroupId: string }) => g.propertyGroupId === "Aggregation0").propertyMap;
        expect(aggregation["window.seconds"]).to.equal("120");
        expect(aggregation["event.time.max.ahead.seconds"]).to.equal("600");
    });

    it("fails with the validation message when the code path does not exist", () => {
        const result = missingCode;
        expect(result.code).to.not.equal(0);
        expect(result.stderr).to.contain('tickerJob.code = "build/does-not-exist.zip"');
        expect(result.stderr).to.contain("npm run build:flink");
    });
});

describe("stack config", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("points every config key at an arg of the component or an option of the ticker job", () => {
        const resolved = resolveArgs("n", { job: { name: "j", tables: [] } }, "s") as unknown as Record<string, Record<string, unknown>>;
        // Every arg that may stay unset, so that `in` sees it.
        const optional: Record<string, string[]> = {
            stream: ["existingArn", "name", "kmsKeyArn"],
            bucket: ["existingName", "name"],
            application: ["name", "initialTimestamp"],
            athena: ["workgroupName"],
            monitoring: ["alarmEmail", "alarmTopicArn"],
        };
        const tickerOptions = [...Object.keys(TICKER_JOB_DEFAULTS), "code", "rejectedTableName"];
        for (const { key, target } of CONFIG_KEYS) {
            if (target === "") continue;
            const [group, field] = target.split(".");
            if (group === "tickerJob") expect(tickerOptions, key).to.include(field);
            else if (field === undefined) expect(resolved, key).to.have.property(group);
            else expect([...Object.keys(resolved[group]), ...(optional[group] ?? [])], key).to.include(field);
        }
        expect(new Set(CONFIG_KEYS.map((k) => k.key)).size).to.equal(CONFIG_KEYS.length);
    });

    it("leaves unset keys unset, so the component's and the job's defaults apply", () => {
        pulumi.runtime.setAllConfig({});
        const settings = readStackSettings(new pulumi.Config(CONFIG_NAMESPACE));
        expect(settings).to.deep.equal({ name: "streaming-analytics", tickerJob: { code: "build/flink-app.zip" }, args: {} });
        expect(stackArgs(settings).job.tables.map((t) => t.name)).to.deep.equal(["ticker_averages", "ticker_averages_rejected"]);
    });

    it("reads YAML lists, numbers, booleans and objects", () => {
        pulumi.runtime.setAllConfig({
            [`${CONFIG_NAMESPACE}:tickers`]: JSON.stringify(["AAPL", "TBV"]),
            [`${CONFIG_NAMESPACE}:millisBehindLatestThresholdMs`]: "1500",
            [`${CONFIG_NAMESPACE}:autoScalingEnabled`]: "false",
            [`${CONFIG_NAMESPACE}:tags`]: JSON.stringify({ a: "b" }),
        });
        const { args, tickerJob } = readStackSettings(new pulumi.Config(CONFIG_NAMESPACE));
        expect(tickerJob.tickers).to.deep.equal(["AAPL", "TBV"]);
        expect(args.monitoring?.millisBehindLatestThresholdMs).to.equal(1500);
        expect(args.application?.autoScalingEnabled).to.equal(false);
        expect(args.tags).to.deep.equal({ a: "b" });

        pulumi.runtime.setAllConfig({ [`${CONFIG_NAMESPACE}:tickers`]: "AAPL, MSFT,," });
        expect(readStackSettings(new pulumi.Config(CONFIG_NAMESPACE)).tickerJob.tickers).to.deep.equal(["AAPL", "MSFT"]);
    });

    it("reads the alarm e-mail as a secret", async () => {
        pulumi.runtime.setAllConfig({ [`${CONFIG_NAMESPACE}:alarmEmail`]: "ops@example.com" });
        const email = readStackSettings(new pulumi.Config(CONFIG_NAMESPACE)).args.monitoring?.alarmEmail as pulumi.Output<string>;
        expect(pulumi.Output.isInstance(email)).to.equal(true);
        expect(await pulumi.isSecret(email)).to.equal(true);
    });

    it("documents every config key in the README", () => {
        const doc = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const missing = CONFIG_KEYS.filter(({ key }) => !doc.includes(`\`${CONFIG_NAMESPACE}:${key}\``));
        expect(missing.map((k) => k.key)).to.deep.equal([]);
    });

    it("documents each Aggregation0 option with the contract's range and default", () => {
        const doc = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        for (const option of ["windowSeconds", "watermarkDelaySeconds", "eventTimeMaxAheadSeconds"] as const) {
            const { min, max } = aggregationRange(option);
            const row = doc.split("\n").find((line) => line.startsWith(`| \`${CONFIG_NAMESPACE}:${option}\` |`));
            expect(row, option).to.include(`| integer ${min}–${max} | \`${TICKER_JOB_DEFAULTS[option]}\` |`);
        }
    });
});

describe("source hygiene", () => {
    /** Build output the repository ignores (.gitignore): installed packages, compiled code, jars and zips. */
    const BUILD_OUTPUT_DIRS = new Set(["node_modules", "dist", "target", "lib", "__pycache__", ".pytest_cache"]);
    const BUILD_OUTPUT_FILE = /\.(jar|zip|tgz)$/;

    function filesUnder(dir: string): string[] {
        return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
            const full = path.join(dir, e.name);
            if (e.isDirectory()) return BUILD_OUTPUT_DIRS.has(e.name) ? [] : filesUnder(full);
            return BUILD_OUTPUT_FILE.test(e.name) ? [] : [full];
        });
    }

    it("has no arn:aws: literal in components/, stacks/, examples/, flink-src/ or the stack files", () => {
        const files = [
            ...filesUnder(path.join(ROOT, "components")),
            ...filesUnder(path.join(ROOT, "stacks")),
            // The ticker job: main.py, its shared property reader, its Java half and its local property mirror.
            ...filesUnder(path.join(ROOT, "flink-src")),
            // Every file of the examples: programs, descriptors, jobs, queries and the local property mirrors.
            ...filesUnder(path.join(ROOT, "examples")),
            ...fs.readdirSync(ROOT).filter((f) => /^Pulumi.*\.yaml$/.test(f)).map((f) => path.join(ROOT, f)),
        ];
        expect(files.length).to.be.greaterThan(15);
        expect(files, "the examples' and the ticker job's files are checked").to.include.members([
            path.join(ROOT, "examples", "sensor-averages", "application_properties.json"),
            path.join(ROOT, "examples", "sensor-averages", "main.py"),
            path.join(ROOT, "examples", "sensor-averages", "pulumi", "index.ts"),
            path.join(ROOT, "flink-src", "application_properties.json"),
            path.join(ROOT, "flink-src", "main.py"),
        ]);
        const offenders = files.filter((f) => fs.readFileSync(f, "utf8").includes("arn:aws:"));
        expect(offenders.map((f) => path.relative(ROOT, f))).to.deep.equal([]);
    });
});
