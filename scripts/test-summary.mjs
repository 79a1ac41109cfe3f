// Sums the results of tsc, mocha (spec reporter) and pytest (-q) into the one
// line CI reads: "N passed, N failed". A crash must never look like success: a
// runner that printed no result counts as one failure, and so does a runner that
// exited non-zero with no failing test reported (mocha exits 7 when an error is
// thrown after its report, for instance). Exit code 1 on any failure.
//
// Just before that line it prints the tests by folder: mocha's by top folder under
// tests/ (from the tally of scripts/mocha-file-tally-reporter.cjs), pytest's by the
// folder of each test file (from its --junitxml report, junit_family=xunit1, which
// names each test's file relative to PYTEST_ROOTDIR). The totals still come from
// the runners' own lines; a breakdown that is missing or does not add up to them
// says so.
//
// usage: node test-summary.mjs TSC_LOG MOCHA_LOG MOCHA_EXIT_CODE PYTEST_LOG PYTEST_EXIT_CODE
//                              [MOCHA_TALLY PYTEST_JUNIT PYTEST_ROOTDIR]
import { existsSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { stripVTControlCharacters } from "node:util";

const [tscLog, mochaLog, mochaCode, pytestLog, pytestCode, mochaTally, pytestJunit, pytestRootdir] = process.argv.slice(2);
// Colour codes are dropped: FORCE_COLOR in the environment colours parts of mocha's
// report even under --no-colors, and a coloured "N passing" would not be counted.
const read = (file) => stripVTControlCharacters(readFileSync(file, "utf8"));
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

/** tests/unit/fixtures/x.test.ts -> tests/unit: mocha's tests by top folder under tests/. */
const mochaFolder = (file) => file.split("/").slice(0, 2).join("/");

/** Per-file {passed, failed, pending} of the tally reporter -> per-folder counts. */
function mochaByFolder(tallyFile) {
    const folders = {};
    for (const [file, t] of Object.entries(JSON.parse(read(tallyFile)))) {
        const folder = (folders[mochaFolder(file)] ??= { passed: 0, failed: 0, skipped: 0 });
        folder.passed += t.passed;
        folder.failed += t.failed;
        folder.skipped += t.pending;
    }
    return folders;
}

/** pytest's junit report -> counts by the folder of each test's file. A testcase
 * with <failure> or <error> failed, with <skipped> was skipped, else it passed
 * (a teardown error is a second testcase of the same test, as pytest counts it). */
function pytestByFolder(junitFile, rootdir) {
    const folders = {};
    for (const [, attributes, body = ""] of read(junitFile).matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
        const file = /\bfile="([^"]*)"/.exec(attributes)?.[1] ?? "(no file)";
        const folder = (folders[posix.dirname(posix.join(rootdir, file))] ??= { passed: 0, failed: 0, skipped: 0 });
        if (/<(failure|error)\b/.test(body)) folder.failed += 1;
        else if (/<skipped\b/.test(body)) folder.skipped += 1;
        else folder.passed += 1;
    }
    return folders;
}

/** The breakdown of one runner, or a line saying why there is none. */
function breakdown(runner, source, parse, total) {
    if (!source || !existsSync(source)) return [`  ${runner}: no breakdown by folder (${source || "no report file given"} not written)`];
    let folders;
    try {
        folders = parse();
    } catch (error) {
        return [`  ${runner}: no breakdown by folder (${source} unreadable: ${error.message})`];
    }
    const rows = Object.entries(folders).sort(([a], [b]) => a.localeCompare(b));
    const lines = rows.map(
        ([folder, r]) => `  ${folder.padEnd(22)} ${runner.padEnd(6)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`,
    );
    const sum = rows.reduce((s, [, r]) => ({ passed: s.passed + r.passed, failed: s.failed + r.failed }), { passed: 0, failed: 0 });
    if (sum.passed !== total.passed || sum.failed !== total.failed) {
        lines.push(`  ${runner}: the folders add up to ${sum.passed} passed, ${sum.failed} failed, not the ${total.passed} passed, ${total.failed} failed of its report`);
    }
    return lines;
}

const results = {
    tsc: /typecheck passed/.test(read(tscLog)) ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 },
    mocha: withExitCode(mocha(read(mochaLog)), mochaCode),
    pytest: withExitCode(pytest(read(pytestLog)), pytestCode),
};
const reported = { mocha: mocha(read(mochaLog)), pytest: pytest(read(pytestLog)) };
const passed = Object.values(results).reduce((n, r) => n + r.passed, 0);
const failed = Object.values(results).reduce((n, r) => n + r.failed, 0);
console.log(
    Object.entries(results)
        .map(([k, r]) => `${k}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note} with no failing test reported)` : ""}`)
        .join("; "),
);
console.log(
    [
        "tests by folder:",
        ...breakdown("mocha", mochaTally, () => mochaByFolder(mochaTally), reported.mocha),
        ...breakdown("pytest", pytestJunit, () => pytestByFolder(pytestJunit, pytestRootdir ?? "."), reported.pytest),
    ].join("\n"),
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
