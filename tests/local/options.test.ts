import { expect } from "chai";
import * as path from "node:path";
import { countToClose, parseLocalArgs, simulatedSpanSeconds, UsageError } from "../../local/options.js";
import { simulatedClock } from "../../producer/index.js";

describe("npm run local options", () => {
    const now = new Date("2026-11-25T12:34:56.789Z");

    it("defaults to 3 windows of 3000 events, on the latest minute whose event time ends before now", () => {
        const { options, json } = parseLocalArgs([], now);
        expect(options.windows).to.equal(3);
        expect(options.count).to.equal(3000);
        // 190 s of event time (3 windows, the delay, the tail) end by 12:34:10, before 12:34:56.
        expect(options.start.toISOString()).to.equal("2026-11-25T12:31:00.000Z");
        expect(options.start.getTime() + simulatedSpanSeconds(options) * 1000).to.be.at.most(now.getTime());
        expect(options.timeFormat).to.equal("iso");
        expect(options.shards).to.equal(1);
        expect(path.basename(options.outDir)).to.equal("bucket");
        expect(json).to.equal(false);
    });

    it("reads every flag", () => {
        const { options, json } = parseLocalArgs(
            ["--windows", "5", "--count", "900", "--seed", "7", "--start", "2026-01-01T00:00:00Z", "--time-format", "seed", "--shards", "2", "--work", "/tmp/w", "--out", "/tmp/x", "--timeout", "30", "--json"],
            now,
        );
        expect(options).to.include({ windows: 5, count: 900, seed: 7, timeFormat: "seed", shards: 2, workDir: "/tmp/w", outDir: "/tmp/x", timeoutSeconds: 30 });
        expect(options.start.toISOString()).to.equal("2026-01-01T00:00:00.000Z");
        expect(json).to.equal(true);
    });

    it("puts the output and the chart in the work folder unless told otherwise", () => {
        const { options } = parseLocalArgs(["--work", "/tmp/w"], now);
        expect(options).to.include({ workDir: "/tmp/w", outDir: "/tmp/w/bucket", chartFile: "/tmp/w/chart.png" });
    });

    it("the smallest count it accepts closes every window asked for", () => {
        for (const windows of [1, 3, 7]) {
            const { options } = parseLocalArgs(["--windows", String(windows)], now);
            const least = countToClose(options);
            const clock = simulatedClock(options.start, simulatedSpanSeconds(options), least);
            const lastMs = Math.floor(clock(least - 1) / 1000);
            const watermarkMs = lastMs - options.watermarkDelaySeconds * 1000;
            const lastWindowEndMs = options.start.getTime() + windows * options.windowSeconds * 1000;
            expect(watermarkMs, `windows ${windows}`).to.be.at.least(lastWindowEndMs - 1);
            const fewer = simulatedClock(options.start, simulatedSpanSeconds(options), least - 1);
            expect(Math.floor(fewer(least - 2) / 1000) - options.watermarkDelaySeconds * 1000).to.be.below(lastWindowEndMs - 1);
        }
    });

    const bad: [string[], string][] = [
        [["--windows", "0"], "--windows '0': must be a whole number from 1 to 60"],
        [["--count", "ten"], "--count 'ten': must be a whole number"],
        [["--count", "20", "--windows", "3"], "--count 20: must be at least 38 to close 3 window(s)"],
        [["--count", "12", "--windows", "1"], "--count 12: must be at least 14 to close 1 window(s)"],
        [["--start", "2026-11-25T12:00:30Z"], "--start '2026-11-25T12:00:30Z': must fall on a window boundary"],
        [["--start", "yesterday"], "--start 'yesterday': must be an ISO-8601 date-time"],
        [["--time-format", "unix"], "--time-format 'unix': must be one of iso, seed"],
        [["--shards", "99"], "--shards '99': must be a whole number from 1 to 16"],
        [["--bogus"], "Unknown option '--bogus'"],
    ];
    for (const [argv, message] of bad) {
        it(`rejects ${argv.join(" ")} naming the flag, value and rule`, () => {
            expect(() => parseLocalArgs(argv, now))
                .to.throw(UsageError)
                .with.property("message")
                .that.contains(message);
        });
    }
});
