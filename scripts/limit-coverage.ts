/**
 * Which of the component's args are checked against a field of AWS's API models
 * (components/aws-limits.json, from botocore), and which limits come from AWS's
 * documentation instead. Counted from behaviour, not by reading the code: every arg
 * the arg interfaces declare (components/args.ts, components/ticker-job.ts, read
 * with the TypeScript compiler) is set to a series of bad values, and the messages
 * validation gives for that arg say which model field, if any, the rule came from.
 * The documented limits are the documentation pages components/validation/ cites.
 *
 *   node --import tsx scripts/limit-coverage.ts [--json]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { findArgProblems, tickerJob, type StreamingAnalyticsPipelineArgs, type TickerJobOptions } from "../components/index.js";

const ROOT = path.resolve(__dirname, "..");
const GROUPS: Record<string, string> = {
    stream: "StreamArgs",
    bucket: "BucketArgs",
    application: "ApplicationArgs",
    catalog: "CatalogArgs",
    athena: "AthenaArgs",
    monitoring: "MonitoringArgs",
};
const CODE = { bucket: "code-bucket", key: "jobs/flink-app.zip", version: "v1" };

/** Values that break some rule of nearly any field: lengths, characters, ranges, types. */
const BAD_VALUES: unknown[] = [
    "", " ", "a b", "A", "ü", "a:b", "a/b", "*", "a;b", "-a", "a".repeat(300), "x".repeat(3000), "NOPE",
    "arn:aws:kms:us-east-1:123456789012:key/x", "cron(bad)", "2026-02-30T00:00:00Z",
    // A valid database name whose crawler name (<database>-<tables>-crawler) is too long.
    "d".repeat(240),
    // Safe integers of seconds whose milliseconds are not.
    -1, 0, 1.5, 7, 86_401, 2 ** 31, 9_007_199_254_741, 2 ** 53, 1e21, "yes", [], ["a b"],
];

/** Args that are read only together with another setting. */
const CONTEXT: Record<string, Partial<StreamingAnalyticsPipelineArgs>> = {
    "application.efoConsumerName": { application: { readerType: "EFO" } },
    "application.initialTimestamp": { application: { initialPosition: "AT_TIMESTAMP" } },
    "catalog.crawlerSchedule": { catalog: { mode: "crawler" } },
};

function interfaceProperties(file: string, name: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
    const found = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
    if (!found) throw new Error(`${file} declares no interface ${name}`);
    return found.members.filter(ts.isPropertySignature).map((m) => (m.name as ts.Identifier).text);
}

interface Probe {
    field: string;
    build: (value: unknown) => { name: string; args: StreamingAnalyticsPipelineArgs };
}

function probes(): Probe[] {
    const job = () => tickerJob({ code: CODE });
    const groupProbes = Object.entries(GROUPS).flatMap(([group, iface]) =>
        interfaceProperties("components/args.ts", iface).map((prop): Probe => {
            const field = `${group}.${prop}`;
            const context = (CONTEXT[field] ?? {}) as Record<string, object>;
            return { field, build: (value) => ({ name: "p", args: { job: job(), ...context, [group]: { ...context[group], [prop]: value } } }) };
        }),
    );
    const tickerProbes = interfaceProperties("components/ticker-job.ts", "TickerJobOptions")
        .filter((prop) => prop !== "code")
        .map((prop): Probe => ({
            field: `tickerJob.${prop}`,
            build: (value) => ({ name: "p", args: { job: tickerJob({ code: CODE, [prop]: value } as TickerJobOptions) } }),
        }));
    const tagProbes: Probe[] = [
        { field: "tags (count)", build: (n) => ({ name: "p", args: { job: job(), tags: Object.fromEntries(Array.from({ length: typeof n === "number" && n > 0 && n < 100 ? n : 51 }, (_, i) => [`k${i}`, "v"])) } }) },
        { field: "tags (key)", build: (v) => ({ name: "p", args: { job: job(), tags: { [String(v)]: "v" } } }) },
        { field: "tags (value)", build: (v) => ({ name: "p", args: { job: job(), tags: { team: v as string } } }) },
    ];
    const derivedProbes: Probe[] = [
        { field: "name", build: (v) => ({ name: String(v), args: { job: job() } }) },
        { field: "name (EFO consumer <name>-efo)", build: (v) => ({ name: String(v), args: { job: job(), application: { readerType: "EFO" } } }) },
        { field: "catalog.databaseName (crawler name)", build: (v) => ({ name: "p", args: { job: job(), catalog: { mode: "crawler", databaseName: v as string } } }) },
    ];
    return [...groupProbes, ...tickerProbes, ...tagProbes, ...derivedProbes];
}

/** The problems of one probe that are about its arg. */
function problemsFor(probe: Probe, value: unknown) {
    let problems;
    try {
        const { name, args } = probe.build(value);
        problems = findArgProblems(name, args);
    } catch (err) {
        // tickerJob() throws for its own options.
        problems = (err as { problems?: { field: string; rule: string }[] }).problems ?? [];
    }
    const base = probe.field.replace(/ \(.*\)$/, "");
    return problems.filter((p) => p.field === base || p.field.startsWith(`${base}[`) || p.field.startsWith(`${base}.`));
}

const MODEL_SOURCE = /\(([^()]*), botocore [0-9.]+ ([a-z0-9-]+\/[0-9-]+)\)/;

interface Coverage {
    field: string;
    modelFields: string[];
    otherRules: string[];
}

function coverage(): Coverage[] {
    return probes().map((probe) => {
        const modelFields = new Set<string>();
        const otherRules = new Set<string>();
        for (const value of BAD_VALUES) {
            for (const problem of problemsFor(probe, value)) {
                const model = MODEL_SOURCE.exec(problem.rule);
                if (model) modelFields.add(model[1]);
                else otherRules.add(problem.rule.replace(/"[^"]*"/g, '"…"').slice(0, 160));
            }
        }
        return { field: probe.field, modelFields: [...modelFields].sort(), otherRules: [...otherRules].sort() };
    });
}

/** Every documentation page components/validation/ cites for a limit, with where. */
function documentedLimits(): { url: string; at: string }[] {
    const dir = path.join(ROOT, "components", "validation");
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .flatMap((f) =>
            fs
                .readFileSync(path.join(dir, f), "utf8")
                .split("\n")
                .flatMap((line, i) => {
                    const url = /^\s*(?:\/\/|\*)\s.*?(https:\/\/docs\.aws\.amazon\.com\/\S+)/.exec(line)?.[1];
                    return url ? [{ url, at: `components/validation/${f}:${i + 1}` }] : [];
                }),
        );
}

function main(): void {
    const rows = coverage();
    const docs = documentedLimits();
    if (process.argv.includes("--json")) {
        console.log(JSON.stringify({ args: rows, documentedLimits: docs }, null, 2));
        return;
    }
    const checked = rows.filter((r) => r.modelFields.length > 0);
    const modelFields = new Set(checked.flatMap((r) => r.modelFields));
    for (const r of rows) {
        console.log(`${r.field}: ${r.modelFields.length > 0 ? r.modelFields.join("; ") : "no model field"}${r.otherRules.length > 0 ? ` | other rules: ${r.otherRules.length}` : ""}`);
    }
    console.log(`\n${checked.length} of ${rows.length} args probed are checked against ${modelFields.size} botocore model fields`);
    console.log(`${rows.length - checked.length} args probed have no model field: ${rows.filter((r) => r.modelFields.length === 0).map((r) => r.field).join(", ")}`);
    console.log(`\n${docs.length} limits not in the models, each citing its documentation page (${new Set(docs.map((d) => d.url)).size} pages):`);
    for (const d of docs) console.log(`  ${d.url} (${d.at})`);
}

main();
