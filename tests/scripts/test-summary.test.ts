import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** scripts/test-summary.mjs: the "N passed, N failed" line CI reads. */
describe("the test summary line (scripts/test-summary.mjs)", () => {
    const script = path.resolve(__dirname, "..", "..", "scripts", "test-summary.mjs");
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-summary-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function summarize(tsc: string, mocha: string, mochaCode: number, pytest: string, pytestCode: number) {
        const files = { tsc, mocha, pytest };
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.log`), text);
        const run = spawnSync(
            process.execPath,
            [script, path.join(dir, "tsc.log"), path.join(dir, "mocha.log"), String(mochaCode), path.join(dir, "pytest.log"), String(pytestCode)],
            { encoding: "utf8" },
        );
        return { last: run.stdout.trim().split("\n").pop(), stdout: run.stdout, code: run.status };
    }

    const MOCHA_OK = "  ok\n\n  12 passing (3s)\n";
    const PYTEST_OK = "....\n4 passed in 1.2s\n";

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
});
