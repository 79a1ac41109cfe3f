import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LineReader } from "../../producer/line-reader.js";
import { MAX_BYTES_PER_RECORD, produce, type ProduceOptions } from "../../producer/index.js";
import { FakeKinesis } from "./fake-kinesis.js";

describe("producer file replay", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "producer-replay-"));
    const file = (name: string, content: string | Buffer) => {
        const p = path.join(dir, name);
        fs.writeFileSync(p, content);
        return p;
    };
    let fake: FakeKinesis | undefined;
    afterEach(() => fake?.restore());
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const replay = (fromFile: string, options: Partial<ProduceOptions> = {}) => {
        fake = new FakeKinesis();
        const sent: string[] = [];
        return produce({
            streamName: "fake", client: fake.client, fromFile, seed: 4, concurrency: 1,
            onDeliveredData: (data) => sent.push(...data.map((d) => Buffer.from(d).toString("utf8"))),
            ...options,
        }).then((summary) => ({ summary, sent, fake: fake! }));
    };

    it("reads lines as bytes: CRLF endings, a last line without a newline, lines longer than a read", () => {
        const long = "x".repeat(200_000);
        const reader = new LineReader(file("lines.txt", `a\r\n\n${long}\nünï\r\nlast`), 1000);
        const lines: string[] = [];
        for (let line = reader.next(); line !== undefined; line = reader.next()) lines.push(line.toString("utf8"));
        reader.close();
        expect(lines).to.deep.equal(["a", "", "x".repeat(1001), "ünï", "last"]);
    });

    it("sends every non-empty line as it is, in file order, malformed ones included, and counts the blank ones", async () => {
        const lines = ['{"sensor":"s1","t":1}', '{"sensor":"s2","t":2}', "not json", "", '{"sensor":"s1","t":3}', "   ", '{"t":4}'];
        const { summary, sent } = await replay(file("mixed.jsonl", lines.join("\n") + "\n"), { partitionKey: { field: "sensor" } });
        const records = lines.filter((l) => l !== "");
        expect(sent).to.deep.equal(records);
        expect(summary).to.include({ generated: records.length, delivered: records.length, failed: 0, stoppedBy: "end-of-file" });
        // "not json", "   " and {"t":4} have no sensor field: they go under a random key, counted.
        expect(summary.fromFile).to.deep.equal({ path: path.join(dir, "mixed.jsonl"), blankLines: 1, unkeyedLines: 3 });
        expect(fake!.written.map((w) => w.partitionKey).slice(0, 2)).to.deep.equal(["s1", "s2"]);
        expect(fake!.written[3].partitionKey).to.equal("s1");
    });

    it("keys lines by a field's value, with the same spread as generated events keyed by ticker", async () => {
        const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ ticker: ["AAPL", "MSFT", "TBV"][i % 3], n: i }));
        const { fake: f } = await replay(file("tickers.jsonl", lines.join("\n")), { partitionKey: "ticker" });
        expect(f.written.map((w) => w.partitionKey)).to.deep.equal(lines.map((l) => JSON.parse(l).ticker));
    });

    it("keys by random keys by default", async () => {
        const { fake: f } = await replay(file("plain.jsonl", "{}\n{}\n{}\n"));
        expect(new Set(f.written.map((w) => w.partitionKey)).size).to.equal(3);
    });

    it("counts a line too big for a Kinesis record as failed and sends the rest", async () => {
        const big = JSON.stringify({ blob: "y".repeat(MAX_BYTES_PER_RECORD) });
        const { summary, sent } = await replay(file("big.jsonl", `{"a":1}\n${big}\n{"a":2}\n`));
        expect(sent).to.deep.equal(['{"a":1}', '{"a":2}']);
        expect(summary).to.include({ generated: 3, delivered: 2, failed: 1 });
        expect(summary.errors).to.deep.equal({ RecordTooLarge: 1 });
    });

    it("replays with the same limits and aggregation as generated events", async () => {
        const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `d${i % 7}`, i }));
        const path1 = file("many.jsonl", lines.join("\n"));
        const limited = await replay(path1, { count: 150 });
        expect(limited.sent).to.deep.equal(lines.slice(0, 150));
        expect(limited.summary.stoppedBy).to.equal("count");
        const aggregated = await replay(path1, { aggregate: true, partitionKey: { field: "id" } });
        expect(aggregated.summary).to.include({ delivered: 2000, aggregated: true });
        expect(aggregated.summary.kinesisRecords).to.be.below(20);
        const readBack = [...aggregated.fake.eventsOnShards().values()].flat();
        expect(readBack).to.deep.equal(lines);
    });

    it("refuses generated-event options and a missing file before sending anything", async () => {
        fake = new FakeKinesis();
        const cases: [Partial<ProduceOptions>, RegExp][] = [
            [{ fromFile: path.join(dir, "none.jsonl") }, /^fromFile ".*none.jsonl": does not exist$/],
            [{ fromFile: dir }, /is a directory/],
            [{ fromFile: file("t.jsonl", "{}"), tickers: ["AAPL"] }, /^tickers \["AAPL"\]: applies to generated events, not to fromFile/],
            [{ fromFile: file("t.jsonl", "{}"), onDelivered: () => {} }, /use onDeliveredData$/],
            [{ fromFile: file("t.jsonl", "{}"), partitionKey: { field: "" } }, /needs the name of a top-level JSON field/],
        ];
        for (const [options, message] of cases) {
            let error: unknown;
            await produce({ streamName: "fake", client: fake.client, ...options }).catch((e) => (error = e));
            expect(error, JSON.stringify(options)).to.be.instanceOf(Error).with.property("message").that.matches(message);
        }
        expect(fake.calls).to.equal(0);
    });
});
