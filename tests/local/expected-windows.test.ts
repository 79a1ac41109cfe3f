import { expect } from "chai";
import { eventTimeMillis, expectedWindows } from "../../local/expected-windows.js";
import { compareWindows, windowsClosedProblems } from "../../local/verify-run.js";
import type { CommittedWindow } from "../../local/committed-output.js";

const e = (event_time: string, ticker: string, price: number) => ({ event_time, ticker, price });

describe("the local pipeline's model of the job's windows", () => {
    it("reads both producer time formats as UTC and cuts to milliseconds", () => {
        expect(eventTimeMillis("2026-11-25T12:00:59.999999")).to.equal(Date.UTC(2026, 10, 25, 12, 0, 59, 999));
        expect(eventTimeMillis("2026-11-25T12:00:00.123Z")).to.equal(Date.UTC(2026, 10, 25, 12, 0, 0, 123));
        expect(eventTimeMillis("2026-11-25T12:00:00")).to.equal(Date.UTC(2026, 10, 25, 12));
        expect(() => eventTimeMillis("2026-11-25 12:00:00+08:00")).to.throw(/neither ISO-8601 UTC nor Python isoformat/);
    });

    it("closes a window once the watermark passes its last millisecond, and drops late events", () => {
        const w = expectedWindows(
            [
                e("2026-11-25T12:00:10Z", "A", 1),
                e("2026-11-25T12:01:04.999Z", "A", 2), // watermark 12:00:59.999: closes [12:00, 12:01)
                e("2026-11-25T12:00:30Z", "A", 3), // late
                e("2026-11-25T12:01:30Z", "B", 4),
            ],
            60,
            5,
        );
        expect(w.late).to.equal(1);
        expect(w.closed.map((x) => [x.ticker, x.eventCount, x.avgPrice])).to.deep.equal([["A", 1, 1]]);
        expect(w.open.map((x) => [x.ticker, x.eventCount])).to.deep.equal([["A", 1], ["B", 1]]);
    });

    it("keeps a window open one millisecond short of the watermark", () => {
        const w = expectedWindows([e("2026-11-25T12:00:10Z", "A", 1), e("2026-11-25T12:01:04.998Z", "A", 2)], 60, 5);
        expect(w.closed).to.deep.equal([]);
    });

    it("names a run that closed fewer windows than asked", () => {
        const at = (t: string) => ({ event_time: t, ticker: "AAPL", price: 1 });
        const events = [at("2026-11-25T12:00:10Z"), at("2026-11-25T12:01:10Z"), at("2026-11-25T12:02:06Z")];
        const expected = expectedWindows(events, 60, 5);
        expect(windowsClosedProblems(expected, 2)).to.deep.equal([]);
        expect(windowsClosedProblems(expected, 3)).to.deep.equal([
            "only 2 of 3 windows closed: the delivered events end too early",
        ]);
    });

    describe("compareWindows", () => {
        const expected = expectedWindows([e("2026-11-25T12:00:10Z", "A", 1), e("2026-11-25T12:00:20Z", "A", 3), e("2026-11-25T12:02:00Z", "A", 9)], 60, 5);
        const good: CommittedWindow = { ...expected.closed[0], file: "ticker=A/part-0" };

        it("accepts an exact match", () => {
            expect(compareWindows(expected, [good])).to.deep.equal([]);
        });

        it("reports lost, duplicated, wrong and unexpected windows", () => {
            expect(compareWindows(expected, [])).to.deep.equal(["A@2026-11-25T12:00:00.000Z: missing (lost 2 events)"]);
            expect(compareWindows(expected, [good, good])[0]).to.contain("written 2 times (duplicated)");
            expect(compareWindows(expected, [{ ...good, eventCount: 3 }])[0]).to.contain("event_count 3, expected 2");
            expect(compareWindows(expected, [{ ...good, avgPrice: 2.5 }])[0]).to.contain("avg_price 2.5, expected 2");
            const early = { ...good, windowStartMs: Date.UTC(2026, 10, 25, 12, 2), windowEndMs: Date.UTC(2026, 10, 25, 12, 3) };
            expect(compareWindows(expected, [good, early])).to.deep.equal([
                "A@2026-11-25T12:02:00.000Z: committed although the watermark has not passed it",
            ]);
        });
    });
});
