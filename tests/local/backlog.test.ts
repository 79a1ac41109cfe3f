import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fillBacklog, runJobOnBacklog, type Backlog, type BacklogResult } from "../../bench/local/backlog-run.js";
import { abortOnStopSignals } from "../../local/stop-signals.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/**
 * A backlog on 4 shards, written before the job starts and read from TRIM_HORIZON by 2
 * subtasks, so that each subtask reads several shards at once (the connector assigns
 * shards by hash). Per-subtask watermarks lost 30-50 % of such a backlog's events as late;
 * per-shard watermarks must lose none.
 */
describe("a 4-shard backlog read from TRIM_HORIZON (kinesis-local, the job at parallelism 2)", function () {
    this.timeout(420_000);
    const controller = new AbortController();
    let removeSignalHandlers = () => {};
    let work: string;
    let backlog: Backlog | undefined;
    let result: BacklogResult;

    before(async () => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "backlog-"));
        removeSignalHandlers = abortOnStopSignals(controller);
        backlog = await fillBacklog({ shards: 4, events: 12_000, windows: 6, seed: 15, signal: controller.signal });
        result = await runJobOnBacklog(backlog, { parallelism: 2, workDir: work, timeoutSeconds: 240, signal: controller.signal });
        process.stderr.write(
            `      backlog: ${result.inClosedWindows} events in ${backlog.expected.closed.length} closed windows, ` +
                `${result.aggregated} aggregated, ${result.lost} lost (${result.seconds.toFixed(1)} s)\n`,
        );
    });

    after(async () => {
        controller.abort();
        removeSignalHandlers();
        await backlog?.close();
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("holds every ticker on every shard, in windows that close", () => {
        expect(backlog!.expected.late, "in event-time order on every shard").to.equal(0);
        expect(new Set(backlog!.expected.closed.map((w) => w.ticker)).size).to.equal(5);
        expect(new Set(backlog!.expected.closed.map((w) => w.windowStartMs)).size).to.be.at.least(5);
    });

    it("commits every closed window with exactly the events sent: none lost as late", () => {
        expect(result.mismatches).to.deep.equal([]);
        expect(result.lost).to.equal(0);
        expect(result.aggregated).to.equal(result.inClosedWindows);
    });
});
