import { expect } from "chai";
import { MAX_TIMEOUT_MS, sleep } from "../../producer/sleep.js";

describe("producer sleep", () => {
    it("waits longer than setTimeout's maximum without overflowing, and still ends on abort", async () => {
        const warnings: Error[] = [];
        const onWarning = (warning: Error) => warnings.push(warning);
        process.on("warning", onWarning);
        try {
            const controller = new AbortController();
            let resolved = false;
            const sleeping = sleep(MAX_TIMEOUT_MS * 4, controller.signal).then(() => (resolved = true));
            // An overflowing timer fires after 1 ms; this one must still be waiting.
            await new Promise((resolve) => setTimeout(resolve, 50));
            expect(resolved, "resolved before the abort").to.equal(false);
            controller.abort();
            await sleeping;
            expect(resolved).to.equal(true);
        } finally {
            process.off("warning", onWarning);
        }
        expect(warnings.map((w) => w.name)).to.not.include("TimeoutOverflowWarning");
    });

    it("waits at least the time asked", async () => {
        const startedAt = Date.now();
        await sleep(60);
        // Date.now() has 1 ms resolution, hence the 1 ms of slack.
        expect(Date.now() - startedAt).to.be.at.least(59);
    });

    it("returns at once for no time or an aborted signal", async () => {
        const controller = new AbortController();
        controller.abort();
        const sleeping = [sleep(0), sleep(-5), sleep(10_000, controller.signal)];
        const settled = await Promise.race([Promise.all(sleeping).then(() => "resolved"), sleep(1000).then(() => "waiting")]);
        expect(settled).to.equal("resolved");
    });
});
