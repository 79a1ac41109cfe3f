import { expect } from "chai";
import { formatTable } from "../../local/text-table.js";

describe("formatTable (local/text-table.ts)", () => {
    it("right-aligns numeric columns and rounds fractions to 2 places", () => {
        expect(formatTable(["ticker", "avg"], [{ ticker: "AAPL", avg: 1.234 }, { ticker: "TBV", avg: 10 }])).to.equal(
            ["ticker   avg", "------  ----", "AAPL    1.23", "TBV       10"].join("\n"),
        );
    });

    it("says so under the header when there are no rows", () => {
        expect(formatTable(["reason", "records"], [])).to.equal(["reason  records", "------  -------", "(no rows)"].join("\n"));
    });
});
