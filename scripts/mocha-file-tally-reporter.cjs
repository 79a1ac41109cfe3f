// Mocha's spec reporter, plus a JSON tally of passed, failed and pending tests per
// test file, written when the run ends. The spec output stays on screen as before;
// scripts/test-summary.mjs reads the tally to print the counts by folder, since no
// built-in reporter prints both the human report and each test's file.
//
// usage: mocha --reporter scripts/mocha-file-tally-reporter.cjs --reporter-option tally=FILE
// (without tally= it behaves exactly as the spec reporter)
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { reporters, Runner } = require("mocha");

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Runner.constants;

/** The file a test or hook was declared in, relative to the working directory. */
function fileOf(runnable) {
    for (let node = runnable; node; node = node.parent) {
        if (node.file) return path.relative(process.cwd(), node.file).split(path.sep).join("/");
    }
    // A failure outside any file's suites (a root hook, for instance) is still counted.
    return "(no file)";
}

class FileTallyReporter extends reporters.Spec {
    constructor(runner, options = {}) {
        super(runner, options);
        const target = (options.reporterOptions || options.reporterOption || {}).tally;
        const tally = {};
        const add = (runnable, outcome) => {
            const entry = (tally[fileOf(runnable)] ??= { passed: 0, failed: 0, pending: 0 });
            entry[outcome] += 1;
        };
        runner.on(EVENT_TEST_PASS, (test) => add(test, "passed"));
        // Hook failures come here too, as mocha counts them among its "N failing".
        runner.on(EVENT_TEST_FAIL, (test) => add(test, "failed"));
        runner.on(EVENT_TEST_PENDING, (test) => add(test, "pending"));
        if (target) runner.once(EVENT_RUN_END, () => fs.writeFileSync(target, JSON.stringify(tally, null, 2)));
    }
}

module.exports = FileTallyReporter;
