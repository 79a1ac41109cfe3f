import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stripVTControlCharacters } from "node:util";

/** scripts/test-summary.mjs: the "N passed, N failed" line CI reads. */
describe("the test summary line (scripts/test-summary.mjs)", () => {
    const script = path.resolve(__dirname, "..", "..", "scripts", "test-summary.mjs");
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-summary-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** The per-file tally and junit report the breakdown by folder reads; omitted, none is passed. */
    interface Reports {
        mochaTally?: Record<string, { passed: number; failed: number; pending: number }> | string;
        pytestJunit?: string;
    }

    function summarize(tsc: string, mocha: string, mochaCode: number, pytest: string, pytestCode: number, reports: Reports = {}) {
        const files = { tsc, mocha, pytest };
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.log`), text);
        const args = [script, path.join(dir, "tsc.log"), path.join(dir, "mocha.log"), String(mochaCode), path.join(dir, "pytest.log"), String(pytestCode)];
        if (reports.mochaTally || reports.pytestJunit) {
            const tally = path.join(dir, "mocha-tally.json");
            const junit = path.join(dir, "pytest-junit.xml");
            fs.rmSync(tally, { force: true });
            fs.rmSync(junit, { force: true });
            const { mochaTally } = reports;
            if (mochaTally) fs.writeFileSync(tally, typeof mochaTally === "string" ? mochaTally : JSON.stringify(mochaTally));
            if (reports.pytestJunit) fs.writeFileSync(junit, reports.pytestJunit);
            args.push(tally, junit, "tests/python");
        }
        const run = spawnSync(process.execPath, args, { encoding: "utf8" });
        const lines = run.stdout.trim().split("\n");
        return { last: lines.at(-1), stdout: run.stdout, code: run.status, lines };
    }

    /** A pytest --junitxml report (junit_family=xunit1) with one testcase per [file, outcome]. */
    function junit(cases: Array<[string, "pass" | "failure" | "error" | "skipped"]>): string {
        const body = cases
            .map(([file, outcome], i) =>
                outcome === "pass"
                    ? `<testcase classname="c" name="t${i}" file="${file}" line="1" time="0.1" />`
                    : `<testcase classname="c" name="t${i}" file="${file}" line="1" time="0.1"><${outcome} message="m">trace &lt;/testcase&gt;</${outcome}></testcase>`,
            )
            .join("");
        return `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">${body}</testsuite></testsuites>`;
    }

    /** The breakdown line of one folder and runner, as printed. */
    const folderLine = (lines: string[], folder: string, runner: string) =>
        lines.find((l) => l.trim().split(/\s+/).slice(0, 2).join(" ") === `${folder} ${runner}`);

    const MOCHA_OK = "  ok\n\n  12 passing (3s)\n";
    const PYTEST_OK = "....\n4 passed in 1.2s\n";

    it("counts a mocha report printed in colour", () => {
        const coloured = "  \u001b[32m✔\u001b[39m ok\n\n\u001b[92m \u001b[0m\u001b[32m 12 passing\u001b[0m\u001b[90m (3s)\u001b[0m\n";
        expect(summarize("typecheck passed", coloured, 0, PYTEST_OK, 0)).to.include({ last: "17 passed, 0 failed", code: 0 });
    });

    it("sums tsc, mocha and pytest", () => {
        expect(summarize("typecheck passed", MOCHA_OK, 0, PYTEST_OK, 0)).to.include({ last: "17 passed, 0 failed", code: 0 });
        const failing = summarize("typecheck passed", "  10 passing (3s)\n  2 failing\n", 2, "3 passed, 1 failed in 2s\n", 1);
        expect(failing).to.include({ last: "14 passed, 3 failed", code: 1 });
    });

    it("counts a runner that exited non-zero with nothing failing as one failure", () => {
        // Mocha exits 7 when an error is thrown after its report has printed "N passing".
        const late = summarize("typecheck passed", `${MOCHA_OK}\nError: late\n`, 7, PYTEST_OK, 0);
        expect(late).to.include({ last: "17 passed, 1 failed", code: 1 });
        expect(late.stdout).to.contain("mocha: 12 passed, 1 failed (exited 7 with no failing test reported)");
        expect(summarize("typecheck passed", MOCHA_OK, 0, PYTEST_OK, 3)).to.include({ last: "17 passed, 1 failed", code: 1 });
    });

    it("counts a runner that printed no result, and a failed typecheck, as failures", () => {
        expect(summarize("typecheck failed", "Error: Cannot find module\n", 1, "1 error in 0.2s\n", 2)).to.include({
            last: "0 passed, 3 failed",
            code: 1,
        });
    });

    describe("the tests by folder, printed just before the summary line", () => {
        const MOCHA_TALLY = {
            "tests/unit/component.test.ts": { passed: 5, failed: 0, pending: 0 },
            "tests/unit/fixtures/more.test.ts": { passed: 2, failed: 0, pending: 1 },
            "tests/local/e2e.test.ts": { passed: 3, failed: 2, pending: 0 },
        };
        const PYTEST_JUNIT = junit([
            ["test_parser.py", "pass"],
            ["test_parser.py", "pass"],
            ["sensor/test_sensor_zip.py", "pass"],
            ["sensor/test_sensor_zip.py", "failure"],
            ["sensor/test_sensor_windows.py", "error"],
            ["sensor/test_sensor_windows.py", "skipped"],
        ]);
        const MOCHA_FAILING = "  10 passing (3s)\n  1 pending\n  2 failing\n";
        const PYTEST_FAILING = "3 passed, 1 failed, 1 skipped, 1 error in 2s\n";

        it("groups mocha by top folder under tests/ and pytest by the test file's folder, failures shown where they are", () => {
            const run = summarize("typecheck passed", MOCHA_FAILING, 2, PYTEST_FAILING, 1, { mochaTally: MOCHA_TALLY, pytestJunit: PYTEST_JUNIT });
            expect(folderLine(run.lines, "tests/unit", "mocha")).to.match(/7 passed, 0 failed, 1 skipped$/);
            expect(folderLine(run.lines, "tests/local", "mocha")).to.match(/3 passed, 2 failed$/);
            expect(folderLine(run.lines, "tests/python", "pytest")).to.match(/2 passed, 0 failed$/);
            expect(folderLine(run.lines, "tests/python/sensor", "pytest")).to.match(/1 passed, 2 failed, 1 skipped$/);
            expect(run.lines.filter((l) => /^\s+tests\//.test(l))).to.have.length(4);
            expect(run.stdout).not.to.contain("add up to");
        });

        it("keeps the summary line last and unchanged, with the breakdown just before it", () => {
            const run = summarize("typecheck passed", MOCHA_FAILING, 2, PYTEST_FAILING, 1, { mochaTally: MOCHA_TALLY, pytestJunit: PYTEST_JUNIT });
            expect(run).to.include({ last: "14 passed, 4 failed", code: 1 });
            expect(run.lines.at(-2)).to.match(/^\s+tests\/python\/sensor\s+pytest /);
            expect(run.lines.indexOf("tests by folder:")).to.be.greaterThan(run.lines.findIndex((l) => l.startsWith("tsc: ")));
        });

        it("says when a folder count does not add up to the runner's own total", () => {
            const run = summarize("typecheck passed", "  11 passing (3s)\n  2 failing\n", 2, PYTEST_FAILING, 1, {
                mochaTally: MOCHA_TALLY,
                pytestJunit: PYTEST_JUNIT,
            });
            expect(run.stdout).to.contain("mocha: the folders add up to 10 passed, 2 failed, not the 11 passed, 2 failed of its report");
            expect(run.last).to.equal("15 passed, 4 failed");
        });

        it("says which report is missing or unreadable, and still sums the runners' lines", () => {
            const missing = summarize("typecheck passed", MOCHA_OK, 0, PYTEST_OK, 0, { mochaTally: { "tests/unit/a.test.ts": { passed: 12, failed: 0, pending: 0 } } });
            expect(missing.stdout).to.match(/pytest: no breakdown by folder \(.*pytest-junit\.xml not written\)/);
            expect(folderLine(missing.lines, "tests/unit", "mocha")).to.match(/12 passed, 0 failed$/);
            expect(missing).to.include({ last: "17 passed, 0 failed", code: 0 });
            const notWritten = summarize("typecheck passed", MOCHA_OK, 0, PYTEST_OK, 0, { pytestJunit: junit([["test_a.py", "pass"]]) });
            expect(notWritten.stdout).to.match(/mocha: no breakdown by folder \(.*mocha-tally\.json not written\)/);
            const unreadable = summarize("typecheck passed", MOCHA_OK, 0, PYTEST_OK, 0, { mochaTally: "{ cut short" });
            expect(unreadable.stdout).to.match(/mocha: no breakdown by folder \(.*mocha-tally\.json unreadable: /);
            expect(unreadable.last).to.equal("17 passed, 0 failed");
            expect(summarize("typecheck passed", MOCHA_OK, 0, PYTEST_OK, 0).stdout).to.contain("mocha: no breakdown by folder (no report file given");
        });
    });

    describe("the mocha reporter that writes the tally (scripts/mocha-file-tally-reporter.cjs)", () => {
        const root = path.resolve(__dirname, "..", "..");
        it("prints the spec report and counts each file's passed, failed (hooks too) and pending tests", () => {
            const project = fs.mkdtempSync(path.join(dir, "project-"));
            const write = (file: string, text: string) => {
                fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
                fs.writeFileSync(path.join(project, file), text);
            };
            write("tests/a/one.test.cjs", `describe("one", () => { it("passes", () => {}); it("fails", () => { throw new Error("no"); }); it.skip("waits", () => {}); });`);
            write("tests/b/deep/two.test.cjs", `describe("two", () => { before(() => { throw new Error("hook"); }); it("never runs", () => {}); });`);
            const tally = path.join(project, "tally.json");
            const run = spawnSync(
                process.execPath,
                [
                    path.join(root, "node_modules", "mocha", "bin", "mocha.js"),
                    "--no-config",
                    "--no-colors",
                    "--reporter",
                    path.join(root, "scripts", "mocha-file-tally-reporter.cjs"),
                    "--reporter-option",
                    `tally=${tally}`,
                    "tests/a/one.test.cjs",
                    "tests/b/deep/two.test.cjs",
                ],
                { cwd: project, encoding: "utf8" },
            );
            // FORCE_COLOR (set by some CI runners) colours the spec's symbols even under --no-colors.
            expect(stripVTControlCharacters(run.stdout)).to.match(/✔ passes/).and.match(/1 passing/).and.match(/2 failing/).and.match(/1 pending/);
            expect(JSON.parse(fs.readFileSync(tally, "utf8"))).to.deep.equal({
                "tests/a/one.test.cjs": { passed: 1, failed: 1, pending: 1 },
                "tests/b/deep/two.test.cjs": { passed: 0, failed: 1, pending: 0 },
            });
        });
    });
});
