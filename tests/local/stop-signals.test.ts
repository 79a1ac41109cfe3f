import { expect } from "chai";
import { abortOnStopSignals, STOP_SIGNALS } from "../../local/stop-signals.js";

describe("stop signals of a local run (local/stop-signals.ts)", () => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        it(`${signal} aborts the run once, and later signals are ignored`, () => {
            const controller = new AbortController();
            const seen: string[] = [];
            const remove = abortOnStopSignals(controller, (s) => seen.push(s));
            try {
                process.emit(signal, signal);
                process.emit("SIGINT", "SIGINT");
                expect(controller.signal.aborted).to.equal(true);
                expect(seen).to.deep.equal([signal]);
            } finally {
                remove();
            }
        });
    }

    it("removes its handlers", () => {
        const before = STOP_SIGNALS.map((s) => process.listenerCount(s));
        abortOnStopSignals(new AbortController())();
        expect(STOP_SIGNALS.map((s) => process.listenerCount(s))).to.deep.equal(before);
    });
});
