import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { sleep } from "../../../producer/sleep.js";
import { REPO_ROOT } from "../../../local/paths.js";

/**
 * `bash scripts/local.sh --serve ...` as a user starts it: its stdout collected line
 * by line, waited on by pattern, stopped with Ctrl-C (SIGINT) as a terminal sends it:
 * to the whole process group, kinesis-local included.
 */
export class ServedPipeline {
    readonly lines: string[] = [];
    readonly child: ChildProcessWithoutNullStreams;
    /** The exit code once the process has closed. */
    readonly exited: Promise<number | null>;

    private constructor(args: string[]) {
        this.child = spawn("bash", [path.join(REPO_ROOT, "scripts", "local.sh"), "--serve", ...args], {
            cwd: REPO_ROOT,
            // Its own process group, as a shell gives a foreground command.
            detached: true,
            env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        });
        let pending = "";
        this.child.stdout.on("data", (chunk: Buffer) => {
            const parts = (pending + chunk.toString()).split("\n");
            pending = parts.pop()!;
            this.lines.push(...parts);
        });
        this.child.stderr.resume();
        this.exited = new Promise((resolve) => this.child.on("close", resolve));
    }

    /** Starts `--serve` with `args` and waits for its banner (the job and the stream are up). */
    static async start(args: string[]): Promise<ServedPipeline> {
        const served = new ServedPipeline(args);
        await served.untilLine(/^results under /, "the serve banner", 150_000);
        return served;
    }

    /** The first printed line that matches; fails naming `what` once the process exits or the time is up. */
    async untilLine(pattern: RegExp, what: string, timeoutMs = 90_000): Promise<string> {
        const giveUpAt = Date.now() + timeoutMs;
        for (;;) {
            const line = this.lines.find((l) => pattern.test(l));
            if (line) return line;
            if (this.child.exitCode !== null || Date.now() > giveUpAt) throw new Error(`no ${what}; printed:\n${this.lines.slice(-30).join("\n")}`);
            await sleep(200);
        }
    }

    /** Ctrl-C, to the process group as a terminal sends it, then the exit code. */
    async interrupt(): Promise<number | null> {
        if (this.child.exitCode === null) process.kill(-this.child.pid!, "SIGINT");
        return this.exited;
    }
}
