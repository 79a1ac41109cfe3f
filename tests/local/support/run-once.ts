import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatStageEvent, StageReporter, type StageEvent } from "../../../local/stage-reporter.js";
import { abortOnStopSignals } from "../../../local/stop-signals.js";

/** What a suite's one run gives its tests, once its before() hook has finished. */
export interface RunOnce<R> {
    result: R;
    work: string;
    /** Every stage event of the run, in order. */
    events: StageEvent[];
}

/**
 * Registers before/after hooks that run a local pipeline once for the suite, in a
 * fresh temporary work folder, printing its stages. Mocha has no Ctrl-C handler of
 * its own: the run is aborted on a stop signal, and should mocha give up first, the
 * after hook stops its processes before its folder is removed.
 */
export function runOncePerSuite<R>(prefix: string, run: (work: string, reporter: StageReporter, signal: AbortSignal) => Promise<R>): RunOnce<R> {
    const once = { events: [] as StageEvent[] } as RunOnce<R>;
    const controller = new AbortController();
    let removeSignalHandlers = () => {};
    let running: Promise<R> | undefined;
    before(async () => {
        once.work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
        removeSignalHandlers = abortOnStopSignals(controller);
        const reporter = new StageReporter((event) => {
            once.events.push(event);
            process.stderr.write(`      ${formatStageEvent(event)}\n`);
        });
        running = run(once.work, reporter, controller.signal);
        once.result = await running;
    });
    after(async () => {
        controller.abort();
        await running?.catch(() => undefined);
        removeSignalHandlers();
        if (once.work) fs.rmSync(once.work, { recursive: true, force: true });
    });
    return once;
}
