/**
 * bench/local/backlog: how much of a backlog each job loses as late, on kinesis-local.
 *
 * For 1, 2 and 4 shards, a stream is filled with the same events (random partition
 * keys) before any job starts; then each job reads it from TRIM_HORIZON at parallelism
 * 1, 2 and 4, and every window the events close is compared with what it committed:
 *
 * - before: bench/local/sql-watermark-job/main.py, the job with the SQL watermark
 *   assigned after the source, per subtask (flink-src/main.py until per-shard watermarks);
 * - after: flink-src/main.py, watermarks per shard in the source.
 *
 * usage: npm run bench:backlog [-- --events 6000 --windows 6]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ensurePythonAndConnector } from "../../local/setup.js";
import { abortOnStopSignals } from "../../local/stop-signals.js";
import { fillBacklog, runJobOnBacklog, type BacklogResult } from "./backlog-run.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const SHARDS = [1, 2, 4];
const PARALLELISM = [1, 2, 4];
const JOBS = {
    before: path.join(__dirname, "sql-watermark-job", "main.py"),
    after: undefined, // flink-src/main.py
};

const log = (line: string) => process.stderr.write(`${line}\n`);
const stop = new AbortController();
abortOnStopSignals(stop, (signal) => log(`interrupted (${signal}): stopping the job and the emulator`));

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { events: { type: "string", default: "6000" }, windows: { type: "string", default: "6" } } });
    const events = Number(values.events);
    const windows = Number(values.windows);
    if (!Number.isSafeInteger(events) || events < 1000) throw new Error(`--events '${values.events}': must be a whole number of at least 1000`);
    if (!Number.isSafeInteger(windows) || windows < 2) throw new Error(`--windows '${values.windows}': must be a whole number of at least 2`);
    await ensurePythonAndConnector(log);

    const rows: { shards: number; parallelism: number; job: string; result: BacklogResult }[] = [];
    for (const shards of SHARDS) {
        log(`filling a ${shards}-shard stream with ${events} events over ${windows} windows`);
        const backlog = await fillBacklog({ shards, events, windows, seed: 15, signal: stop.signal });
        try {
            for (const parallelism of PARALLELISM) {
                for (const [job, script] of Object.entries(JOBS)) {
                    const work = fs.mkdtempSync(path.join(os.tmpdir(), `bench-backlog-${job}-`));
                    try {
                        const result = await runJobOnBacklog(backlog, { parallelism, workDir: work, script, timeoutSeconds: 300, signal: stop.signal });
                        log(`  ${shards} shard(s), parallelism ${parallelism}, ${job}: ${result.lost} of ${result.inClosedWindows} lost (${result.seconds.toFixed(1)} s)`);
                        rows.push({ shards, parallelism, job, result });
                    } finally {
                        fs.rmSync(work, { recursive: true, force: true });
                    }
                }
            }
        } finally {
            await backlog.close();
        }
    }

    console.log(`\nbench/local/backlog: ${events} events over ${windows} windows, written before the job starts, read from TRIM_HORIZON`);
    console.log("shards  parallelism  job     in closed windows  aggregated  lost    lost %");
    for (const { shards, parallelism, job, result } of rows) {
        const share = result.inClosedWindows > 0 ? (100 * result.lost) / result.inClosedWindows : 0;
        console.log(
            `${String(shards).padStart(6)}  ${String(parallelism).padStart(11)}  ${job.padEnd(6)}  ${String(result.inClosedWindows).padStart(17)}  ` +
                `${String(result.aggregated).padStart(10)}  ${String(result.lost).padStart(6)}  ${share.toFixed(1).padStart(6)}`,
        );
    }
    const lostAfter = rows.filter((r) => r.job === "after").reduce((n, r) => n + r.result.lost, 0);
    console.log(`after: ${lostAfter} events lost over all ${PARALLELISM.length * SHARDS.length} runs`);
}

main().catch((error: unknown) => {
    process.stderr.write(`bench/local/backlog failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(stop.signal.aborted ? 130 : 1);
});
