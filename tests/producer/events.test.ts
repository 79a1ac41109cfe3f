import { expect } from "chai";
import {
    DEFAULT_TICKERS,
    EventGenerator,
    partitionKeyFor,
    simulatedClock,
    wallClock,
    type TickerEvent,
} from "../../producer/index.js";

const start = new Date("2026-11-25T12:00:00Z");

function generate(seed: number, n: number, tickers = DEFAULT_TICKERS): TickerEvent[] {
    const generator = new EventGenerator({ seed, tickers, clock: simulatedClock(start, 300, n), timeFormat: "iso" });
    return Array.from({ length: n }, () => generator.next());
}

describe("producer events", () => {
    it("gives the same events for the same seed and different ones for another seed", () => {
        expect(generate(42, 1000)).to.deep.equal(generate(42, 1000));
        expect(generate(43, 1000)).to.not.deep.equal(generate(42, 1000));
    });

    it("makes seed-shaped events: known tickers, positive prices with at most 2 decimals", () => {
        const events = generate(7, 5000);
        for (const e of events) {
            expect(Object.keys(e)).to.deep.equal(["event_time", "ticker", "price"]);
            expect(DEFAULT_TICKERS).to.include(e.ticker);
            expect(e.price).to.be.greaterThan(0);
            expect(Math.round(e.price * 100) / 100).to.equal(e.price);
        }
        expect(new Set(events.map((e) => e.ticker)).size).to.equal(DEFAULT_TICKERS.length);
    });

    it("walks each ticker's price in small steps instead of drawing noise", () => {
        const byTicker = new Map<string, number[]>();
        for (const e of generate(3, 5000)) byTicker.set(e.ticker, [...(byTicker.get(e.ticker) ?? []), e.price]);
        for (const [ticker, prices] of byTicker) {
            const largestStep = Math.max(...prices.slice(1).map((p, i) => Math.abs(p / prices[i] - 1)));
            expect(largestStep, ticker).to.be.lessThan(0.05);
        }
    });

    it("uses the configured tickers only", () => {
        const tickers = ["X", "YY.Z"];
        expect(new Set(generate(1, 200, tickers).map((e) => e.ticker))).to.deep.equal(new Set(tickers));
    });

    it("spreads simulated event times evenly over the span, whatever the real time", () => {
        const n = 600;
        const times = generate(5, n).map((e) => Date.parse(e.event_time));
        expect(times[0]).to.equal(start.getTime());
        times.slice(1).forEach((t, i) => expect(t - times[i]).to.equal((300 * 1000) / n));
        expect(times[n - 1]).to.be.lessThan(start.getTime() + 300 * 1000);
        // Five one-minute windows, each with a fifth of the events.
        const perMinute = new Map<number, number>();
        for (const t of times) perMinute.set(Math.floor(t / 60000), (perMinute.get(Math.floor(t / 60000)) ?? 0) + 1);
        expect([...perMinute.values()]).to.deep.equal([120, 120, 120, 120, 120]);
    });

    it("takes wall event times from the current clock, never going backwards", () => {
        const clock = wallClock();
        const before = Date.now() * 1000;
        const readings = Array.from({ length: 100 }, (_, i) => clock(i));
        const after = Date.now() * 1000 + 1000;
        readings.slice(1).forEach((t, i) => expect(t).to.be.at.least(readings[i]));
        expect(readings[0]).to.be.within(before - 1000, after);
    });

    it("never uses a constant partition key", () => {
        const events = generate(9, 1000);
        const byTicker = events.map(partitionKeyFor("ticker", 9));
        expect(byTicker).to.deep.equal(events.map((e) => e.ticker));
        const random = events.map(partitionKeyFor("random", 9));
        expect(new Set(random).size).to.equal(events.length);
        expect(events.map(partitionKeyFor("random", 9))).to.deep.equal(random);
    });
});
