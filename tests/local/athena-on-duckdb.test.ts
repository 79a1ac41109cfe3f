import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { tickerJobDescriptor } from "../../contract/index.js";
import { runNamedQueries } from "../../local/athena-on-duckdb.js";
import { bucketFolders, type BucketFolders } from "../../local/bucket-folders.js";
import { tempDir } from "../unit/support/fixtures.js";

/**
 * The named queries on DuckDB over files laid out as the job writes them: results
 * under output/ticker=XYZ/, rejected records under rejected/, both as JSON lines.
 */

const catalog = (out: BucketFolders) => ({ job: tickerJobDescriptor, bucketRoot: out.root, database: "streaming_analytics" });

function writeLines(file: string, rows: object[]): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

function resultsFolder(): BucketFolders {
    const out = bucketFolders(tempDir("sap-duckdb-"));
    writeLines(path.join(out.results, "ticker=AAPL", "part-0-0"), [
        { window_start: "2026-11-25 12:00:00", window_end: "2026-11-25 12:01:00", avg_price: 10, min_price: 9, max_price: 11, event_count: 3 },
    ]);
    return out;
}

describe("Athena named queries on DuckDB (local/athena-on-duckdb.ts)", () => {
    it("counts the committed rejected records by reason, ignoring files still in progress", async () => {
        const out = resultsFolder();
        writeLines(path.join(out.rejected, "part-1-0"), [
            { reason: "malformed_json", payload: "not json" },
            { reason: "invalid_price", payload: '{"ticker":"AAPL","price":"abc"}' },
            { reason: "malformed_json", payload: "{" },
        ]);
        writeLines(path.join(out.rejected, ".part-1-1.inprogress.abc"), [{ reason: "missing_ticker", payload: "{}" }]);
        const results = await runNamedQueries(catalog(out));
        const rejected = results.find((r) => r.query.id === "rejected_by_reason")!;
        expect(rejected.rows).to.deep.equal([
            { reason: "malformed_json", records: 2 },
            { reason: "invalid_price", records: 1 },
        ]);
        expect(rejected.sql).to.contain('FROM "streaming_analytics"."ticker_averages_rejected"');
    });

    it("answers with no rows when the job rejected nothing (no rejected/ folder)", async () => {
        const results = await runNamedQueries(catalog(resultsFolder()));
        expect(results.find((r) => r.query.id === "rejected_by_reason")!.rows).to.deep.equal([]);
        expect(results.find((r) => r.query.id === "latest_average_per_ticker")!.rows).to.have.length(1);
    });

    it("answers every query with no rows before the job committed any result", async () => {
        const out = bucketFolders(tempDir("sap-duckdb-empty-"));
        writeLines(path.join(out.results, "ticker=AAPL", ".part-0-0.inprogress.abc"), [{ window_start: "2026-11-25 12:00:00" }]);
        const results = await runNamedQueries(catalog(out));
        expect(results.map((r) => [r.query.id, r.rows.length])).to.deep.equal(results.map((r) => [r.query.id, 0]));
        expect(results.find((r) => r.query.id === "latest_average_per_ticker")!.columns).to.include("ticker");
    });
});
