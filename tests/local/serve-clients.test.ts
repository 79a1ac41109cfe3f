import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { sleep } from "../../producer/sleep.js";
import { clientEnvironment } from "../../local/client-environment.js";
import type { DurablePipeline } from "../../local/durable-pipeline.js";
import { tickerLocalJob } from "../../local/local-job.js";
import { REPO_ROOT } from "../../local/paths.js";
import { serve, type ServeResult } from "../../local/serve.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const run = promisify(execFile);

/** boto3 and the AWS CLI (v1, which takes --data as text) from PyPI, in the venv scripts/setup-python.sh --tests creates. */
const CLIENTS_BIN = path.join(REPO_ROOT, ".venv-clients", "bin");
const STREAM = "ticker-events";
const WINDOW_SECONDS = 5;

/** The original article's producer: boto3, one put_record per event, json.dumps, a fixed partition key. */
const BOTO3_PRODUCER = `
import json, sys, boto3
client = boto3.client("kinesis")
for line in sys.stdin:
    data = json.loads(line)
    client.put_record(StreamName="${STREAM}", Data=data if isinstance(data, str) else json.dumps(data), PartitionKey="partitionkey")
`;

interface Event {
    event_time: string;
    ticker: string;
    price: number;
}

/** Naive local time, as the article's datetime.now().isoformat() writes it (this machine runs in UTC). */
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, seconds)).toISOString().replace("Z", "").replace(".000", "");

describe("real clients writing to a --serve pipeline (local/serve.ts)", function () {
    this.timeout(300_000);
    let work: string;
    const lines: string[] = [];
    const controller = new AbortController();
    let serving: Promise<ServeResult> | undefined;
    let pipeline: DurablePipeline;

    before(async function () {
        if (!fs.existsSync(path.join(CLIENTS_BIN, "aws"))) throw new Error(`${CLIENTS_BIN}/aws missing: run bash scripts/setup-python.sh --tests`);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "local-serve-"));
        const ready = new Promise<DurablePipeline>((resolve, reject) => {
            serving = serve({
                workDir: work,
                outDir: path.join(work, "bucket"),
                resume: false,
                job: tickerLocalJob({ windowSeconds: WINDOW_SECONDS, watermarkDelaySeconds: 1 }),
                shards: 1,
                region: "us-east-1",
                timeoutSeconds: 120,
                database: "streaming_analytics",
                refreshSeconds: 1,
                signal: controller.signal,
                out: (line) => lines.push(line),
                onReady: resolve,
            });
            serving.catch(reject);
        });
        pipeline = await ready;
    });

    after(async () => {
        controller.abort();
        await serving?.catch(() => undefined);
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    async function untilLine(pattern: RegExp, what: string, timeoutMs = 90_000): Promise<string> {
        const giveUpAt = Date.now() + timeoutMs;
        for (;;) {
            const line = lines.find((l) => pattern.test(l));
            if (line) return line;
            if (Date.now() > giveUpAt) throw new Error(`no ${what} within ${timeoutMs} ms; printed:\n${lines.slice(-30).join("\n")}`);
            await sleep(200);
        }
    }

    it("prints the endpoint, the stream's name and ARN, and the client environment", () => {
        expect(lines).to.include(`stream      ${STREAM}`);
        expect(lines).to.include(`stream ARN  ${pipeline.streamArn}`);
        for (const [key, value] of Object.entries(clientEnvironment(pipeline.emulator))) expect(lines).to.include(`export ${key}=${value}`);
    });

    it("aggregates what boto3 and the AWS CLI put, rejects what they put malformed, one line each, and stops with a savepoint", async () => {
        const env = { ...process.env, ...clientEnvironment(pipeline.emulator) };
        const fromBoto3: Event[] = [
            { event_time: at(0), ticker: "AAPL", price: 10 },
            { event_time: at(1), ticker: "AAPL", price: 20 },
            { event_time: at(2), ticker: "MSFT", price: 7.5 },
        ];
        const boto3Input = [...fromBoto3.map((e) => JSON.stringify(e)), JSON.stringify("not json {")].join("\n");
        const boto3 = run(path.join(CLIENTS_BIN, "python"), ["-c", BOTO3_PRODUCER], { env });
        boto3.child.stdin!.end(`${boto3Input}\n`);
        await boto3;

        const fromCli: Event[] = [
            { event_time: at(6), ticker: "AAPL", price: 30 },
            // Past the end of the second window plus the delay: closes both.
            { event_time: at(12), ticker: "TBV", price: 1 },
        ];
        const putRecord = (data: string) =>
            run(path.join(CLIENTS_BIN, "aws"), ["kinesis", "put-record", "--stream-name", STREAM, "--partition-key", "cli", "--data", data], { env });
        for (const e of fromCli) expect(JSON.parse((await putRecord(JSON.stringify(e))).stdout).SequenceNumber).to.be.a("string");
        await putRecord(JSON.stringify({ event_time: at(7), ticker: "AAPL", price: "twelve" }));

        const aaplFirst = await untilLine(/^window {2}AAPL {3}2026-11-25 12:00:00 \.\. 12:00:05/, "first AAPL window");
        expect(aaplFirst).to.match(/avg 15\.0000 {2}min 10 {2}max 20 {2}events 2$/);
        expect(await untilLine(/^window {2}MSFT {3}2026-11-25 12:00:00/, "MSFT window")).to.match(/avg 7\.5000 {2}min 7\.5 {2}max 7\.5 {2}events 1$/);
        expect(await untilLine(/^window {2}AAPL {3}2026-11-25 12:00:05/, "second AAPL window")).to.match(/avg 30\.0000 {2}min 30 {2}max 30 {2}events 1$/);
        expect(await untilLine(/^reject {2}malformed_json: /, "boto3's malformed record")).to.equal(`reject  malformed_json: not json {`);
        expect(await untilLine(/^reject {2}invalid_price: /, "the CLI's bad price")).to.contain('"price":"twelve"');
        await untilLine(/^== .* \(latest_average_per_ticker\) ==$/, "a refresh of the named queries");
        // The TBV window is still open: the watermark has not passed it.
        expect(lines.filter((l) => l.startsWith("window  TBV"))).to.deep.equal([]);
        expect(lines.filter((l) => l.startsWith("window  ")), "one line per committed window").to.have.length(3);

        controller.abort();
        const result = await serving!;
        expect(result.savepoint, lines.slice(-3).join("\n")).to.be.a("string");
        expect(fs.existsSync(path.join(result.savepoint!, "_metadata"))).to.equal(true);
        expect(result.windowsSeen).to.equal(3);
        expect(result.rejectsSeen).to.equal(2);
    });
});
