import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../local/paths.js";
import type { StageEvent } from "../../local/stage-reporter.js";
import { isRunning, runningInGroup } from "./support/processes.js";

/**
 * `npm run local` stopped by `kill` (SIGTERM) while the Flink job runs: it must
 * stop the job's whole process group (python and its JVM) and the emulator, and
 * exit 130, as it does on Ctrl-C. Node's default on SIGTERM is to die at once.
 */
describe("npm run local stopped by SIGTERM", function () {
    this.timeout(240_000);
    let work: string;
    before(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "local-stop-"))));
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("stops the job's process group and the emulator, then exits 130", async () => {
        const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), [path.join(REPO_ROOT, "local", "cli.ts"), "--work", work, "--timeout", "150", "--json"], {
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        });
        // With --json, stderr carries one stage event a line, and other lines (the interruption notice) as text.
        let stderr = "";
        let pending = "";
        const events: StageEvent[] = [];
        const readyPid = (stage: string) => events.find((e) => e.stage === stage && e.state === "ready")?.details.pid as number | undefined;
        const code = await new Promise<number | null>((resolve) => {
            child.stderr.on("data", (chunk: Buffer) => {
                stderr += chunk.toString();
                const lines = (pending + chunk.toString()).split("\n");
                pending = lines.pop()!;
                for (const line of lines.filter((l) => l.startsWith("{"))) {
                    events.push(JSON.parse(line) as StageEvent);
                    if (events.at(-1)!.stage === "job" && events.at(-1)!.state === "ready") child.kill("SIGTERM");
                }
            });
            child.stdout.resume();
            child.on("close", resolve);
        });
        const jobPid = readyPid("job");
        const emulatorPid = readyPid("emulator");
        expect(jobPid, stderr).to.be.a("number");
        expect(emulatorPid, stderr).to.be.a("number");
        expect(code, stderr).to.equal(130);
        expect(stderr).to.contain("interrupted (SIGTERM)");
        expect(events.map((e) => `${e.stage} ${e.state}`)).to.include("shutdown ready");
        expect(runningInGroup(jobPid!), `job process group ${jobPid}`).to.deep.equal([]);
        expect(isRunning(emulatorPid!), `emulator ${emulatorPid} still running`).to.equal(false);
    });
});
