import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { produce, type TickerEvent } from "../../producer/index.js";
import { sleep } from "../../producer/sleep.js";
import { bucketFolders } from "../../local/bucket-folders.js";
import { LOCAL_SECRET_ACCESS_KEY } from "../../local/client-environment.js";
import { readCommittedWindows } from "../../local/committed-output.js";
import { durableStateDirs, startDurablePipeline, type DurablePipeline, type DurablePipelineOptions } from "../../local/durable-pipeline.js";
import { expectedWindows, windowKey } from "../../local/expected-windows.js";
import { REPO_ROOT } from "../../local/paths.js";
import { tickerLocalJob, type LocalJob } from "../../local/local-job.js";
import { compareWindows } from "../../local/verify-run.js";
import { formatTally, tallyWindows } from "../../local/window-tally.js";
import { runningInGroup } from "./support/processes.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/**
 * Stop and resume without loss: the job is broken off mid-run, after at least one
 * checkpoint and some committed windows, then resumed; more events follow. Every
 * window the events close must be committed exactly once. Short windows and few
 * events keep each case near a minute and a half.
 */
const WINDOW_SECONDS = 10;
const DELAY_SECONDS = 1;
/** Event time 3 windows before the break, 3 after; the tail closes the last window. */
const WINDOWS_PER_PHASE = 3;
const EVENTS_PER_SECOND = 10;
const START = new Date("2026-11-25T12:00:00Z");
const COMMIT_TIMEOUT_MS = 120_000;

interface Phase {
    startMs: number;
    spanSeconds: number;
    seed: number;
}

async function send(p: DurablePipeline, phase: Phase, delivered: TickerEvent[]): Promise<void> {
    const summary = await produce({
        streamArn: p.streamArn,
        endpoint: p.emulator.endpoint,
        region: p.emulator.region,
        credentials: { accessKeyId: p.emulator.accountId, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
        count: phase.spanSeconds * EVENTS_PER_SECOND,
        seed: phase.seed,
        concurrency: 1,
        partitionKey: "ticker",
        eventTime: { mode: "simulated", start: new Date(phase.startMs), spanSeconds: phase.spanSeconds },
        timeFormat: "iso",
        onDelivered: (events) => delivered.push(...events),
    });
    expect(summary.delivered, "events delivered").to.equal(summary.generated);
}

/** Polls the committed windows until `done` holds for them. */
async function untilCommitted(resultsDir: string, done: (keys: string[]) => boolean, what: string): Promise<string[]> {
    const giveUpAt = Date.now() + COMMIT_TIMEOUT_MS;
    for (;;) {
        const keys = readCommittedWindows(resultsDir).map(windowKey);
        if (done(keys)) return keys;
        if (Date.now() > giveUpAt) throw new Error(`${what}: not within ${COMMIT_TIMEOUT_MS} ms (${keys.length} windows committed)`);
        await sleep(200);
    }
}

/** A copy of the job with a changed comment: a code change that keeps the job graph. */
function changedJobCopy(work: string, job: LocalJob): LocalJob {
    const dir = path.join(work, "changed-job");
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, "contract"), path.join(dir, "contract"), { recursive: true });
    // The modules main.py imports from its own folder (application_properties.py) come along.
    const jobDir = path.dirname(job.script);
    for (const file of fs.readdirSync(jobDir).filter((f) => f.endsWith(".py"))) fs.copyFileSync(path.join(jobDir, file), path.join(dir, file));
    const script = path.join(dir, "main.py");
    fs.writeFileSync(script, `# Changed after the savepoint: this copy must resume from it.\n${fs.readFileSync(job.script, "utf8")}`);
    return { ...job, script };
}

type Fault = "kill -9" | "stop with savepoint";

describe("stopping and resuming the local job without loss (local/durable-pipeline.ts)", function () {
    this.timeout(360_000);
    let work: string;
    let running: DurablePipeline | undefined;

    beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "local-resume-"))));
    afterEach(async () => {
        await running?.stop();
        running = undefined;
        fs.rmSync(work, { recursive: true, force: true });
    });

    async function breakAndResume(fault: Fault) {
        const outDir = path.join(work, "bucket");
        const resultsDir = bucketFolders(outDir).results;
        const tickerJob = tickerLocalJob({ windowSeconds: WINDOW_SECONDS, watermarkDelaySeconds: DELAY_SECONDS });
        const base: DurablePipelineOptions = {
            workDir: work,
            outDir,
            resume: false,
            job: tickerJob,
            shards: 1,
            region: "us-east-1",
            timeoutSeconds: 120,
        };
        const delivered: TickerEvent[] = [];
        const before = await startDurablePipeline(base);
        running = before;
        await send(before, { startMs: START.getTime(), spanSeconds: WINDOWS_PER_PHASE * WINDOW_SECONDS, seed: 1 }, delivered);
        const expectedBefore = expectedWindows(delivered, WINDOW_SECONDS, DELAY_SECONDS);
        await untilCommitted(resultsDir, (keys) => keys.length > 0, "a first committed window");
        const checkpoints = await before.rest.untilCheckpoints(before.jobId, 1, 60_000);

        let savepoint: string | undefined;
        if (fault === "kill -9") {
            process.kill(-before.job.pid, "SIGKILL");
            await before.job.exited;
            // The JVM child dies a moment after the Python parent under load: wait for the group, then check it.
            const gone = Date.now() + 10_000;
            while (runningInGroup(before.job.pid).length > 0 && Date.now() < gone) await sleep(100);
            expect(runningInGroup(before.job.pid), "the job's process group after kill -9").to.deep.equal([]);
        } else {
            savepoint = await before.stopWithSavepoint();
        }
        await before.stop();
        running = undefined;
        const committedAtBreak = new Set(readCommittedWindows(resultsDir).map(windowKey));
        // Not all of them were written yet: the events after the break close the rest.
        expect(committedAtBreak.size, "windows committed at the break").to.be.below(expectedBefore.closed.length + expectedBefore.open.length);

        const resumedAt = Date.now();
        const after = await startDurablePipeline({
            ...base,
            resume: true,
            job: fault === "stop with savepoint" ? changedJobCopy(work, tickerJob) : tickerJob,
        });
        running = after;
        if (savepoint) expect(after.restoredFrom).to.equal(savepoint.replace(/\/$/, ""));
        else expect(after.restoredFrom).to.match(new RegExp(`^${durableStateDirs(work).checkpoints}/[0-9a-f]{32}/chk-\\d+$`));
        const second = { startMs: START.getTime() + WINDOWS_PER_PHASE * WINDOW_SECONDS * 1000, spanSeconds: WINDOWS_PER_PHASE * WINDOW_SECONDS + DELAY_SECONDS + 2, seed: 2 };
        const sending = send(after, second, delivered);
        await untilCommitted(resultsDir, (keys) => keys.some((k) => !committedAtBreak.has(k)), "a first new window after the resume");
        const firstNewCommitSeconds = (Date.now() - resumedAt) / 1000;
        await sending;

        const expected = expectedWindows(delivered, WINDOW_SECONDS, DELAY_SECONDS);
        const wanted = expected.closed.map(windowKey);
        await untilCommitted(resultsDir, (keys) => wanted.every((k) => keys.includes(k)), "every closed window");
        // Two more checkpoints: a replayed window would be committed by now.
        await after.rest.untilCheckpoints(after.jobId, (await after.rest.checkpoints(after.jobId)).completed + 2, 30_000);
        const committed = readCommittedWindows(resultsDir);
        const tally = tallyWindows(expected, committed);
        process.stderr.write(
            `      ${fault}: ${formatTally(tally)}; ${committedAtBreak.size} committed before the break (after ${checkpoints.completed} checkpoint(s)), ` +
                `first new commit ${firstNewCommitSeconds.toFixed(1)} s after the resume began, from ${path.relative(work, after.restoredFrom!)}\n`,
        );
        expect(tally).to.deep.equal({ compared: wanted.length, lost: 0, duplicated: 0, unexpected: 0 });
        expect(compareWindows(expected, committed)).to.deep.equal([]);
        expect(expected.late, "late events").to.equal(0);
        expect(wanted.length, "windows closed on both sides of the break").to.be.at.least(2 * WINDOWS_PER_PHASE * 5 - 5);
    }

    it("commits every window exactly once after the job's process group is killed with SIGKILL and resumed from the latest checkpoint", async () => {
        await breakAndResume("kill -9");
    });

    it("commits every window exactly once after a stop with a savepoint and a resume of changed code from it", async () => {
        await breakAndResume("stop with savepoint");
    });
});
