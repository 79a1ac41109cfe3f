import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { formatEventTime } from "../../producer/index.js";

const micros = (iso: string, extraMicros = 0) => Date.parse(iso) * 1000 + extraMicros;

describe("producer time formats", () => {
    it("writes iso as UTC with milliseconds and a Z", () => {
        expect(formatEventTime(micros("2026-11-25T12:00:00.123Z", 456), "iso")).to.equal("2026-11-25T12:00:00.123Z");
        expect(formatEventTime(micros("2026-11-25T12:00:00Z"), "iso")).to.equal("2026-11-25T12:00:00.000Z");
    });

    it("writes seed exactly like Python's datetime.isoformat(), dropping a zero fraction as Python does", () => {
        // Expected strings are what Python 3 prints for these naive datetimes.
        expect(formatEventTime(micros("2026-11-25T07:54:56.123Z", 456), "seed")).to.equal("2026-11-25T07:54:56.123456");
        expect(formatEventTime(micros("2026-11-25T07:54:56Z", 7), "seed")).to.equal("2026-11-25T07:54:56.000007");
        expect(formatEventTime(micros("2026-11-25T07:54:56.100Z"), "seed")).to.equal("2026-11-25T07:54:56.100000");
        expect(formatEventTime(micros("2026-11-25T07:54:56Z"), "seed")).to.equal("2026-11-25T07:54:56");
        expect(formatEventTime(micros("0999-01-02T03:04:05Z"), "seed")).to.equal("0999-01-02T03:04:05");
    });

    it("matches python3 byte for byte on many random instants", function () {
        const probe = spawnSync("python3", ["--version"]);
        if (probe.error || probe.status !== 0) this.skip();
        const instants: number[] = [];
        let x = 12345;
        for (let i = 0; i < 500; i++) {
            x = (x * 1103515245 + 12345) % 2 ** 31;
            const seconds = 946684800 + (x % (80 * 365 * 86400)); // 2000 .. 2080
            const fraction = i % 5 === 0 ? 0 : (x * 7919) % 1_000_000; // every fifth with no microseconds
            instants.push(seconds * 1_000_000 + fraction);
        }
        const script = [
            "import sys, datetime",
            "epoch = datetime.datetime(1970, 1, 1)",
            "for line in sys.stdin:",
            "    print((epoch + datetime.timedelta(microseconds=int(line))).isoformat())",
        ].join("\n");
        const python = spawnSync("python3", ["-c", script], { input: instants.join("\n") + "\n", encoding: "utf8" });
        expect(python.status, python.stderr).to.equal(0);
        const expected = python.stdout.trimEnd().split("\n");
        expect(instants.map((us) => formatEventTime(us, "seed"))).to.deep.equal(expected);
    });
});
