import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../local/paths.js";
import { runningInGroup } from "./support/processes.js";
import { ServedPipeline } from "./support/served-pipeline.js";

const run = promisify(execFile);

/** boto3 and the AWS CLI (v1, which takes --data as text) from PyPI, in the venv scripts/setup-python.sh --tests creates. */
const CLIENTS_BIN = path.join(REPO_ROOT, ".venv-clients", "bin");
const STREAM = "ticker-events";

/** The original article's producer: boto3, one put_record per event, json.dumps, a fixed partition key. */
const BOTO3_PRODUCER = `
import json, sys, boto3
client = boto3.client("kinesis")
for line in sys.stdin:
    data = json.loads(line)
    client.put_record(StreamName="${STREAM}", Data=data if isinstance(data, str) else json.dumps(data), PartitionKey="partitionkey")
`;

/** Naive UTC time, as the article's datetime.now().isoformat() writes it on a machine in UTC. */
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, seconds)).toISOString().replace("Z", "").replace(".000", "");

/**
 * `npm run local -- --serve` as a user runs it: the clients read only what it
 * prints (the export lines), and Ctrl-C ends it. The job's 60 s windows close on
 * event time, so records stamped in the past close them at once.
 */
describe("boto3 and the AWS CLI writing to npm run local -- --serve", function () {
    this.timeout(300_000);
    let work: string;
    let served: ServedPipeline;

    before(async () => {
        if (!fs.existsSync(path.join(CLIENTS_BIN, "aws"))) throw new Error(`${CLIENTS_BIN}/aws missing: run bash scripts/setup-python.sh --tests`);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "local-serve-"));
        served = await ServedPipeline.start(["--work", work, "--refresh", "1"]);
    });

    after(async () => {
        await served?.interrupt();
        fs.rmSync(work, { recursive: true, force: true });
    });

    /** The environment a user copies from the export lines. */
    function printedEnvironment(): Record<string, string> {
        return Object.fromEntries(served.lines.map((l) => /^export (AWS_[A-Z_]+)=(\S+)$/.exec(l)).filter((m) => m !== null).map((m) => [m![1], m![2]]));
    }

    it("prints the stream's name and ARN, and the endpoint and dummy credentials clients need", () => {
        expect(served.lines).to.include(`stream      ${STREAM}`);
        expect(served.lines.some((l) => /^stream ARN {2}arn:aws:kinesis:us-east-1:000000000000:stream\/ticker-events$/.test(l))).to.equal(true);
        const env = printedEnvironment();
        expect(Object.keys(env).sort()).to.deep.equal(["AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_KINESIS", "AWS_REGION", "AWS_SECRET_ACCESS_KEY"]);
        expect(env.AWS_ENDPOINT_URL_KINESIS).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it("aggregates what boto3 and the AWS CLI put, rejects what they put malformed, one line each, and stops with a savepoint on Ctrl-C", async () => {
        const env = { ...process.env, ...printedEnvironment() };
        const boto3Records = [
            { event_time: at(0), ticker: "AAPL", price: 10 },
            { event_time: at(30), ticker: "AAPL", price: 20 },
            { event_time: at(59), ticker: "MSFT", price: 7.5 },
        ].map((e) => JSON.stringify(e));
        const boto3 = run(path.join(CLIENTS_BIN, "python"), ["-c", BOTO3_PRODUCER], { env });
        boto3.child.stdin!.end(`${[...boto3Records, JSON.stringify("not json {")].join("\n")}\n`);
        await boto3;

        const putRecord = async (record: object) => {
            const { stdout } = await run(path.join(CLIENTS_BIN, "aws"), ["kinesis", "put-record", "--stream-name", STREAM, "--partition-key", "cli", "--data", JSON.stringify(record)], { env });
            expect(JSON.parse(stdout).SequenceNumber).to.be.a("string");
        };
        await putRecord({ event_time: at(61), ticker: "AAPL", price: 30 });
        await putRecord({ event_time: at(62), ticker: "AAPL", price: "twelve" });
        // Past the first window's end plus the 5 s delay: it closes; the second stays open.
        await putRecord({ event_time: at(66), ticker: "TBV", price: 1 });

        expect(await served.untilLine(/^window {2}AAPL {3}2026-11-25 12:00:00 \.\. 12:01:00/, "the first AAPL window")).to.match(/avg 15\.0000 {2}min 10 {2}max 20 {2}events 2$/);
        expect(await served.untilLine(/^window {2}MSFT {3}2026-11-25 12:00:00/, "the MSFT window")).to.match(/avg 7\.5000 {2}min 7\.5 {2}max 7\.5 {2}events 1$/);
        expect(await served.untilLine(/^reject {2}malformed_json: /, "boto3's malformed record")).to.equal("reject  malformed_json: not json {");
        expect(await served.untilLine(/^reject {2}invalid_price: /, "the CLI's bad price")).to.contain('"price":"twelve"');
        await served.untilLine(/^== .* \(latest_average_per_ticker\) ==$/, "a refresh of the named queries");
        expect(served.lines.filter((l) => l.startsWith("window  ")), "one line per committed window; 12:01 is still open").to.have.length(2);

        const jobPid = Number(/\(pid (\d+)\)/.exec(served.lines.find((l) => l.startsWith("serving: "))!)![1]);
        expect(await served.interrupt(), served.lines.slice(-5).join("\n")).to.equal(0);
        const stopped = served.lines.find((l) => l.startsWith("stopped with savepoint "));
        expect(stopped, served.lines.slice(-5).join("\n")).to.be.a("string");
        expect(fs.existsSync(path.join(/^stopped with savepoint (\S+);/.exec(stopped!)![1], "_metadata"))).to.equal(true);
        expect(runningInGroup(jobPid), "the job's process group after Ctrl-C").to.deep.equal([]);
    });
});
