import { ProvisionedThroughputExceededException, ResourceNotFoundException } from "@aws-sdk/client-kinesis";
import { expect } from "chai";
import { produce, type ProduceOptions, type ProduceSummary, type TickerEvent } from "../../producer/index.js";
import { FakeKinesis, seededUnit } from "./fake-kinesis.js";

/** Short backoff: these tests check what is retried, not how long it waits. */
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

const throttle = () => new ProvisionedThroughputExceededException({ message: "Rate exceeded for shard", $metadata: {} });

function countBy(values: string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
}

/**
 * Simulated time over an hour gives every event its own millisecond, so a
 * record's data identifies it (wall-clock events can repeat ticker, price and time).
 */
const DISTINCT_TIMES = { mode: "simulated", start: new Date("2026-11-25T12:00:00Z"), spanSeconds: 3600 } as const;

async function run(fake: FakeKinesis, options: Partial<ProduceOptions>) {
    const delivered: TickerEvent[] = [];
    const summary = await produce({
        streamName: "fake",
        client: fake.client,
        seed: 11,
        retry: FAST_RETRY,
        eventTime: options.count !== undefined ? DISTINCT_TIMES : undefined,
        onDelivered: (events) => delivered.push(...events),
        ...options,
    });
    return { summary, delivered };
}

/** A hook that throws stops the run early as an error, and the counts still add up. */
function expectStoppedEarlyByHook(summary: ProduceSummary, fake: FakeKinesis, fatalError: string, asked: number): void {
    expect(summary.stoppedBy).to.equal("error");
    expect(summary.fatalError).to.equal(fatalError);
    expect(summary.delivered).to.equal(fake.accepted.length);
    expect(summary.generated).to.equal(summary.delivered + summary.failed);
    expect(summary.generated).to.be.lessThan(asked);
}

describe("producer delivery under faults", () => {
    let fake: FakeKinesis | undefined;
    afterEach(() => fake?.restore());

    it("re-sends only the entries that failed, and loses none", async () => {
        // The first call fails three entries; every later call succeeds.
        let failedFirst: string[] = [];
        fake = new FakeKinesis({
            entryFault: (call, data) => {
                if (call !== 0) return undefined;
                if (failedFirst.length < 3 && fake!.received[0].indexOf(data) % 100 === 7) {
                    failedFirst.push(data);
                    return failedFirst.length === 3 ? "InternalFailure" : "ProvisionedThroughputExceededException";
                }
                return undefined;
            },
        });
        const { summary, delivered } = await run(fake, { count: 500, concurrency: 1 });

        expect(fake.calls).to.equal(2);
        expect(fake.received[1]).to.deep.equal(failedFirst);
        expect(summary).to.include({ generated: 500, delivered: 500, failed: 0, retried: 3, throttled: 2, batches: 1, requests: 2 });
        expect(summary.errors).to.deep.equal({ ProvisionedThroughputExceededException: 2, InternalFailure: 1 });
        expect(countBy(fake.accepted).size).to.equal(500);
        expect(delivered.map((e) => JSON.stringify(e))).to.have.members(fake.accepted);
    });

    it("survives random per-entry failures and throttled calls with 0 lost and every retry counted", async () => {
        const unit = seededUnit(2026);
        fake = new FakeKinesis({
            entryFault: () => {
                const u = unit();
                return u < 0.15 ? "ProvisionedThroughputExceededException" : u < 0.25 ? "InternalFailure" : undefined;
            },
            callFault: (call) => (call % 4 === 1 ? throttle() : undefined),
        });
        const n = 5000;
        const { summary, delivered } = await run(fake, { count: n, concurrency: 3, retry: { ...FAST_RETRY, maxAttempts: 50 } });

        const receivedTotal = fake.received.reduce((sum, call) => sum + call.length, 0);
        expect(summary.generated).to.equal(n);
        expect(summary.delivered).to.equal(n);
        expect(summary.failed).to.equal(0);
        expect(summary.requests).to.equal(fake.calls);
        expect(summary.retried).to.equal(receivedTotal - n);
        expect(summary.throttled).to.equal(fake.entriesThrottled + fake.recordsInThrottledCalls);
        expect(summary.retried).to.be.greaterThan(0);
        // Exactly once each: nothing lost, nothing accepted twice.
        const accepted = countBy(fake.accepted);
        expect(accepted.size).to.equal(n);
        expect([...accepted.values()].every((c) => c === 1)).to.equal(true);
        expect(delivered).to.have.length(n);
        expect(delivered.map((e) => JSON.stringify(e))).to.have.members(fake.accepted);
    });

    it("counts records still failing after maxAttempts as failed", async () => {
        fake = new FakeKinesis({ entryFault: (_call, data) => (data.includes('"MSFT"') ? "InternalFailure" : undefined) });
        const { summary, delivered } = await run(fake, { count: 1200, retry: { ...FAST_RETRY, maxAttempts: 3 } });

        const msft = fake.received.flat().filter((d) => d.includes('"MSFT"'));
        const msftEvents = new Set(msft).size;
        expect(msftEvents).to.be.greaterThan(0);
        expect(summary.failed).to.equal(msftEvents);
        expect(summary.delivered).to.equal(1200 - msftEvents);
        expect(summary.generated).to.equal(summary.delivered + summary.failed);
        expect(summary.retried).to.equal(2 * msftEvents);
        expect(msft).to.have.length(3 * msftEvents);
        expect(delivered.some((e) => e.ticker === "MSFT")).to.equal(false);
        expect(summary.stoppedBy).to.equal("count");
    });

    it("stops retrying a batch once maxRetrySeconds have passed", async () => {
        fake = new FakeKinesis({ entryFault: () => "InternalFailure", delayMs: 5 });
        const { summary } = await run(fake, {
            count: 10,
            retry: { maxAttempts: 1000, maxRetrySeconds: 0.2, baseDelayMs: 20, maxDelayMs: 40 },
        });
        expect(summary.failed).to.equal(10);
        expect(summary.delivered).to.equal(0);
        expect(fake.calls).to.be.greaterThan(1).and.lessThan(1000);
    });

    it("stops the run on an error that retrying cannot fix, and counts what it could not send", async () => {
        fake = new FakeKinesis({
            callFault: (call) =>
                call >= 2 ? new ResourceNotFoundException({ message: "Stream fake not found", $metadata: {} }) : undefined,
        });
        const { summary } = await run(fake, { count: 100_000, concurrency: 1 });
        expect(summary.stoppedBy).to.equal("error");
        expect(summary.fatalError).to.match(/ResourceNotFoundException: Stream fake not found/);
        expect(summary.delivered).to.equal(1000);
        expect(summary.failed).to.equal(500);
        expect(summary.generated).to.equal(1500);
        expect(fake.calls).to.equal(3);
    });

    it("stops the run when onDelivered throws, keeping the counts true", async () => {
        fake = new FakeKinesis();
        const { summary } = await run(fake, {
            count: 50_000,
            concurrency: 1,
            onDelivered: () => {
                throw new Error("disk full");
            },
        });
        expectStoppedEarlyByHook(summary, fake, "onDelivered threw: Error: disk full", 50_000);
    });

    it("keeps at most `concurrency` batches in flight", async () => {
        fake = new FakeKinesis({ delayMs: 5 });
        const { summary } = await run(fake, { count: 6000, concurrency: 3 });
        expect(summary.delivered).to.equal(6000);
        expect(fake.maxInFlight).to.equal(3);
    });

    it("on abort, finishes the batches in flight and reports them", async () => {
        const controller = new AbortController();
        fake = new FakeKinesis({ delayMs: 5 });
        let seen = 0;
        const { summary } = await run(fake, {
            signal: controller.signal,
            concurrency: 2,
            onDelivered: (events) => {
                seen += events.length;
                if (seen >= 2000) controller.abort();
            },
        });
        expect(summary.stoppedBy).to.equal("signal");
        expect(summary.failed).to.equal(0);
        expect(summary.generated).to.equal(summary.delivered);
        expect(summary.delivered).to.equal(fake.accepted.length);
        expect(seen).to.equal(summary.delivered);
        expect(summary.delivered).to.be.at.least(2000);
    });

    it("with a rate and a duration, produces exactly rate x duration events", async () => {
        fake = new FakeKinesis();
        const start = new Date("2026-11-25T12:00:00Z");
        const { summary, delivered } = await run(fake, {
            rate: 400,
            durationSeconds: 0.5,
            eventTime: { mode: "simulated", start, spanSeconds: 120 },
        });
        expect(summary).to.include({ generated: 200, delivered: 200, stoppedBy: "duration" });
        const times = delivered.map((e) => Date.parse(e.event_time)).sort((a, b) => a - b);
        expect(times[0]).to.equal(start.getTime());
        expect(times[199]).to.equal(start.getTime() + (199 * 120_000) / 200);
    });

    it("with a rate, paces the batches: event i is not sent before i / rate seconds", async () => {
        fake = new FakeKinesis();
        const rate = 10;
        const count = 4;
        const startedAt = Date.now();
        const { summary } = await run(fake, { rate, count, concurrency: 1 });
        const elapsedMs = Date.now() - startedAt;

        expect(summary).to.include({ generated: count, delivered: count });
        // Lower bounds only; the 2 ms allow for Date.now()'s 1 ms resolution.
        expect(elapsedMs).to.be.at.least(((count - 1) * 1000) / rate - 2);
        expect(fake.calls, "one batch would mean the rate was ignored").to.be.at.least(2);
        let sent = 0;
        fake.received.forEach((batch, call) => {
            sent += batch.length;
            const lastIndex = sent - 1;
            expect(fake!.callTimes[call] - startedAt, `call ${call}`).to.be.at.least((lastIndex * 1000) / rate - 2);
        });
    });

    it("with a rate too small for one setTimeout, waits instead of spinning, and stops on abort", async () => {
        const warnings: string[] = [];
        const onWarning = (warning: Error) => warnings.push(warning.name);
        process.on("warning", onWarning);
        const controller = new AbortController();
        const abort = setTimeout(() => controller.abort(), 300);
        try {
            fake = new FakeKinesis();
            // The second event is due in 10^7 s, past setTimeout's 24.8-day limit.
            const { summary } = await run(fake, { rate: 0.0000001, count: 3, signal: controller.signal });
            expect(summary).to.include({ generated: 1, delivered: 1, stoppedBy: "signal" });
        } finally {
            clearTimeout(abort);
            process.off("warning", onWarning);
        }
        expect(warnings).to.not.include("TimeoutOverflowWarning");
    });

    it("stops the run when onProgress throws, keeping the counts true", async () => {
        fake = new FakeKinesis({ delayMs: 10 });
        const { summary } = await run(fake, {
            count: 50_000,
            concurrency: 1,
            progressIntervalMs: 5,
            onProgress: () => {
                throw new Error("terminal gone");
            },
        });
        expectStoppedEarlyByHook(summary, fake, "onProgress threw: Error: terminal gone", 50_000);
    });

    it("reports progress while running", async () => {
        fake = new FakeKinesis({ delayMs: 10 });
        const snapshots: { delivered: number; generated: number; inFlightBatches: number }[] = [];
        await run(fake, { count: 3000, concurrency: 1, progressIntervalMs: 5, onProgress: (p) => snapshots.push(p) });
        expect(snapshots.length).to.be.greaterThan(0);
        for (const s of snapshots) {
            expect(s.delivered).to.be.at.most(s.generated);
            expect(s.inFlightBatches).to.be.within(0, 1);
        }
    });

    it("rejects bad options with the option, the value and the rule", async () => {
        fake = new FakeKinesis();
        const cases: [Partial<ProduceOptions>, RegExp][] = [
            [{ count: 0 }, /^count 0: must be a whole number of at least 1$/],
            [{ partitionKey: "constant" as "ticker" }, /^partitionKey "constant": must be one of ticker, random$/],
            [{ tickers: ["AAPL", "AAPL"] }, /^tickers "AAPL": is listed twice$/],
            [{ streamName: undefined }, /^streamName \(missing\): give the stream's name or its ARN/],
            [{ eventTime: { mode: "simulated", start: new Date(), spanSeconds: 60 } }, /^eventTime.mode "simulated": needs count/],
        ];
        for (const [options, message] of cases) {
            let error: unknown;
            await run(fake, options).catch((e) => (error = e));
            expect(error, JSON.stringify(options)).to.be.instanceOf(Error).with.property("message").that.matches(message);
        }
        expect(fake.calls).to.equal(0);
    });
});
