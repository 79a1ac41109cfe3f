import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../local/paths.js";
import { CommanderError, EXIT_BAD_ARGUMENT, parseLocalCommandLine } from "../../local/cli-options.js";
import { countToClose, simulatedSpanSeconds } from "../../local/run-options.js";
import { simulatedClock } from "../../producer/index.js";

describe("npm run local command line", () => {
    const now = new Date("2026-11-25T12:34:56.789Z");
    /** Commander prints errors and help; the tests read them from the thrown error instead. */
    const silent = { writeErr: () => {}, writeOut: () => {} };
    const parse = (argv: string[]) => parseLocalCommandLine(argv, silent, now);

    it("defaults to 3 windows of 3000 events, on the latest minute whose event time ends before now", () => {
        const { options, json } = parse([]);
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
        const { options, json } = parse(
            ["--windows", "5", "--count", "900", "--seed", "7", "--start", "2026-01-01T00:00:00Z", "--time-format", "seed", "--shards", "2", "--work", "/tmp/w", "--out", "/tmp/x", "--timeout", "30", "--json"],
        );
        expect(options).to.include({ windows: 5, count: 900, seed: 7, timeFormat: "seed", shards: 2, workDir: "/tmp/w", outDir: "/tmp/x", timeoutSeconds: 30 });
        expect(options.start.toISOString()).to.equal("2026-01-01T00:00:00.000Z");
        expect(json).to.equal(true);
    });

    it("puts the output and the chart in the work folder unless told otherwise", () => {
        const { options } = parse(["--work", "/tmp/w"]);
        expect(options).to.include({ workDir: "/tmp/w", outDir: "/tmp/w/bucket", chartFile: "/tmp/w/chart.png" });
    });

    it("the smallest count it accepts closes every window asked for", () => {
        for (const windows of [1, 3, 7]) {
            const { options } = parse(["--windows", String(windows)]);
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

    it("prints generated help naming every flag, with exit code 0", () => {
        let help = "";
        const error = catchError(() => parseLocalCommandLine(["--help"], { writeOut: (s) => (help += s), writeErr: () => {} }, now));
        expect(error.exitCode).to.equal(0);
        for (const flag of ["--job", "--events-file", "--windows", "--count", "--seed", "--start", "--time-format", "--shards", "--aggregate", "--work", "--out", "--chart", "--timeout", "--json"]) {
            expect(help).to.contain(flag);
        }
        expect(help).to.contain('choices: "iso", "seed"');
    });

    it("--serve runs until stopped, fresh unless --resume, refreshing the queries every 30 s unless told", () => {
        expect(parse(["--serve"]).serve).to.deep.equal({ resume: false, refreshSeconds: 30 });
        expect(parse(["--serve", "--resume", "--refresh", "5"]).serve).to.deep.equal({ resume: true, refreshSeconds: 5 });
        expect(parse([]).serve).to.equal(undefined);
    });

    describe("--job and --events-file", () => {
        const example = path.join(REPO_ROOT, "examples", "sensor-averages");
        let eventsFile: string;
        before(() => {
            eventsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-options-")), "readings.jsonl");
            fs.writeFileSync(eventsFile, "{}\n");
        });
        after(() => fs.rmSync(path.dirname(eventsFile), { recursive: true, force: true }));

        it("runs the ticker job by default and for its own folder", () => {
            expect(parse([]).options.job).to.equal(undefined);
            expect(parse(["--job", path.join(REPO_ROOT, "flink-src")]).options.job!.isTickerJob).to.equal(true);
        });

        it("loads another job's folder, with its events file", () => {
            const { options } = parse(["--job", example, "--events-file", eventsFile]);
            expect(options.job!.isTickerJob).to.equal(false);
            expect(options.job!.descriptor.name).to.equal("sensor-averages");
            expect(options.job!.script).to.equal(path.join(example, "main.py"));
            expect(options.job!.descriptor.tables.map((t) => t.format)).to.deep.equal(["parquet", "json"]);
            expect(options.eventsFile).to.equal(eventsFile);
        });

        it("serves another job's folder without an events file, since producers send its records", () => {
            const { options, serve } = parse(["--serve", "--resume", "--job", example]);
            expect(serve).to.deep.equal({ resume: true, refreshSeconds: 30 });
            expect(options.job!.descriptor.name).to.equal("sensor-averages");
            expect(options.eventsFile).to.equal(undefined);
        });

        const refused = (): [string[], string[]][] => [
            [["--serve", "--job", example, "--events-file", eventsFile], ["--events-file", "does not apply to --serve"]],
            [["--job", example], ["--job", "needs its records: give --events-file"]],
            [["--events-file", eventsFile], ["--events-file", "applies to a job other than the ticker job"]],
            [["--job", example, "--events-file", eventsFile, "--count", "500"], ["--count", "'500'", "applies to the ticker job's generated events"]],
            [["--job", example, "--events-file", eventsFile, "--time-format", "seed"], ["--time-format", "'seed'", "applies to the ticker job's generated events"]],
            [["--job", os.tmpdir(), "--events-file", eventsFile], ["--job", "job.json: cannot read the job descriptor"]],
            [["--job", example, "--events-file", `${eventsFile}.missing`], ["--events-file", "does not exist"]],
        ];
        it("refuses a job without its records, records without a job, ticker flags with a job, and a folder or file that is not there", () => {
            for (const [argv, parts] of refused()) {
                const error = catchError(() => parse(argv));
                expect(error.exitCode, argv.join(" ")).to.equal(EXIT_BAD_ARGUMENT);
                for (const part of parts) expect(error.message, argv.join(" ")).to.contain(part);
            }
        });
    });

    // Each message names the flag, the value and the rule.
    const bad: [string[], string[]][] = [
        [["--windows", "0"], ["--windows", "'0'", "must be a whole number from 1 to 60"]],
        [["--count", "ten"], ["--count", "'ten'", "must be a whole number"]],
        [["--count", "20", "--windows", "3"], ["--count", "'20'", "must be at least 38 to close 3 window(s)"]],
        [["--count", "12", "--windows", "1"], ["--count", "'12'", "must be at least 14 to close 1 window(s)"]],
        [["--start", "2026-11-25T12:00:30Z"], ["--start", "'2026-11-25T12:00:30Z'", "must fall on a window boundary"]],
        [["--start", "yesterday"], ["--start", "'yesterday'", "must be an ISO-8601 date-time"]],
        [["--time-format", "unix"], ["--time-format", "'unix'", "Allowed choices are iso, seed"]],
        [["--shards", "99"], ["--shards", "'99'", "must be a whole number from 1 to 16"]],
        [["--timeout", "5"], ["--timeout", "'5'", "must be a whole number from 10 to 3600"]],
        [["--resume"], ["--resume", "applies to --serve"]],
        [["--serve", "--count", "900"], ["--count", "'900'", "does not apply to --serve"]],
        [["--serve", "--refresh", "0"], ["--refresh", "'0'", "must be a whole number from 1 to 3600"]],
        [["--bogus"], ["unknown option '--bogus'"]],
        [["extra"], ["too many arguments"]],
    ];
    for (const [argv, parts] of bad) {
        it(`refuses ${argv.join(" ")} with exit code ${EXIT_BAD_ARGUMENT}, naming the flag, value and rule`, () => {
            const error = catchError(() => parse(argv));
            expect(error.exitCode).to.equal(EXIT_BAD_ARGUMENT);
            for (const part of parts) expect(error.message).to.contain(part);
        });
    }
});

function catchError(run: () => unknown): CommanderError {
    try {
        run();
    } catch (error) {
        expect(error).to.be.instanceOf(CommanderError);
        return error as CommanderError;
    }
    throw new Error("expected a CommanderError");
}
