import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createStream, emulatorClient, freePort, startKinesisLocal, type KinesisEmulator } from "../../local/kinesis-emulator.js";
import { CommanderError, EXIT_BAD_ARGUMENT, parseCommandLine } from "../../producer/cli-options.js";
import type { ProduceSummary } from "../../producer/index.js";
import { readAllRecords } from "./stream-reader.js";

const repoRoot = path.resolve(__dirname, "..", "..");

interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs `command args` from the repository root and collects its exit code and output. */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, whileRunning?: (child: ChildProcess) => void): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
        whileRunning?.(child);
        let stdout = "";
        let stderr = "";
        child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}, whileRunning?: (child: ChildProcess) => void): Promise<CliResult> {
    return runProcess(process.execPath, ["--import", "tsx", "producer/cli.ts", ...args], env, whileRunning);
}

/**
 * A proxy in front of the emulator that passes each request on and drops the
 * answer: the stream writes the records, the producer never hears back.
 */
async function startAnswerLosingProxy(upstream: URL): Promise<{ url: string; close: () => Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((client) => {
        const toStream = net.connect(Number(upstream.port), upstream.hostname);
        for (const socket of [client, toStream]) {
            sockets.add(socket);
            socket.on("error", () => {});
            socket.on("close", () => sockets.delete(socket));
        }
        client.pipe(toStream);
        toStream.on("data", () => {
            client.destroy();
            toStream.destroy();
        });
        client.on("close", () => toStream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        close: () =>
            new Promise((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
}

const SCRIPT = "/usr/bin/script";

/** Runs the CLI with stdout and stderr on a pseudo-terminal; both arrive, merged, in `stdout`. */
function runCliOnTerminal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
    const command = [process.execPath, "--import", "tsx", "producer/cli.ts", ...args].map(quote).join(" ");
    return runProcess(SCRIPT, ["--quiet", "--return", "--command", command, "/dev/null"], env);
}

describe("producer CLI", function () {
    // [arguments, the flag the message must name, a piece of the rule, the value it must quote]
    const badArguments: [string[], string, string, string?][] = [
        [["--count", "10"], "--stream-name", "--stream-arn"],
        [["--stream-name", "s", "--stream-arn", "arn:aws:kinesis:us-east-1:000000000000:stream/s"], "--stream-name", "cannot be used with option '--stream-arn"],
        [["--stream-name", "s", "--count", "abc"], "--count", "whole number", "abc"],
        [["--stream-name", "s", "--count", "0"], "--count", "at least 1", "0"],
        [["--stream-name", "s", "--duration", "0"], "--duration", "greater than 0", "0"],
        [["--stream-name", "s", "--rate=-5"], "--rate", "must be a number", "-5"],
        [["--stream-name", "s", "--rate", "-5"], "--rate", "must be a number", "-5"],
        [["--stream-name", "s", "--seed", "1.5"], "--seed", "whole number", "1.5"],
        [["--stream-name", "s", "--partition-key", "constant"], "--partition-key", "ticker, random", "constant"],
        [["--stream-name", "s", "--partition-key", "field:id"], "--partition-key", "applies to fromFile"],
        [["--stream-name", "s", "--concurrency", "0"], "--concurrency", "from 1 to", "0"],
        [["--stream-name", "s", "--tickers", "AAPL,AAPL"], "--tickers", "listed twice", "AAPL"],
        [["--stream-name", "s", "--tickers", "AAPL,,MSFT"], "--tickers", "each ticker", ""],
        [["--stream-name", "s", "--event-time", "later"], "--event-time", "wall, simulated", "later"],
        [["--stream-name", "s", "--event-time", "simulated"], "--event-time", "--count"],
        [["--stream-name", "s", "--span", "60"], "--span", "--event-time simulated", "60"],
        [["--stream-name", "s", "--event-time", "simulated", "--count", "9", "--start", "2026-11-25T12:00"], "--start", "with a zone", "2026-11-25T12:00"],
        [["--stream-name", "s", "--event-time", "simulated", "--count", "9", "--start", "2026-02-30T12:00:00Z"], "--start", "February 2026 has no day 30", "2026-02-30T12:00:00Z"],
        [["--stream-name", "s", "--event-time", "simulated", "--count", "9", "--start", "2026-11-25T24:00:00Z"], "--start", "no hour 24", "2026-11-25T24:00:00Z"],
        [["--stream-name", "s", "--event-time", "simulated", "--count", "9", "--span", "0"], "--span", "greater than 0", "0"],
        [["--stream-name", "s", "--time-format", "unix"], "--time-format", "iso, seed", "unix"],
        [["--stream-name", "s", "--endpoint", "localhost:4568"], "--endpoint", "http://", "localhost:4568"],
        [["--stream-name", "s", "--region", "US East"], "--region", "region name", "US East"],
        [["--stream-arn", "arn:aws:kinesis:us-east-1:1:stream/s"], "--stream-arn", "12-digit", "arn:aws:kinesis:us-east-1:1:stream/s"],
        [["--stream-name", "s", "--max-attempts", "0"], "--max-attempts", "from 1 to", "0"],
        [["--stream-name", "s", "--max-retry-seconds", "x"], "--max-retry-seconds", "must be a number", "x"],
        [["--stream-name", "s", "--events-out", "/no/such/dir/e.jsonl"], "--events-out", "directory that does not exist", "/no/such/dir/e.jsonl"],
        [["--stream-name", "s", "--from-file", "/no/such/events.jsonl"], "--from-file", "does not exist", "/no/such/events.jsonl"],
        [["--stream-name", "s", "--from-file", os.tmpdir()], "--from-file", "is a directory", os.tmpdir()],
        [["--stream-name", "s", "--from-file", "package.json", "--tickers", "AAPL"], "--from-file", "cannot be used with option '--tickers"],
        [["--stream-name", "s", "--cuont", "5"], "--cuont", "unknown option"],
        [["--stream-name", "s", "--count"], "--count", "argument missing"],
        [["--stream-name", "s", "--json=yes"], "--json=yes", "unknown option"],
        [["--stream-name", "s", "extra"], "argument", "unexpected argument", "extra"],
        [["--stream-name", "s", "--count", "5", "--stream-name", "x"], "--stream-name", 'given more than once ("s", then "x")'],
        [["--stream-name", "s", "--json", "--json"], "--json", "given more than once"],
        [["--stream-name", "s", "--events-out", os.tmpdir()], "--events-out", "is a directory", os.tmpdir()],
        [["--stream-name", "s", "--events-out", path.join(repoRoot, "package.json", "e.jsonl")], "--events-out", "parent that is not a directory"],
    ];
    const silently = { writeErr: () => {}, writeOut: () => {} };

    it("rejects each bad argument with a message naming the flag, the value and the rule", () => {
        for (const [args, flag, rule, value] of badArguments) {
            const label = args.join(" ");
            let error: unknown;
            try {
                parseCommandLine(args, silently);
            } catch (e) {
                error = e;
            }
            expect(error, label).to.be.instanceOf(CommanderError);
            const { message, exitCode } = error as CommanderError;
            expect(exitCode, label).to.equal(EXIT_BAD_ARGUMENT);
            expect(message, label).to.contain(flag).and.contain(rule);
            if (value !== undefined) expect(message, label).to.contain(`'${value}'`);
        }
    });

    it("reads --start by the real calendar, zone offsets and leap days included", () => {
        const startOf = (start: string) =>
            (parseCommandLine(["--stream-name", "s", "--event-time", "simulated", "--count", "9", "--start", start], silently).produce
                .eventTime as { start: Date }).start.toISOString();
        expect(startOf("2028-02-29T23:30:00+08:00")).to.equal("2028-02-29T15:30:00.000Z");
        expect(startOf("2026-11-25T12:00:00.123456Z")).to.equal("2026-11-25T12:00:00.123Z");
        expect(() => startOf("2027-02-29T00:00:00Z")).to.throw(CommanderError, "February 2027 has no day 29");
    });

    it("exits 2 on a bad argument, printing the message on stderr and nothing on stdout", async () => {
        // A few through the real process; the table above covers the rules.
        const picked = badArguments.filter(([, , rule]) =>
            ["--stream-arn", "at least 1", "ticker, random", "unknown option", "unexpected argument", "February 2026"].some((r) => rule.startsWith(r)),
        );
        expect(picked).to.have.length(7);
        const results = await Promise.all(picked.map(([args]) => runCli(args)));
        results.forEach((result, i) => {
            const [args, flag, rule] = picked[i];
            const label = args.join(" ");
            expect(result.code, label).to.equal(2);
            expect(result.stderr, label).to.contain(flag).and.to.contain(rule);
            expect(result.stdout, label).to.equal("");
        });
    });

    it("prints usage with --help and exits 0", async () => {
        const result = await runCli(["--help"]);
        expect(result.code).to.equal(0);
        for (const flag of ["--stream-name", "--stream-arn", "--count", "--duration", "--rate", "--json", "--events-out"]) {
            expect(result.stdout).to.contain(flag);
        }
    });

    it("warns that one ticker keyed by ticker uses one shard", () => {
        const warningsOf = (...args: string[]) => parseCommandLine(["--stream-name", "s", ...args]).warnings;
        expect(warningsOf("--tickers", "AAPL")).to.deep.equal([
            'warning: --tickers "AAPL" with --partition-key ticker puts every record on one shard; ' +
                "use --partition-key random to spread them over all shards",
        ]);
        expect(warningsOf("--tickers", "AAPL", "--partition-key", "ticker")).to.have.length(1);
        expect(warningsOf("--tickers", "AAPL", "--partition-key", "random")).to.deep.equal([]);
        expect(warningsOf("--tickers", "AAPL,MSFT")).to.deep.equal([]);
        expect(warningsOf()).to.deep.equal([]);
    });

    it("without a region, says how to give one; prints warnings on stderr", async () => {
        const result = await runCli(["--stream-name", "s", "--count", "3", "--tickers", "AAPL"], {
            AWS_REGION: undefined,
            AWS_DEFAULT_REGION: undefined,
            AWS_PROFILE: undefined,
            AWS_CONFIG_FILE: "/nonexistent",
            AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
            AWS_ACCESS_KEY_ID: "a",
            AWS_SECRET_ACCESS_KEY: "b",
        });
        expect(result.code, result.stderr).to.equal(1);
        expect(result.stdout).to.contain("Region is missing");
        expect(result.stderr).to.contain("produce: give the region with --region or AWS_REGION\n");
        expect(result.stderr).to.contain('produce: warning: --tickers "AAPL" with --partition-key ticker');
    });

    it("shows the status line on a terminal, and not with --json or when piped", async function () {
        if (!fs.existsSync(SCRIPT)) this.skip(); // util-linux `script` provides the terminal
        const closedPort = await freePort();
        // --rate 1 makes the run last at least 2 s, so the 1 s status tick must come; the sends fail fast.
        const args = ["--stream-name", "s", "--endpoint", `http://127.0.0.1:${closedPort}`, "--region", "us-east-1",
                      "--rate", "1", "--count", "3", "--max-attempts", "1"];
        const env = { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" };
        const [terminal, terminalJson, piped] = await Promise.all([
            runCliOnTerminal(args, env),
            runCliOnTerminal([...args, "--json"], env),
            runCli(args, env),
        ]);
        const statusLine = /\r\x1b\[2K\d+s {2}\d+ events\/s/;
        expect(terminal.stdout, "on a terminal").to.match(statusLine);
        expect(terminalJson.stdout, "--json").to.contain('"generated":3');
        expect(terminalJson.stdout, "--json").to.not.match(statusLine);
        expect(piped.stdout, "piped").to.contain("delivered 0 of 3");
        expect(piped.stdout + piped.stderr, "piped").to.not.contain("\x1b[2K");
    });

    it("exits 1 and counts every event as failed when the retry bound runs out", async () => {
        const closedPort = await freePort();
        const result = await runCli(
            ["--stream-name", "s", "--endpoint", `http://127.0.0.1:${closedPort}`, "--region", "us-east-1",
             "--count", "25", "--json", "--max-attempts", "3", "--max-retry-seconds", "5"],
            { AWS_ACCESS_KEY_ID: "000000000000", AWS_SECRET_ACCESS_KEY: "local" },
        );
        expect(result.code, result.stderr).to.equal(1);
        const summary = JSON.parse(result.stdout) as ProduceSummary;
        expect(summary).to.include({ generated: 25, delivered: 0, failed: 25, retried: 50, requests: 3 });
        expect(summary.errors).to.deep.equal({ ECONNREFUSED: 75 });
    });

    describe("against kinesis-local", () => {
        let emulator: KinesisEmulator;
        let client: KinesisClient;
        let dir: string;
        const credentials = () => ({ AWS_ACCESS_KEY_ID: emulator.accountId, AWS_SECRET_ACCESS_KEY: "local" });

        before(async () => {
            emulator = await startKinesisLocal();
            client = emulatorClient(emulator);
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "producer-cli-"));
        });
        after(async () => {
            client?.destroy();
            await emulator?.stop();
            if (dir) fs.rmSync(dir, { recursive: true, force: true });
        });

        it("delivers, prints one JSON summary, writes the delivered events, and exits 0", async () => {
            await createStream(client, "cli-ok", 2);
            const eventsOut = path.join(dir, "events.jsonl");
            const result = await runCli(
                ["--stream-name", "cli-ok", "--endpoint", emulator.endpoint, "--region", emulator.region,
                 "--count", "1200", "--seed", "5", "--event-time", "simulated", "--start", "2026-11-25T12:00:00Z",
                 "--span", "180", "--time-format", "seed", "--json", "--events-out", eventsOut],
                credentials(),
            );
            expect(result.code, result.stderr).to.equal(0);
            expect(result.stdout.trim().split("\n")).to.have.length(1);
            const summary = JSON.parse(result.stdout) as ProduceSummary;
            expect(summary).to.include({ stream: "cli-ok", seed: 5, generated: 1200, delivered: 1200, failed: 0 });

            const lines = fs.readFileSync(eventsOut, "utf8").trimEnd().split("\n");
            const onStream = (await readAllRecords(client, "cli-ok")).map((r) => r.data);
            expect(onStream).to.have.length(1200);
            expect(lines.slice().sort()).to.deep.equal(onStream.slice().sort());
        });

        it("on Ctrl-C, finishes the batches in flight, reports them and loses nothing", async () => {
            await createStream(client, "cli-sigint", 1);
            const eventsOut = path.join(dir, "sigint.jsonl");
            const deliveredSoFar = () => (fs.existsSync(eventsOut) ? fs.readFileSync(eventsOut, "utf8").split("\n").length - 1 : 0);
            const result = await runCli(
                ["--stream-name", "cli-sigint", "--endpoint", emulator.endpoint, "--region", emulator.region,
                 "--rate", "200", "--duration", "120", "--seed", "9", "--json", "--events-out", eventsOut],
                credentials(),
                (child) => {
                    // Interrupt once deliveries are under way, as a person at a terminal would.
                    const poll = setInterval(() => {
                        if (deliveredSoFar() >= 100) {
                            clearInterval(poll);
                            child.kill("SIGINT");
                        }
                    }, 50);
                    child.on("close", () => clearInterval(poll));
                },
            );
            expect(result.code, result.stderr).to.equal(0);
            expect(result.stderr).to.contain("finishing the batches in flight");
            const summary = JSON.parse(result.stdout) as ProduceSummary;
            expect(summary.stoppedBy).to.equal("signal");
            expect(summary.failed).to.equal(0);
            expect(summary.generated).to.equal(summary.delivered);
            // Stopped early: far fewer than the 24 000 events that 120 s at 200/s would send.
            expect(summary.delivered).to.be.at.least(100).and.below(24_000);
            const onStream = (await readAllRecords(client, "cli-sigint")).map((r) => r.data);
            expect(onStream).to.have.length(summary.delivered);
            expect(deliveredSoFar()).to.equal(summary.delivered);
        });

        it("exits 1 and reports unknown, not failed, when the stream writes the records but the answers are lost", async () => {
            await createStream(client, "cli-lost-answers", 1);
            const proxy = await startAnswerLosingProxy(new URL(emulator.endpoint));
            try {
                const result = await runCli(
                    ["--stream-name", "cli-lost-answers", "--endpoint", proxy.url, "--region", emulator.region,
                     "--count", "40", "--seed", "2", "--json", "--max-attempts", "3"],
                    credentials(),
                );
                expect(result.code, result.stderr).to.equal(1);
                const summary = JSON.parse(result.stdout) as ProduceSummary;
                expect(summary).to.include({ generated: 40, delivered: 0, failed: 0, unknown: 40 });
            } finally {
                await proxy.close();
            }
            // Each attempt reached the stream: it holds every record three times.
            const onStream = (await readAllRecords(client, "cli-lost-answers")).map((r) => r.data);
            expect(onStream).to.have.length(3 * 40);
            expect(new Set(onStream).size).to.be.at.most(40);
        });

        it("replays a JSON Lines file in order, keyed by a field, and exits 0", async () => {
            await createStream(client, "cli-replay", 2);
            const lines = [
                ...Array.from({ length: 30 }, (_, i) => JSON.stringify({ sensor_id: `s${i % 4}`, reading: i })),
                "{broken",
            ];
            const input = path.join(dir, "replay.jsonl");
            fs.writeFileSync(input, lines.slice(0, 10).join("\n") + "\n\n" + lines.slice(10).join("\r\n") + "\n");
            const eventsOut = path.join(dir, "replayed.jsonl");
            const result = await runCli(
                ["--stream-name", "cli-replay", "--endpoint", emulator.endpoint, "--region", emulator.region,
                 "--from-file", input, "--partition-key", "field:sensor_id", "--json", "--events-out", eventsOut],
                credentials(),
            );
            expect(result.code, result.stderr).to.equal(0);
            const summary = JSON.parse(result.stdout) as ProduceSummary;
            expect(summary).to.include({ generated: 31, delivered: 31, stoppedBy: "end-of-file" });
            expect(summary.fromFile).to.include({ blankLines: 1, unkeyedLines: 1 });
            expect(fs.readFileSync(eventsOut, "utf8")).to.equal(lines.join("\n") + "\n");
            const onStream = await readAllRecords(client, "cli-replay");
            expect(onStream.map((r) => r.data).sort()).to.deep.equal([...lines].sort());
            for (const sensor of ["s0", "s1", "s2", "s3"]) {
                const records = onStream.filter((r) => r.partitionKey === sensor);
                expect(new Set(records.map((r) => r.shardId)).size, sensor).to.equal(1);
                expect(records.map((r) => r.data), sensor).to.deep.equal(lines.filter((l) => l.includes(`"${sensor}"`)));
            }
        });

        it("exits 1 when the stream does not exist, reporting why", async () => {
            const result = await runCli(
                ["--stream-name", "no-such-stream", "--endpoint", emulator.endpoint, "--region", emulator.region, "--count", "10"],
                credentials(),
            );
            expect(result.code).to.equal(1);
            expect(result.stdout).to.contain("delivered 0 of 10").and.to.contain("failed 10");
            expect(result.stdout).to.contain("ResourceNotFoundException");
        });
    });
});
