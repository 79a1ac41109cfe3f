import { expect } from "chai";
import type { ExpectedWindows, WindowStats } from "../../local/expected-windows.js";
import { tallyWindows } from "../../local/window-tally.js";

const window = (ticker: string, startS: number): WindowStats => ({
    ticker,
    windowStartMs: startS * 1000,
    windowEndMs: (startS + 10) * 1000,
    avgPrice: 1,
    minPrice: 1,
    maxPrice: 1,
    eventCount: 1,
});

describe("counting windows committed exactly once (local/window-tally.ts)", () => {
    const expected: ExpectedWindows = { closed: [window("A", 0), window("A", 10), window("B", 0)], open: [window("B", 10)], late: 0, watermarkMs: 0 };

    it("counts a window written twice as one duplicate and a missing one as lost", () => {
        const committed = [window("A", 0), window("A", 0), window("A", 0), window("B", 0)];
        expect(tallyWindows(expected, committed)).to.deep.equal({ compared: 3, lost: 1, duplicated: 2, unexpected: 0 });
    });

    it("counts rows of a window the events never closed apart from duplicates", () => {
        const committed = [window("A", 0), window("A", 10), window("B", 0), window("B", 10)];
        expect(tallyWindows(expected, committed)).to.deep.equal({ compared: 3, lost: 0, duplicated: 0, unexpected: 1 });
    });
});
