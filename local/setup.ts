import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths.js";

/**
 * Installs what the local pipeline needs and npm cannot: the Python venv with
 * PyFlink and the job's connector jar (from its folder's pom.xml; the ticker job's
 * by default). Both scripts return at once when already done.
 */
export async function ensurePythonAndConnector(note: (line: string) => void, jobDir?: string): Promise<void> {
    await runScript(path.join(REPO_ROOT, "scripts", "setup-python.sh"), [], note);
    await runScript(path.join(REPO_ROOT, "scripts", "build-jar.sh"), jobDir === undefined ? [] : [jobDir], note);
}

function runScript(script: string, args: string[], note: (line: string) => void): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        const tail: string[] = [];
        const collect = (chunk: Buffer) => {
            for (const line of chunk.toString().split("\n").filter(Boolean)) {
                tail.push(line);
                if (tail.length > 30) tail.shift();
                if (/^\[\d\d:\d\d:\d\d\]/.test(line)) note(line.replace(/^\[[^\]]+\]\s*/, ""));
            }
        };
        child.stdout.on("data", collect);
        child.stderr.on("data", collect);
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0
                ? resolve()
                : reject(new Error(`${path.basename(script)} failed (exit ${code}); run it by hand: bash ${[script, ...args].join(" ")}\n${tail.join("\n")}`)),
        );
    });
}
