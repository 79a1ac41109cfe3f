import * as fs from "node:fs";
import * as path from "node:path";
import { environmentForRegion } from "./mocks.js";
import { makeCodeZip, tempDir } from "./fixtures.js";
import { stackConfig, type StackRun } from "./run-stack.js";
import { runStackProcess } from "./stack-process.js";

/**
 * What the real program (stacks/index.ts) registers for each committed stack file,
 * as a baseline to compare later versions of the component against. Recorded once
 * from the component as it was before the job descriptor replaced the ticker-only
 * args, with
 *
 *   node --import tsx tests/unit/support/stack-baseline.ts record
 *
 * and compared by tests/unit/default-stack.test.ts.
 */

export const BASELINE_FILE = path.resolve(__dirname, "..", "fixtures", "stack-baseline.json");
const NS = "streamingAnalytics";

/** The committed stack files as they are, and with every option that changes resources or IAM switched on. */
export const BASELINE_CASES = {
    "dev": { stack: "dev", overrides: {} },
    "cn-north-1": { stack: "cn-north-1", overrides: {} },
    "dev, options": { stack: "dev", overrides: optionOverrides("dev") },
    "cn-north-1, options": { stack: "cn-north-1", overrides: optionOverrides("cn-north-1") },
} as const;

export type BaselineCase = keyof typeof BASELINE_CASES;

function optionOverrides(stack: string): Record<string, string> {
    const env = environmentForRegion(stackConfig(stack)["aws:region"]);
    return {
        [`${NS}:catalogMode`]: "crawler",
        [`${NS}:readerType`]: "EFO",
        [`${NS}:streamKmsKeyArn`]: `arn:${env.partition}:kms:${env.region}:${env.accountId}:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
        [`${NS}:alarmEmail`]: "ops@example.com",
    };
}

export interface BaselineResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

export interface BaselineRun {
    resources: BaselineResource[];
    outputs: Record<string, unknown>;
}

/** Inputs that hold JSON documents: parsed, so a difference reads as a difference of fields. */
const JSON_INPUTS = new Set(["policy", "assumeRolePolicy", "dashboardBody", "configuration"]);

function normalizeInputs(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
        if (type === "aws:s3/bucketObjectv2:BucketObjectv2" && key === "source") {
            // The asset's path is a temporary folder; its content is in sourceHash.
            out[key] = "<application code asset>";
        } else if (JSON_INPUTS.has(key) && typeof value === "string") {
            out[key] = JSON.parse(value);
        } else {
            out[key] = value;
        }
    }
    return out;
}

/** A stack run as the baseline records it: every resource's type, name and inputs, sorted by name, and the outputs. */
export function normalizeRun(run: StackRun): BaselineRun {
    return {
        resources: run.resources
            .map((r) => ({ type: r.type, name: r.name, inputs: normalizeInputs(r.type, r.inputs) }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        outputs: run.outputs,
    };
}

/** Runs one baseline case of the current program; the code is the same fixture zip each time. */
export async function runBaselineCase(name: BaselineCase, code: string): Promise<BaselineRun> {
    const { stack, overrides } = BASELINE_CASES[name];
    const result = await runStackProcess(stack, { [`${NS}:code`]: code, ...overrides });
    if (result.code !== 0) throw new Error(`stack ${stack} failed (${result.code}):\n${result.stderr}`);
    return normalizeRun(JSON.parse(result.stdout) as StackRun);
}

export function readBaseline(): Record<BaselineCase, BaselineRun> {
    return JSON.parse(fs.readFileSync(BASELINE_FILE, "utf8"));
}

async function record(): Promise<void> {
    const code = makeCodeZip(tempDir("sap-baseline-"));
    const names = Object.keys(BASELINE_CASES) as BaselineCase[];
    const runs = await Promise.all(names.map((n) => runBaselineCase(n, code)));
    const baseline = Object.fromEntries(names.map((n, i) => [n, runs[i]]));
    fs.mkdirSync(path.dirname(BASELINE_FILE), { recursive: true });
    fs.writeFileSync(BASELINE_FILE, `${JSON.stringify(baseline, null, 2)}\n`);
    process.stdout.write(`${BASELINE_FILE}: ${names.map((n, i) => `${n} ${runs[i].resources.length} resources`).join(", ")}\n`);
}

if (require.main === module && process.argv[2] === "record") {
    record().catch((err) => {
        process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
        process.exit(1);
    });
}
