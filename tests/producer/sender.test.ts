import { expect } from "chai";
import { plainRecord, userRecordOf, type KinesisRecord } from "../../producer/batching.js";
import { ProduceCounters } from "../../producer/counters.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../producer/retry-policy.js";
import { BatchSender } from "../../producer/sender.js";
import { ThrottleGate } from "../../producer/throttle-gate.js";
import { FakeKinesis } from "./fake-kinesis.js";

/** A ThrottleGate that remembers each pause asked of it. */
class RecordingGate extends ThrottleGate {
    readonly pauses: number[] = [];

    override pauseFor(ms: number): void {
        this.pauses.push(ms);
        super.pauseFor(ms);
    }
}

function records(n: number): KinesisRecord[] {
    return Array.from({ length: n }, (_, i) =>
        plainRecord(userRecordOf({ event_time: `2026-11-25T12:00:0${i}.000Z`, ticker: "AAPL", price: 100 + i }, `key-${i}`)),
    );
}

/** Jitter pinned at the top of its range, so each backoff is its ceiling minus 1 ms. */
const top = () => 1 - 2 ** -20;
const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };

function sender(fake: FakeKinesis, gate: ThrottleGate = new ThrottleGate()) {
    const counters = new ProduceCounters();
    return { counters, sender: new BatchSender(fake.client, { streamName: "s" }, policy, counters, gate, () => {}, top) };
}

describe("producer batch sender", () => {
    let fake: FakeKinesis | undefined;
    afterEach(() => fake?.restore());

    it("waits the backoff between attempts, longer each retry", async () => {
        // The first two calls fail every entry; the third accepts them.
        fake = new FakeKinesis({ entryFault: (call) => (call < 2 ? "InternalFailure" : undefined) });
        const { sender: s, counters } = sender(fake);
        const result = await s.send(records(3));

        expect(result).to.deep.equal({});
        expect(counters).to.include({ delivered: 3, retried: 6, requests: 3 });
        const gaps = fake.callTimes.slice(1).map((t, i) => t - fake!.callTimes[i]);
        // Backoffs of 99 and 199 ms; Date.now() has 1 ms resolution.
        expect(gaps[0]).to.be.at.least(98);
        expect(gaps[1]).to.be.at.least(198);
    });

    it("pauses the shared gate for the backoff when an entry is throttled", async () => {
        fake = new FakeKinesis({ entryFault: (call) => (call === 0 ? "ProvisionedThroughputExceededException" : undefined) });
        const gate = new RecordingGate();
        const { sender: s, counters } = sender(fake, gate);
        await s.send(records(2));
        expect(gate.pauses).to.deep.equal([99]);
        expect(counters).to.include({ delivered: 2, throttled: 2 });
    });

    it("pauses the shared gate when the whole request is throttled", async () => {
        const throttled = Object.assign(new Error("Rate exceeded"), { name: "ProvisionedThroughputExceededException" });
        fake = new FakeKinesis({ callFault: (call) => (call === 0 ? throttled : undefined) });
        const gate = new RecordingGate();
        const { sender: s } = sender(fake, gate);
        await s.send(records(2));
        expect(gate.pauses).to.deep.equal([99]);
    });

    it("does not pause the gate for a retryable error that is not throttling", async () => {
        fake = new FakeKinesis({ entryFault: (call) => (call === 0 ? "InternalFailure" : undefined) });
        const gate = new RecordingGate();
        const { sender: s, counters } = sender(fake, gate);
        await s.send(records(2));
        expect(gate.pauses).to.deep.equal([]);
        expect(counters).to.include({ delivered: 2, retried: 2 });
    });

    it("holds new batches at a paused gate until the pause is over", async () => {
        const gate = new ThrottleGate();
        const startedAt = Date.now();
        gate.pauseFor(80);
        await gate.wait();
        expect(Date.now() - startedAt).to.be.at.least(79);
    });
});
