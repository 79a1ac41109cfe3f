import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths.js";

/**
 * Installs what the local pipeline needs and npm cannot: the Python venv with
 * PyFlink and the connector jar. Both scripts return at once when already done.
 */
export async function ensurePythonAndConnector(note: (line: string) => void): Promise<void> {
    for (const script of ["setup-python.sh", "build-jar.sh"]) {
        await runScript(path.join(REPO_ROOT, "scripts", script), note);
    }
}

function runScript(script: string, note: (line: string) => void): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn("bash", [script], { stdio: ["ignore", "pipe", "pipe"] });
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
                : reject(new Error(`${path.basename(script)} failed (exit ${code}); run it by hand: bash ${script}\n${tail.join("\n")}`)),
        );
    });
}
