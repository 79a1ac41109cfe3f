import {
    CreateStreamCommand,
    DescribeStreamSummaryCommand,
    KinesisClient,
    ResourceInUseException,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { persistenceEnvironment, persistFile, PERSIST_WAIT_MS, restoreIfCutShort, savedAfter, savedStateProblem } from "./kinesis-persistence.js";

/**
 * kinesis-local (the kinesis-mock emulator, as an npm package) run as a child
 * process, for tests and the local pipeline.
 */
export interface KinesisEmulator {
    /** http://127.0.0.1:<plainPort> */
    endpoint: string;
    region: string;
    /** Streams are namespaced by account; clients select it with their access key id. */
    accountId: string;
    pid: number;
    plainPort: number;
    tlsPort: number;
    /** Kills the process and waits for it to exit. */
    stop(): Promise<void>;
}

export interface StartKinesisLocalOptions {
    region?: string;
    accountId?: string;
    /** Default: a free port. */
    plainPort?: number;
    /** Default: a free port. Nothing here uses TLS, but kinesis-local always listens on it. */
    tlsPort?: number;
    /** kinesis-local's LOG_LEVEL: ERROR, WARN, INFO, DEBUG or TRACE. Default WARN. */
    logLevel?: string;
    /** Each line kinesis-local writes to stdout or stderr. */
    onLog?: (line: string) => void;
    /** How long to wait for /healthcheck. Default 30 s. */
    startTimeoutMs?: number;
    /** Picks the ports not given above. Default: {@link freePort}. */
    choosePort?: () => Promise<number>;
    /**
     * Keeps the streams and their records in this folder, and loads them from it at
     * start when present, so a resumed pipeline finds the stream it left. Default: in memory only.
     */
    persistDir?: string;
}

const DEFAULT_REGION = "us-east-1";
const DEFAULT_ACCOUNT_ID = "000000000000";
const OUTPUT_TAIL_LINES = 40;

/** A port nobody listens on right now (another process may take it before kinesis-local binds it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

function packageFile(file: string): string {
    return path.join(path.dirname(require.resolve("kinesis-local/package.json")), file);
}

/** Tries again on other free ports when another process took one of ours first. */
const PORT_ATTEMPTS = 3;

export async function startKinesisLocal(opts: StartKinesisLocalOptions = {}): Promise<KinesisEmulator> {
    const portsChosenHere = opts.plainPort === undefined || opts.tlsPort === undefined;
    for (let attempt = 1; ; attempt++) {
        try {
            return await startOnce(opts);
        } catch (error) {
            const portTaken = error instanceof EmulatorExitError && /EADDRINUSE|Address already in use/i.test(error.output);
            if (!portTaken || !portsChosenHere || attempt >= PORT_ATTEMPTS) throw error;
        }
    }
}

class EmulatorExitError extends Error {
    constructor(
        message: string,
        readonly output: string,
    ) {
        super(message);
    }
}

/** kinesis-local's settings: environment variables its main.js reads. */
function emulatorEnvironment(
    opts: StartKinesisLocalOptions,
    chosen: { region: string; accountId: string; plainPort: number; tlsPort: number },
): Record<string, string> {
    return {
        // Without it kinesis-local looks for server.json in the working directory and crashes.
        KINESIS_MOCK_CERT_PATH: packageFile("server.json"),
        KINESIS_MOCK_PLAIN_PORT: String(chosen.plainPort),
        KINESIS_MOCK_TLS_PORT: String(chosen.tlsPort),
        AWS_REGION: chosen.region,
        AWS_ACCOUNT_ID: chosen.accountId,
        LOG_LEVEL: opts.logLevel ?? "WARN",
        // Streams become ACTIVE this long after CreateStream; tests need not wait 500 ms.
        CREATE_STREAM_DURATION: "50ms",
        ...(opts.persistDir ? persistenceEnvironment(opts.persistDir) : {}),
    };
}

async function startOnce(opts: StartKinesisLocalOptions): Promise<KinesisEmulator> {
    const region = opts.region ?? DEFAULT_REGION;
    const accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
    const choosePort = opts.choosePort ?? freePort;
    const plainPort = opts.plainPort ?? (await choosePort());
    const tlsPort = opts.tlsPort ?? (await choosePort());
    const savedProblem = opts.persistDir && savedStateProblem(opts.persistDir);
    if (savedProblem) throw new Error(savedProblem);
    const child = spawn(process.execPath, [packageFile("main.js")], {
        env: { ...process.env, ...emulatorEnvironment(opts, { region, accountId, plainPort, tlsPort }) },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const pid = child.pid;
    if (pid === undefined) {
        throw new Error("kinesis-local did not start: spawn returned no PID");
    }

    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split(/\r?\n/)) {
            if (line === "") continue;
            tail.push(line);
            if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
            opts.onLog?.(line);
        }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);

    let exitCode: number | null | undefined;
    const exited = new Promise<void>((resolve) => {
        child.once("exit", (code, signal) => {
            exitCode = code ?? (signal ? -1 : null);
            resolve();
        });
    });
    // A test run that crashes must not leave an emulator behind.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);

    const stop = async () => {
        process.removeListener("exit", killOnExit);
        const hasExited = () => exitCode !== undefined;
        // kinesis-local writes its state only on its interval, not on a signal: wait for a
        // whole write that began after every record put so far (see kinesis-persistence.ts).
        // A Ctrl-C in a terminal reaches it too (it is in the pipeline's process group):
        // it then writes its state once more and exits, which ends the wait.
        const dir = opts.persistDir;
        const saved = dir && !hasExited() ? await savedAfter(persistFile(dir), Date.now(), { exited: hasExited }) : undefined;
        const exitedOnItsOwn = hasExited();
        if (!exitedOnItsOwn) {
            // With its state on disk nothing is lost by SIGKILL; SIGTERM can take 5 s here.
            child.kill(dir ? "SIGKILL" : "SIGTERM");
            const killed = setTimeout(() => child.kill("SIGKILL"), 5000);
            await exited;
            clearTimeout(killed);
        }
        if (!dir) return;
        if (saved) {
            // The kill may have landed in the middle of the next write.
            restoreIfCutShort(persistFile(dir), saved);
            return;
        }
        const problem = savedStateProblem(dir);
        if (problem) throw new Error(problem);
        if (!exitedOnItsOwn) throw new Error(`kinesis-local did not write ${persistFile(dir)} whole within ${PERSIST_WAIT_MS} ms before it was stopped: its latest records are not saved`);
    };

    const endpoint = `http://127.0.0.1:${plainPort}`;
    await untilHealthy(endpoint, opts.startTimeoutMs ?? 30_000, {
        exitCode: () => exitCode,
        output: () => tail.join("\n"),
        stop,
        exitedEarly: () => {
            process.removeListener("exit", killOnExit);
            return `kinesis-local exited with code ${exitCode} before it was healthy (ports ${plainPort}/${tlsPort})`;
        },
    });
    return { endpoint, region, accountId, pid, plainPort, tlsPort, stop };
}

/** What untilHealthy() watches of the starting process. */
interface StartingEmulator {
    /** undefined while it runs. */
    exitCode(): number | null | undefined;
    output(): string;
    stop(): Promise<void>;
    /** Cleans up after an early exit and says what happened. */
    exitedEarly(): string;
}

/** Polls GET /healthcheck until it answers 200; throws with the emulator's output if it exits or times out. */
async function untilHealthy(endpoint: string, timeoutMs: number, emulator: StartingEmulator): Promise<void> {
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
        if (emulator.exitCode() !== undefined) {
            throw new EmulatorExitError(`${emulator.exitedEarly()}. Output:\n${emulator.output()}`, emulator.output());
        }
        try {
            const response = await fetch(`${endpoint}/healthcheck`, { signal: AbortSignal.timeout(1000) });
            if (response.status === 200) return;
        } catch {
            // not listening yet
        }
        if (Date.now() > giveUpAt) {
            await emulator.stop();
            throw new Error(`kinesis-local did not answer GET ${endpoint}/healthcheck with 200 within ${timeoutMs} ms. Output:\n${emulator.output()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/**
 * A client for an emulator: HTTP/1.1 (the SDK's default HTTP/2 handler fails
 * with "Protocol error" against the emulators) and static credentials whose
 * access key id is the account id, which kinesis-local takes as the account.
 */
export function emulatorClient(emulator: Pick<KinesisEmulator, "endpoint" | "region" | "accountId">): KinesisClient {
    return new KinesisClient({
        endpoint: emulator.endpoint,
        region: emulator.region,
        credentials: { accessKeyId: emulator.accountId, secretAccessKey: "local" },
        requestHandler: new NodeHttpHandler(),
    });
}

/** Creates a stream and waits until it is ACTIVE; returns its ARN. */
export async function createStream(
    client: KinesisClient,
    name: string,
    shardCount: number,
    timeoutMs = 30_000,
): Promise<string> {
    try {
        await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
    } catch (error) {
        // Creating a stream that exists is fine as long as it becomes ACTIVE.
        if (!(error instanceof ResourceInUseException)) throw error;
    }
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
        const { StreamDescriptionSummary: summary } = await client.send(
            new DescribeStreamSummaryCommand({ StreamName: name }),
        );
        if (summary?.StreamStatus === "ACTIVE" && summary.StreamARN) {
            return summary.StreamARN;
        }
        if (Date.now() > giveUpAt) {
            throw new Error(`stream ${name} is still ${summary?.StreamStatus ?? "unknown"} after ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
