// Sums the results of tsc, mocha (spec reporter) and pytest (-q) into the one
// line CI reads: "N passed, N failed". A runner that printed no result counts as
// one failure, so a crash can never look like success. Exit code 1 on any failure.
import { readFileSync } from "node:fs";

const [tscLog, mochaLog, pytestLog] = process.argv.slice(2).map((f) => readFileSync(f, "utf8"));
const count = (text, re) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);

const results = {
    tsc: /typecheck passed/.test(tscLog) ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 },
    mocha: /^\s+\d+ passing/m.test(mochaLog)
        ? { passed: count(mochaLog, /^\s+(\d+) passing/gm), failed: count(mochaLog, /^\s+(\d+) failing/gm) }
        : { passed: 0, failed: 1 },
    pytest: /\d+ (passed|failed)/.test(pytestLog.split("\n").slice(-5).join("\n"))
        ? {
              passed: count(pytestLog.split("\n").slice(-5).join("\n"), /(\d+) passed/g),
              failed: count(pytestLog.split("\n").slice(-5).join("\n"), /(\d+) (?:failed|error)/g),
          }
        : { passed: 0, failed: 1 },
};
const passed = Object.values(results).reduce((n, r) => n + r.passed, 0);
const failed = Object.values(results).reduce((n, r) => n + r.failed, 0);
console.log(Object.entries(results).map(([k, r]) => `${k}: ${r.passed} passed, ${r.failed} failed`).join("; "));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
