import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { kinesisConnector, records } from "../../contract/index.js";
import { runTickerJob } from "../../local/local-run.js";
import { isRunning, runningInGroup } from "./support/processes.js";
import { runOncePerSuite } from "./support/run-once.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/**
 * The whole local pipeline, for real: kinesis-local, the producer, flink-src/main.py
 * on a Flink mini-cluster, committed files, DuckDB. Records use the seed producer's
 * timestamp format (Python isoformat(), microseconds, no zone).
 */
for (const aggregate of [false, true]) {
    describe(`local pipeline end to end (seed-format records, fixed seed${aggregate ? ", KPL-aggregated records" : ""})`, function () {
        // Above the worst case of two waiting stages of 150 s each, so the run's own
        // timeouts, which name the stage, fire before mocha's.
        this.timeout(420_000);
        const WINDOW_MS = 60_000;
        const DELAY_MS = 5_000;
        const start = new Date("2026-11-25T12:00:00Z");
        const run = runOncePerSuite("local-e2e-", (work, reporter, signal) =>
            runTickerJob(
                {
                    windows: 3,
                    count: 3000,
                    seed: 20261125,
                    start,
                    timeFormat: "seed",
                    shards: 1,
                    aggregate,
                    windowSeconds: 60,
                    watermarkDelaySeconds: 5,
                    tailSeconds: 5,
                    outDir: path.join(work, "bucket"),
                    workDir: work,
                    chartFile: path.join(work, "chart.png"),
                    timeoutSeconds: 150,
                    region: "us-east-1",
                    database: "streaming_analytics",
                    signal,
                },
                reporter,
            ),
        );

        /** Independent of local/expected-windows.ts: events are in order, so nothing is late. */
        function independentlyExpected() {
            const millis = run.result.delivered.map((e) => {
                const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{6}))?$/.exec(e.event_time);
                expect(m, `seed format: ${e.event_time}`).to.not.equal(null);
                return Date.parse(`${m![1]}Z`) + Math.floor(Number(m![2] ?? "0") / 1000);
            });
            const maxMs = Math.max(...millis);
            const windows = new Map<string, number[]>();
            run.result.delivered.forEach((e, i) => {
                const startMs = millis[i] - (millis[i] % WINDOW_MS);
                if (startMs + WINDOW_MS - 1 > maxMs - DELAY_MS) return; // still open
                const key = `${e.ticker} ${new Date(startMs).toISOString()}`;
                windows.set(key, [...(windows.get(key) ?? []), e.price]);
            });
            return { millis, windows };
        }

        it(`delivers every event, in event-time order, in the seed's timestamp format${aggregate ? ", many per Kinesis record" : ""}`, () => {
            expect(run.result.produced.aggregated).to.equal(aggregate);
            // Aggregated, the job must de-aggregate for the windows below to match.
            if (aggregate) expect(run.result.produced.kinesisRecords).to.be.below(run.result.produced.delivered / 10);
            else expect(run.result.produced.kinesisRecords).to.equal(run.result.produced.delivered);
            expect(run.result.produced.generated).to.equal(3000);
            expect(run.result.produced.delivered).to.equal(3000);
            expect(run.result.produced.failed).to.equal(0);
            expect(run.result.delivered).to.have.length(3000);
            const { millis } = independentlyExpected();
            expect(millis.every((m, i) => i === 0 || m >= millis[i - 1])).to.equal(true);
        });

        it("commits every closed window with exactly the producer's avg/min/max/count", () => {
            const { windows } = independentlyExpected();
            const committed = new Map(run.result.committed.map((w) => [`${w.ticker} ${new Date(w.windowStartMs).toISOString()}`, w]));
            expect(committed.size, "no window written twice").to.equal(run.result.committed.length);
            expect([...committed.keys()].sort()).to.deep.equal([...windows.keys()].sort());
            for (const [key, prices] of windows) {
                const w = committed.get(key)!;
                expect(w.eventCount, key).to.equal(prices.length);
                expect(w.minPrice, key).to.equal(Math.min(...prices));
                expect(w.maxPrice, key).to.equal(Math.max(...prices));
                expect(w.avgPrice, key).to.be.closeTo(prices.reduce((a, b) => a + b, 0) / prices.length, 1e-9);
                expect(w.windowEndMs - w.windowStartMs).to.equal(WINDOW_MS);
            }
            expect(run.result.mismatches).to.deep.equal([]);
        });

        it("closes at least 3 full windows for every ticker, losing nothing", () => {
            const perTicker = new Map<string, number>();
            for (const w of run.result.committed) perTicker.set(w.ticker, (perTicker.get(w.ticker) ?? 0) + 1);
            expect([...perTicker.keys()].sort()).to.deep.equal(["AAPL", "AMZN", "INTC", "MSFT", "TBV"]);
            for (const [ticker, n] of perTicker) expect(n, ticker).to.be.at.least(3);
            const inClosed = run.result.committed.reduce((n, w) => n + w.eventCount, 0);
            const inOpen = run.result.expected.open.reduce((n, w) => n + w.eventCount, 0);
            expect(inClosed + inOpen).to.equal(run.result.produced.delivered);
        });

        it("rejects each malformed record sent through Kinesis with its reason, without losing a window's event", () => {
            const byKey = (r: { reason: string; payload: string }) => `${r.reason} ${r.payload}`;
            expect(run.result.malformed.map((m) => m.reason)).to.have.members(records.rejectReasons);
            expect(run.result.rejected.map(byKey).sort()).to.deep.equal(run.result.malformed.map(byKey).sort());
            // Three of them carry an event_time a day ahead; the windows above still hold every event.
            expect(run.result.malformed.filter((m) => m.payload.includes(`"${new Date(start.getTime() + 86_400_000).toISOString()}"`))).to.have.length(3);
            expect(run.result.mismatches).to.deep.equal([]);
        });

        it("sees the connector call exactly the Kinesis actions the IAM policy grants", () => {
            const granted = kinesisConnector.actions.polling.stream.map((a) => a.replace("kinesis:", "")).sort();
            expect(run.result.connectorActions).to.deep.equal(granted);
        });

        it("answers the Athena named queries from the committed files", () => {
            const latest = run.result.queries.find((q) => q.query.id === "latest_average_per_ticker")!;
            expect(latest.rows.map((r) => r.ticker)).to.deep.equal(["AAPL", "AMZN", "INTC", "MSFT", "TBV"]);
            for (const row of latest.rows) {
                const last = run.result.committed
                    .filter((w) => w.ticker === row.ticker)
                    .sort((a, b) => b.windowStartMs - a.windowStartMs)[0];
                expect(row.avg_price).to.be.closeTo(last.avgPrice, 1e-9);
                expect(row.event_count).to.equal(last.eventCount);
            }
            const series = run.result.queries.find((q) => q.query.id === "ticker_series")!;
            expect(series.rows).to.have.length(run.result.committed.filter((w) => w.ticker === "AAPL").length);
            const movers = run.result.queries.find((q) => q.query.id === "biggest_movers")!;
            expect(movers.rows).to.have.length(5);
            const rejected = run.result.queries.find((q) => q.query.id === "rejected_by_reason")!;
            expect(rejected.rows.map((r) => [r.reason, r.records]).sort()).to.deep.equal(records.rejectReasons.map((r) => [r, 1]).sort());
        });

        it("writes a PNG chart", () => {
            const png = fs.readFileSync(run.result.chartFile!);
            expect(png.subarray(1, 4).toString()).to.equal("PNG");
            expect(png.length).to.be.greaterThan(10_000);
        });

        it("reports every stage started then ready, with its timing, and stops every process it started", () => {
            const stages = ["setup", "emulator", "stream", "job", "data", "wait", "verify", "query", "chart", "shutdown"];
            expect(run.result.stages.map((s) => s.stage)).to.deep.equal(stages);
            const transitions = run.events.filter((e) => e.state !== "progress").map((e) => `${e.stage} ${e.state}`);
            expect(transitions).to.deep.equal(stages.flatMap((s) => [`${s} started`, `${s} ready`]));
            const ready = (stage: string) => run.events.find((e) => e.stage === stage && e.state === "ready")!.details;
            expect(ready("stream").streamArn).to.equal(run.result.streamArn);
            expect(ready("data").delivered).to.equal(run.result.produced.delivered);
            const emulatorPid = ready("emulator").pid as number;
            const jobPid = ready("job").pid as number;
            expect(emulatorPid, "the emulator stage reports its pid").to.be.a("number");
            expect(jobPid, "the job stage reports its pid").to.be.a("number");
            expect(isRunning(emulatorPid), `emulator ${emulatorPid} still running`).to.equal(false);
            // The job's process group holds the JVM that PyFlink forked.
            expect(runningInGroup(jobPid), `process group ${jobPid}`).to.deep.equal([]);
        });
    });
}
