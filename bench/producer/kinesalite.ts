import { spawn } from "node:child_process";
import * as path from "node:path";
import { freePort } from "../../local/kinesis-emulator.js";

/**
 * kinesalite (in-memory) in its own process, so the emulator and the sender
 * being measured do not share one event loop. Its ARNs always say us-east-1
 * and account 000000000000, whatever the client sends.
 */
export interface Kinesalite {
    endpoint: string;
    region: string;
    accountId: string;
    version: string;
    pid: number;
    stop(): Promise<void>;
}

export async function startKinesalite(timeoutMs = 15_000): Promise<Kinesalite> {
    const packageJson = require.resolve("kinesalite/package.json");
    const version = (require(packageJson) as { version: string }).version;
    const port = await freePort();
    const child = spawn(
        process.execPath,
        [path.join(path.dirname(packageJson), "cli.js"), "--port", String(port), "--createStreamMs", "0", "--deleteStreamMs", "0", "--shardLimit", "100"],
        { stdio: ["ignore", "pipe", "pipe"] },
    );
    const pid = child.pid;
    if (pid === undefined) throw new Error("kinesalite did not start: spawn returned no PID");
    let output = "";
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    const stop = async () => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        await exited;
    };

    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
            void stop();
            reject(new Error(`kinesalite did not listen within ${timeoutMs} ms. Output:\n${output}`));
        }, timeoutMs);
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes("Listening at")) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`kinesalite exited with code ${code} before listening. Output:\n${output}`));
        });
    });
    return { endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", accountId: "000000000000", version, pid, stop };
}
