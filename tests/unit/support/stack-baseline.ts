import * as fs from "node:fs";
import * as path from "node:path";
import { capturedStack, type StackName, type Variant } from "./captured-stacks.js";
import type { StackRun } from "./run-stack.js";

/**
 * What the real program (stacks/index.ts) registers for each committed stack file,
 * as a baseline to compare later versions of the component against. Recorded once
 * from the component as it was before the job descriptor replaced the ticker-only
 * args, with
 *
 *   node --import tsx tests/unit/support/stack-baseline.ts record
 *
 * and compared by tests/unit/default-stack.test.ts. Both use the captured stack runs
 * (captured-stacks.ts): each stack file as committed, and with every option that
 * changes resources or IAM switched on.
 */

export const BASELINE_FILE = path.resolve(__dirname, "..", "fixtures", "stack-baseline.json");

export const BASELINE_CASES: Record<string, { stack: StackName; variant: Variant }> = {
    "dev": { stack: "dev", variant: "defaults" },
    "cn-north-1": { stack: "cn-north-1", variant: "defaults" },
    "dev, options": { stack: "dev", variant: "options" },
    "cn-north-1, options": { stack: "cn-north-1", variant: "options" },
};

export type BaselineCase = string;

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

/** One baseline case of the current program, from the captured runs (one per mocha process). */
export async function runBaselineCase(name: BaselineCase): Promise<BaselineRun> {
    const { stack, variant } = BASELINE_CASES[name];
    return normalizeRun((await capturedStack(stack, variant)).run);
}

export function readBaseline(): Record<BaselineCase, BaselineRun> {
    return JSON.parse(fs.readFileSync(BASELINE_FILE, "utf8"));
}

async function record(): Promise<void> {
    const names = Object.keys(BASELINE_CASES);
    const runs = await Promise.all(names.map((n) => runBaselineCase(n)));
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
