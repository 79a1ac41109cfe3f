/**
 * Runs an installed, compiled consumer program under mocks and prints what it
 * registered as JSON on stdout:
 *
 *   node --import tsx tests/examples/support/run-example-program.ts <programDir> <region> [config-json]
 *
 * The program's own @pulumi/pulumi (from its node_modules, the copy the installed
 * package uses too) gets the mocks and the config; the program is loaded the way
 * Pulumi's Node.js host loads it, with the program folder as working directory.
 */
import * as yaml from "js-yaml";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { environmentForRegion, RecordingMocks } from "../../unit/support/mocks.js";

export interface ProgramRun {
    project: string;
    resources: RecordingMocks["resources"];
    outputs: Record<string, unknown>;
}

async function main(): Promise<void> {
    const [programDir, region, configJson] = process.argv.slice(2);
    if (!programDir || !region) throw new Error("usage: run-example-program.ts <programDir> <region> [config-json]");
    const project = (yaml.load(fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    const programRequire = createRequire(path.join(programDir, "package.json"));
    const pulumi = programRequire("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const settings = programRequire("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

    const mocks = new RecordingMocks(environmentForRegion(region));
    await pulumi.runtime.setMocks(mocks, project, "dev", false);
    pulumi.runtime.setAllConfig({ "aws:region": region, ...(configJson ? JSON.parse(configJson) : {}) });

    process.chdir(programDir);
    const program = programRequire(path.join(programDir, "dist", "index.js")) as Record<string, unknown>;
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = pulumi.Output.isInstance(value) ? await new Promise((resolve) => value.apply((v) => resolve(v ?? null))) : value;
    }
    await settings.waitForRPCs();
    const run: ProgramRun = { project, resources: mocks.resources, outputs };
    process.stdout.write(JSON.stringify(run));
}

if (require.main === module) {
    main().catch((err) => {
        process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
        process.exit(1);
    });
}
