import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../local/paths.js";
import type { StageEvent } from "../../local/stage-reporter.js";
import { commandLine, isRunning, processTree, runningInGroup } from "./support/processes.js";

/** How long the pipeline's process is held stopped: far longer than a wrapper that relays signals waits for an answer. */
const HELD_MS = 500;

/**
 * `npm run local` stopped by `kill` (SIGTERM) while the Flink job runs: it must
 * stop the job's whole process group (python and its JVM) and the emulator, and
 * exit 130, as it does on Ctrl-C. Node's default on SIGTERM is to die at once.
 *
 * The process running the pipeline is held stopped (SIGSTOP) while the SIGTERM
 * arrives, as a loaded machine may leave it unscheduled: a wrapper in between
 * (the tsx command) would give up on it and SIGKILL it, and exit 143.
 */
describe("npm run local stopped by SIGTERM", function () {
    this.timeout(240_000);
    let work: string;
    before(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "local-stop-"))));
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("stops the job's process group and the emulator, then exits 130", async () => {
        const child = spawn("bash", [path.join(REPO_ROOT, "scripts", "local.sh"), "--work", work, "--timeout", "150", "--json"], {
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
                    if (events.at(-1)!.stage === "job" && events.at(-1)!.state === "ready") killWhilePipelineHeld(child.pid!);
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

/** SIGTERM to `pid` (what `kill` targets) while the process that runs local/cli.ts is stopped, then lets that process go on. */
function killWhilePipelineHeld(pid: number): void {
    const pipelinePid = processTree(pid)
        .filter((p) => commandLine(p).includes(path.join("local", "cli.ts")))
        .at(-1);
    if (pipelinePid === undefined) throw new Error(`no process under ${pid} runs local/cli.ts`);
    process.kill(pipelinePid, "SIGSTOP");
    process.kill(pid, "SIGTERM");
    setTimeout(() => {
        try {
            process.kill(pipelinePid, "SIGCONT");
        } catch {
            // Gone: a wrapper that gave up on it SIGKILLed it; the exit code tells.
        }
    }, HELD_MS);
}
