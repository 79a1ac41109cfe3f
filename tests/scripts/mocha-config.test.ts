import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..", "..");
const MOCHA = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");

describe("mocha's configuration (.mocharc.json)", function () {
    this.timeout(60_000);

    // mocha adds a config's spec to the files named on its command line, so a spec in
    // .mocharc.json made `npx mocha tests/x.test.ts` run every test; npm test names it.
    it("runs only the file named on the command line", async () => {
        const file = path.join("tests", "scripts", "test-summary.test.ts");
        const { stdout } = await promisify(execFile)(process.execPath, [MOCHA, "--dry-run", "--reporter", "json", file], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
        const report = JSON.parse(stdout) as { tests: { file: string }[] };
        const files = new Set(report.tests.map((t) => path.relative(ROOT, t.file)));
        expect(report.tests.length).to.be.above(0);
        expect([...files]).to.deep.equal([file]);
    });
});
