import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { contractDir, kinesisConnector, namedQueries, output, properties, renderQuery } from "../../contract/index.js";

describe("contract", () => {
    it("names the three job property groups the issue fixes", () => {
        expect([properties.input.groupId, properties.output.groupId, properties.aggregation.groupId]).to.deep.equal([
            "InputStream0",
            "OutputPath0",
            "Aggregation0",
        ]);
    });

    it("pins the same connector version as flink-src/pom.xml", () => {
        const pom = fs.readFileSync(path.join(contractDir(), "..", "flink-src", "pom.xml"), "utf8");
        const version = /<kinesis\.connector\.version>([^<]+)</.exec(pom)?.[1];
        expect(version).to.equal(kinesisConnector.version);
        expect(pom).to.contain(`<artifactId>${kinesisConnector.artifactId}</artifactId>`);
    });

    it("loads every named query with all placeholders it uses", () => {
        expect(namedQueries.map((q) => q.id)).to.deep.equal([
            "latest_average_per_ticker",
            "ticker_series",
            "biggest_movers",
            "rejected_by_reason",
        ]);
        for (const q of namedQueries) {
            expect(q.sql, q.id).to.match(/"\{\{database\}\}"\."\{\{(table|rejected_table)\}\}"/);
            const rendered = renderQuery(q.sql, { database: "d", table: "t", rejectedTable: "r", ticker: "X" });
            expect(rendered, q.id).to.not.contain("{{");
        }
    });

    it("describes the sink columns the issue asks for", () => {
        expect([output.partitionKey.name, ...output.columns.map((c) => c.name)]).to.deep.equal([
            "ticker", "window_start", "window_end", "avg_price", "min_price", "max_price", "event_count",
        ]);
    });
});
