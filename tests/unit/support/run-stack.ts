/**
 * Runs the real stacks/index.ts under mocks with a stack's YAML config and prints
 * what it registered as JSON on stdout. Mocks and config are process-global, so
 * the stack tests run this in a child process per stack:
 *
 *   node --import tsx tests/unit/support/run-stack.ts <stack> [overrides-json]
 *
 * Overrides are extra or replacing config entries, e.g. {"streamingAnalytics:code": "/tmp/app.zip"}.
 */
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import * as fs from "node:fs";
import * as path from "node:path";
import { environmentForRegion, RecordingMocks } from "./mocks.js";

const ROOT = path.resolve(__dirname, "..", "..", "..");

export interface StackRun {
    stack: string;
    project: string;
    config: Record<string, string>;
    resources: RecordingMocks["resources"];
    urns: string[];
    outputs: Record<string, unknown>;
}

/** Pulumi hands config to programs as strings; structured values arrive as JSON. */
export function stackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const file = yaml.load(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
        config?: Record<string, unknown>;
    };
    const merged = { ...(file.config ?? {}), ...overrides };
    return Object.fromEntries(
        Object.entries(merged).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

async function main(): Promise<void> {
    const [stack, overridesJson] = process.argv.slice(2);
    if (!stack) throw new Error("usage: run-stack.ts <stack> [overrides-json]");
    const project = (yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { name: string; main: string });
    const config = stackConfig(stack, overridesJson ? JSON.parse(overridesJson) : {});
    const region = config["aws:region"];
    if (!region) throw new Error(`Pulumi.${stack}.yaml sets no aws:region`);

    const mocks = new RecordingMocks(environmentForRegion(region));
    await pulumi.runtime.setMocks(mocks, project.name, stack, false);
    pulumi.runtime.setAllConfig(config);

    // Load the program the way Pulumi's Node.js host does for a CommonJS project
    // with `main: stacks/`: require() of the folder.
    process.chdir(ROOT);
    const program = require(path.join(ROOT, project.main).replace(/\/?$/, "/")) as Record<string, unknown>;

    const settings = require("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs(): Promise<void>;
        getMonitor(): { resources?: Map<string, unknown> } | undefined;
    };
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = pulumi.Output.isInstance(value)
            ? await new Promise((resolve) => value.apply((v) => resolve(v ?? null)))
            : value;
    }
    await settings.waitForRPCs();
    const run: StackRun = {
        stack,
        project: project.name,
        config,
        resources: mocks.resources,
        urns: [...(settings.getMonitor()?.resources?.keys() ?? [])],
        outputs,
    };
    process.stdout.write(JSON.stringify(run));
}

if (require.main === module) {
    main().catch((err) => {
        process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
        process.exit(1);
    });
}
