import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { makeCodeZip } from "../unit/support/fixtures.js";
import { packedComponent } from "./support/packed.js";

/**
 * The published package, end to end: `npm pack` (prepack builds dist/), install the
 * tarball into a fresh program, compile that program with tsc against the installed
 * types, and run a mocked deployment through it with the program's own
 * @pulumi/pulumi.
 */

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

const PROGRAM = `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    StreamingAnalyticsPipeline,
    StreamingAnalyticsPipelineArgs,
    applicationPolicyDocument,
    jobPropertyGroups,
    tickerJob,
} from "@streaming-analytics/pulumi-pipeline";

const job = tickerJob({ code: "./flink-app.zip", tickers: ["AAPL", "MSFT"] });
const args: StreamingAnalyticsPipelineArgs = {
    job,
    application: { parallelism: 2 },
    stream: { mode: "ON_DEMAND" },
    tags: { consumer: pulumi.output("yes") },
};
const pipeline = new StreamingAnalyticsPipeline("consumer", args);
// A child is a property: a program can grant the role one more permission.
new aws.iam.RolePolicy("consumer-extra", {
    role: pipeline.role.id,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["*"] }] }),
});

// The pure exports type-check from the package root too.
const groups: string[] = jobPropertyGroups(job, { streamArn: "s", region: "r" }, { table: "o", rejected_table: "x" }).map((g) => g.propertyGroupId);
const statements: string[] = applicationPolicyDocument({
    partition: "aws-cn", region: "cn-north-1", accountId: "1", dnsSuffix: "amazonaws.com.cn", streamArn: "s", bucketName: "b",
    code: { bucketName: "b", key: "k" }, tablePrefixes: ["o/", "x/"], logGroupName: "g", logStreamName: "l",
}).Statement.map((s) => s.Sid);

export const applicationArn: pulumi.Output<string> = pipeline.applicationArn;
export const workgroupName: pulumi.Output<string> = pipeline.workgroupName;
export const checks = { groups, statements };
`;

/** Plain JS, run with the program's own node_modules: mocks, then the compiled program. */
const RUN_WITH_MOCKS = `const pulumi = require("@pulumi/pulumi");
const resources = [];
const env = { partition: "aws-cn", region: "cn-north-1", account: "210987654321" };
pulumi.runtime.setMocks({
    newResource(args) {
        const name = args.inputs.name || args.inputs.bucket || args.name + "-mock";
        const arn = "arn:" + env.partition + ":" + args.type.split(":")[1].split("/")[0] + ":" + env.region + ":" + env.account + ":" + name;
        const state = { ...args.inputs, name, bucket: name, arn, versionId: "v1" };
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: name + "-id", state };
    },
    call(args) {
        if (args.token === "aws:index/getPartition:getPartition") return { partition: env.partition, dnsSuffix: "amazonaws.com.cn" };
        if (args.token === "aws:index/getRegion:getRegion") return { region: env.region, name: env.region };
        if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: env.account };
        throw new Error("unmocked " + args.token);
    },
}, "consumer", "test", false).then(async () => {
    const program = require("./dist/index.js");
    const outputs = {};
    for (const [k, v] of Object.entries(program)) {
        outputs[k] = pulumi.Output.isInstance(v) ? await new Promise((r) => v.apply(r)) : v;
    }
    await require("@pulumi/pulumi/runtime/settings").waitForRPCs();
    process.stdout.write(JSON.stringify({ resources, outputs }));
});
`;

describe("published package (npm pack -> install -> tsc -> mocked deployment)", function () {
    this.timeout(240_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "sap-pack-"));
    const program = path.join(work, "program");
    let tarball: string;

    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("packs: prepack builds dist/, and only the whitelisted files ship", async () => {
        const packed = await packedComponent();
        tarball = packed.tarball;
        expect(fs.existsSync(tarball)).to.equal(true);
        const files = packed.files;
        for (const required of [
            "package.json",
            "dist/components/index.js",
            "dist/components/index.d.ts",
            "dist/components/pipeline.js",
            "contract/properties.json",
            "contract/kinesis-connector.json",
            "contract/job.json",
            "contract/records.json",
            "contract/queries/ticker_series.sql",
            "dist/contract/index.js",
        ]) {
            expect(files, required).to.include(required);
        }
        expect(files.filter((f) => /^(components|stacks|tests|flink-src|local)\//.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"))).to.deep.equal([]);
    });

    it("installs into a fresh program, which compiles with tsc against the package's types", async () => {
        fs.mkdirSync(program);
        fs.writeFileSync(
            path.join(program, "package.json"),
            JSON.stringify({ name: "consumer", version: "1.0.0", private: true, main: "dist/index.js" }, null, 2),
        );
        fs.writeFileSync(
            path.join(program, "tsconfig.json"),
            JSON.stringify(
                {
                    compilerOptions: {
                        target: "ES2022",
                        module: "nodenext",
                        moduleResolution: "nodenext",
                        strict: true,
                        skipLibCheck: true,
                        types: [],
                        outDir: "dist",
                    },
                    files: ["index.ts"],
                },
                null,
                2,
            ),
        );
        fs.writeFileSync(path.join(program, "index.ts"), PROGRAM);
        fs.writeFileSync(path.join(program, "run-with-mocks.js"), RUN_WITH_MOCKS);
        makeCodeZip(program);

        // Dependencies come with the tarball; --prefer-offline serves them from the npm cache.
        await exec(NPM, ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
            cwd: program,
            maxBuffer: 64 * 1024 * 1024,
        });
        const installed = JSON.parse(
            fs.readFileSync(path.join(program, "node_modules", "@streaming-analytics", "pulumi-pipeline", "package.json"), "utf8"),
        );
        expect(installed.name).to.equal("@streaming-analytics/pulumi-pipeline");

        const compiled = await exec(process.execPath, [TSC, "-p", program]).catch((e) => e);
        expect(compiled.stdout ?? "", "tsc output").to.equal("");
        expect(fs.existsSync(path.join(program, "dist", "index.js"))).to.equal(true);
    });

    it("runs a mocked deployment through the installed package", async () => {
        const { stdout } = await exec(process.execPath, ["run-with-mocks.js"], { cwd: program, maxBuffer: 64 * 1024 * 1024 });
        const run = JSON.parse(stdout) as {
            resources: { type: string; name: string; inputs: Record<string, any> }[];
            outputs: Record<string, any>;
        };
        const types = run.resources.map((r) => r.type);
        expect(types).to.include.members([
            "streaming-analytics:index:StreamingAnalyticsPipeline",
            "aws:kinesis/stream:Stream",
            "aws:s3/bucket:Bucket",
            "aws:s3/bucketObjectv2:BucketObjectv2",
            "aws:iam/role:Role",
            "aws:kinesisanalyticsv2/application:Application",
            "aws:glue/catalogTable:CatalogTable",
            "aws:athena/workgroup:Workgroup",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
        ]);
        // The bundled job's descriptor ships with the package: its tables and queries are found from dist/.
        const queries = run.resources.filter((r) => r.type === "aws:athena/namedQuery:NamedQuery").map((q) => q.inputs.query as string);
        expect(queries.length).to.be.greaterThan(0);
        expect(queries.filter((q) => q.includes("{{"))).to.deep.equal([]);
        const table = run.resources.find((r) => r.name === "consumer-table")!;
        expect(table.inputs.parameters["projection.ticker.values"]).to.equal("AAPL,MSFT");
        // The mock's id of the role is its invented name plus "-id".
        expect(run.resources.filter((r) => r.name === "consumer-extra").map((r) => r.inputs.role)).to.deep.equal(["consumer-role-mock-id"]);
        const app = run.resources.find((r) => r.type === "aws:kinesisanalyticsv2/application:Application")!;
        expect(app.inputs.applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelism).to.equal(2);
        // The contract files ship and are found from dist/: the property groups and queries are filled.
        expect(app.inputs.applicationConfiguration.environmentProperties.propertyGroups.map((g: any) => g.propertyGroupId)).to.deep.equal([
            "kinesis.analytics.flink.run.options",
            "InputStream0",
            "OutputPath0",
            "Aggregation0",
        ]);
        const stream = run.resources.find((r) => r.type === "aws:kinesis/stream:Stream")!;
        expect(stream.inputs.tags).to.deep.equal({ consumer: "yes" });
        expect(stream.inputs.streamModeDetails).to.deep.equal({ streamMode: "ON_DEMAND" });
        expect(run.outputs.applicationArn).to.match(/^arn:aws-cn:/);
        expect(run.outputs.checks.groups).to.deep.equal(["kinesis.analytics.flink.run.options", "InputStream0", "OutputPath0", "Aggregation0"]);
        expect(run.outputs.checks.statements).to.include.members(["ReadInputStream", "ReadApplicationCode", "WriteOutputPrefixes"]);
    });
});
