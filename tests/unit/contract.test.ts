import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { contractDir, kinesisConnector, properties, queryPlaceholders, tickerJobDescriptor } from "../../contract/index.js";

describe("contract", () => {
    it("names the job property groups the ticker job reads", () => {
        expect([properties.input.groupId, properties.output.groupId, properties.aggregation.groupId]).to.deep.equal([
            "InputStream0",
            "OutputPath0",
            "Aggregation0",
        ]);
    });

    it("declares the ticker job's table folders under the output group's keys that main.py reads", () => {
        const refs = tickerJobDescriptor.tables.map((t) => `${t.pathProperty.group}.${t.pathProperty.key}`).sort();
        const output = properties.output;
        expect(refs).to.deep.equal([`${output.groupId}.${output.keys.path}`, `${output.groupId}.${output.keys.rejectedPath}`].sort());
        expect(output.required.sort()).to.deep.equal(Object.values(output.keys).sort());
    });

    it("pins the same connector version as flink-src/pom.xml", () => {
        const pom = fs.readFileSync(path.join(contractDir(), "..", "flink-src", "pom.xml"), "utf8");
        const version = /<kinesis\.connector\.version>([^<]+)</.exec(pom)?.[1];
        expect(version).to.equal(kinesisConnector.version);
        expect(pom).to.contain(`<artifactId>${kinesisConnector.artifactId}</artifactId>`);
    });

    it("loads every named query of the ticker job from its SQL file", () => {
        const queries = tickerJobDescriptor.namedQueries ?? [];
        expect(queries.map((q) => q.id)).to.deep.equal(["latest_average_per_ticker", "ticker_series", "biggest_movers", "rejected_by_reason"]);
        for (const q of queries) {
            expect(q.sql, q.id).to.match(/^SELECT /);
            expect(queryPlaceholders(q.sql), q.id).to.include("database");
        }
    });

    it("gives every sink column a Flink type for main.py's DDL", () => {
        for (const table of tickerJobDescriptor.tables) {
            for (const column of [...table.columns, ...(table.partitionKeys ?? [])]) {
                expect(column.flinkType, `${table.id}.${column.name}`).to.be.a("string");
            }
        }
        const results = tickerJobDescriptor.tables.find((t) => t.id === "table")!;
        expect([results.partitionKeys![0].name, ...results.columns.map((c) => c.name)]).to.deep.equal([
            "ticker", "window_start", "window_end", "avg_price", "min_price", "max_price", "event_count",
        ]);
    });
});
