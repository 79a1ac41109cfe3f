// Sums the results of tsc, mocha (spec reporter) and pytest (-q) into the one
// line CI reads: "N passed, N failed". A crash must never look like success: a
// runner that printed no result counts as one failure, and so does a runner that
// exited non-zero with no failing test reported (mocha exits 7 when an error is
// thrown after its report, for instance). Exit code 1 on any failure.
//
// usage: node test-summary.mjs TSC_LOG MOCHA_LOG MOCHA_EXIT_CODE PYTEST_LOG PYTEST_EXIT_CODE
import { readFileSync } from "node:fs";

const [tscLog, mochaLog, mochaCode, pytestLog, pytestCode] = process.argv.slice(2);
const read = (file) => readFileSync(file, "utf8");
const count = (text, re) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);

function mocha(text) {
    if (!/^\s+\d+ passing/m.test(text)) return { passed: 0, failed: 1 };
    return { passed: count(text, /^\s+(\d+) passing/gm), failed: count(text, /^\s+(\d+) failing/gm) };
}

function pytest(text) {
    const tail = text.split("\n").slice(-5).join("\n");
    if (!/\d+ (passed|failed)/.test(tail)) return { passed: 0, failed: 1 };
    return { passed: count(tail, /(\d+) passed/g), failed: count(tail, /(\d+) (?:failed|error)/g) };
}

/** A non-zero exit with nothing failing in the report is one failure more. */
function withExitCode(result, code) {
    return Number(code) !== 0 && result.failed === 0 ? { ...result, failed: 1, note: `exited ${code}` } : result;
}

const results = {
    tsc: /typecheck passed/.test(read(tscLog)) ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 },
    mocha: withExitCode(mocha(read(mochaLog)), mochaCode),
    pytest: withExitCode(pytest(read(pytestLog)), pytestCode),
};
const passed = Object.values(results).reduce((n, r) => n + r.passed, 0);
const failed = Object.values(results).reduce((n, r) => n + r.failed, 0);
console.log(
    Object.entries(results)
        .map(([k, r]) => `${k}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note} with no failing test reported)` : ""}`)
        .join("; "),
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
