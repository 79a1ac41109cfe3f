import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startDurablePipeline, type DurablePipeline } from "../../local/durable-pipeline.js";
import { tickerLocalJob } from "../../local/local-job.js";
import { REPO_ROOT } from "../../local/paths.js";
import { runningInGroup } from "./support/processes.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** Files under `root` that the process has open or mapped (jars, spill files, the blob store). */
function filesUnder(pid: number, root: string): string[] {
    const found = new Set<string>();
    try {
        for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
            const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
            if (target.startsWith(root)) found.add(target);
        }
        for (const line of fs.readFileSync(`/proc/${pid}/maps`, "utf8").split("\n")) {
            const file = line.split(/\s+/)[5];
            if (file?.startsWith(root)) found.add(file);
        }
    } catch {
        // The process ended between listing and reading.
    }
    return [...found];
}

/**
 * Flink's mini-cluster and PyFlink write blob stores, rpc and planner jars,
 * shuffle and spill folders, and the JVM its perf data, under /tmp unless told
 * otherwise. A local run keeps them in its work folder and removes them.
 */
describe("a local Flink run's temporary files (local/flink-job.ts)", function () {
    this.timeout(180_000);
    let work: string;
    let pipeline: DurablePipeline | undefined;
    const user = os.userInfo().username;

    before(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "flink-temp-"))));
    after(async () => {
        await pipeline?.stop();
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("keeps them in the work folder while it runs, none in /tmp, and leaves none behind", async () => {
        pipeline = await startDurablePipeline({
            workDir: work,
            outDir: path.join(work, "bucket"),
            resume: false,
            job: tickerLocalJob({ windowSeconds: 10, watermarkDelaySeconds: 1 }),
            shards: 1,
            region: "us-east-1",
            timeoutSeconds: 120,
        });
        await pipeline.rest.untilCheckpoints(pipeline.jobId, 1, 60_000);
        const pids = runningInGroup(pipeline.job.pid);
        expect(pids.length, "python and its JVM").to.be.at.least(2);
        // The project's own files (the venv, the jar) are no temp files, wherever the clone lives, /tmp included.
        const inTmp = pids
            .flatMap((pid) => filesUnder(pid, "/tmp/"))
            .filter((file) => !file.startsWith(`${work}/`) && !file.startsWith(`${REPO_ROOT}/`));
        expect(inTmp, "files of the job's processes under /tmp, outside its work folder").to.deep.equal([]);
        const kept = fs.readdirSync(pipeline.job.tmpDir);
        expect(kept.some((name) => name.startsWith("minicluster_")), `the run's temp folder holds ${kept.join(", ")}`).to.equal(true);

        const tmpDir = pipeline.job.tmpDir;
        await pipeline.stop();
        pipeline = undefined;
        expect(fs.existsSync(tmpDir), `${tmpDir} removed`).to.equal(false);
        const perfData = path.join(os.tmpdir(), `hsperfdata_${user}`);
        const leftPerfData = fs.existsSync(perfData) ? fs.readdirSync(perfData).filter((name) => pids.includes(Number(name))) : [];
        expect(leftPerfData, `JVM perf data of pids ${pids.join(", ")}`).to.deep.equal([]);
    });
});
