import { expect } from "chai";
import { records } from "../../contract/index.js";
import { compareRejected, malformedRecords } from "../../local/malformed-records.js";

describe("malformed records of the local run (local/malformed-records.ts)", () => {
    const start = new Date("2026-11-25T12:00:00Z");

    it("has one record per reject reason of the contract, three stamped a day ahead", () => {
        const malformed = malformedRecords(start);
        expect(malformed.map((r) => r.reason)).to.deep.equal(records.rejectReasons);
        expect(malformed.filter((r) => r.payload.includes('"2026-11-26T12:00:00.000Z"'))).to.have.length(3);
        expect(() => JSON.parse(malformed.find((r) => r.reason === "malformed_json")!.payload)).to.throw();
    });

    it("compares the sent records with the rejected ones, naming what is missing or extra", () => {
        const sent = malformedRecords(start);
        expect(compareRejected(sent, [...sent].reverse())).to.deep.equal([]);
        const problems = compareRejected(sent, [...sent.slice(1), { reason: "invalid_price", payload: "{}" }]);
        expect(problems).to.deep.equal([
            'rejected record missing: malformed_json "{\\"event_time\\": \\"not closed"',
            "rejected 1 time(s) but not sent as malformed: invalid_price {}",
        ]);
    });
});
