import { ResourceNotFoundException } from "@aws-sdk/client-kinesis";
import { expect } from "chai";
import { produce, type ProduceOptions } from "../../producer/index.js";
import { FakeKinesis } from "./fake-kinesis.js";

/** Short backoff: these tests check what is counted, not how long it waits. */
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };
/** Every event its own millisecond, so a record's data identifies it. */
const DISTINCT_TIMES = { mode: "simulated", start: new Date("2026-11-25T12:00:00Z"), spanSeconds: 3600 } as const;

function countBy(values: string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
}

const run = (fake: FakeKinesis, options: Partial<ProduceOptions>) =>
    produce({ streamName: "fake", client: fake.client, seed: 3, retry: FAST_RETRY, eventTime: DISTINCT_TIMES, ...options });

describe("producer outcomes: delivered, failed or unknown", () => {
    let fake: FakeKinesis | undefined;
    afterEach(() => fake?.restore());

    it("counts records whose answers were lost as unknown, not failed, though the stream holds each of them once per attempt", async () => {
        fake = new FakeKinesis({ answerLost: () => true });
        const summary = await run(fake, { count: 700, retry: { ...FAST_RETRY, maxAttempts: 4 } });

        expect(summary).to.include({ generated: 700, delivered: 0, failed: 0, unknown: 700, possiblyDuplicated: 0 });
        // The stream really holds every record, four times over: "failed" would have been a false report.
        const copies = countBy(fake.accepted);
        expect(copies.size).to.equal(700);
        expect([...copies.values()].every((n) => n === 4)).to.equal(true);
        expect(summary.errors).to.deep.equal({ ECONNRESET: 4 * 700 });
    });

    it("counts a record delivered after an unanswered attempt as delivered and possibly duplicated", async () => {
        fake = new FakeKinesis({ answerLost: (call) => call === 0 });
        const summary = await run(fake, { count: 300, concurrency: 1 });

        expect(summary).to.include({ delivered: 300, failed: 0, unknown: 0, possiblyDuplicated: 300 });
        expect([...countBy(fake.accepted).values()].every((n) => n === 2)).to.equal(true);
    });

    it("counts records the stream refused on every attempt as failed", async () => {
        fake = new FakeKinesis({ entryFault: () => "InternalFailure" });
        const summary = await run(fake, { count: 40, retry: { ...FAST_RETRY, maxAttempts: 3 } });
        expect(summary).to.include({ delivered: 0, failed: 40, unknown: 0 });
        expect(fake.accepted).to.deep.equal([]);
    });

    it("keeps a record unknown when an unanswered attempt is followed by refusals", async () => {
        fake = new FakeKinesis({ answerLost: (call) => call === 0, entryFault: (call) => (call > 0 ? "InternalFailure" : undefined) });
        const summary = await run(fake, { count: 25, concurrency: 1, retry: { ...FAST_RETRY, maxAttempts: 3 } });
        expect(summary).to.include({ delivered: 0, failed: 0, unknown: 25 });
        expect(fake.accepted).to.have.length(25);
    });

    it("counts a record as failed when its request was refused before it could be written", async () => {
        fake = new FakeKinesis({
            callFault: () => new ResourceNotFoundException({ message: "Stream fake not found", $metadata: { httpStatusCode: 400 } }),
        });
        const summary = await run(fake, { count: 10 });
        expect(summary).to.include({ delivered: 0, failed: 10, unknown: 0, stoppedBy: "error" });
    });
});
