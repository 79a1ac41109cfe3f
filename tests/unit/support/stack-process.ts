import { spawn } from "node:child_process";
import * as path from "node:path";

/**
 * Runs the real stacks/index.ts under mocks in a child process (Pulumi mocks and
 * config are process-global), through run-stack.ts, and collects its output.
 */
export interface StackProcessResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

const RUNNER = path.join(__dirname, "run-stack.ts");
const ROOT = path.resolve(__dirname, "..", "..", "..");

export function runStackProcess(stack: string, overrides: Record<string, unknown> = {}): Promise<StackProcessResult> {
    return runTsxProcess(RUNNER, [stack, JSON.stringify(overrides)]);
}

/** Runs a TypeScript file through tsx in a child process from the repository root, collecting its output. */
export function runTsxProcess(script: string, args: readonly string[]): Promise<StackProcessResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
