import { formatTally, tallyRows } from "./support/tally.js";

/**
 * A root-level hook: after every test file has run, print how many simulations
 * passed per partition and subject (the figures the closing note quotes).
 */
after(function () {
    if (tallyRows().length === 0) return;
    console.log(`\n  IAM simulation (@cloud-copilot/iam-simulate), checks that passed:\n${formatTally()}\n`);
});
