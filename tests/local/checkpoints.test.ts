import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { latestRetainedCheckpoint, retainedCheckpoints } from "../../local/checkpoints.js";
import { durableStateDirs, newestRestorePoint, startDurablePipeline } from "../../local/durable-pipeline.js";
import { tickerLocalJob } from "../../local/local-job.js";

/** Writes a checkpoint or savepoint folder, with _metadata completed at `atMs` unless cut short. */
function point(dir: string, atMs: number | "cut short"): string {
    fs.mkdirSync(dir, { recursive: true });
    if (atMs !== "cut short") {
        fs.writeFileSync(path.join(dir, "_metadata"), "x");
        fs.utimesSync(path.join(dir, "_metadata"), atMs / 1000, atMs / 1000);
    }
    return dir;
}

describe("where a resumed local job restores from (local/checkpoints.ts, durable-pipeline.ts)", () => {
    let work: string;
    beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-"))));
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    it("takes the last completed checkpoint of any earlier job, skipping one a crash cut short", () => {
        const { checkpoints } = durableStateDirs(work);
        point(path.join(checkpoints, "a".repeat(32), "chk-7"), 1_000_000);
        const newest = point(path.join(checkpoints, "b".repeat(32), "chk-2"), 2_000_000);
        point(path.join(checkpoints, "b".repeat(32), "chk-3"), "cut short");
        expect(retainedCheckpoints(checkpoints).map((c) => c.id)).to.deep.equal([7, 2]);
        expect(latestRetainedCheckpoint(checkpoints)?.path).to.equal(newest);
    });

    it("prefers a savepoint taken after the last checkpoint, and a checkpoint taken after the savepoint", () => {
        const { checkpoints, savepoints } = durableStateDirs(work);
        point(path.join(checkpoints, "a".repeat(32), "chk-4"), 1_000_000);
        const savepoint = point(path.join(savepoints, "savepoint-aaaaaa-1"), 2_000_000);
        expect(newestRestorePoint(work)).to.equal(savepoint);
        const later = point(path.join(checkpoints, "c".repeat(32), "chk-1"), 3_000_000);
        expect(newestRestorePoint(work)).to.equal(later);
    });

    it("refuses --resume when there is nothing to resume, before it starts or deletes anything", async () => {
        const outDir = path.join(work, "bucket");
        let error: unknown;
        await startDurablePipeline({ workDir: work, outDir, resume: true, job: tickerLocalJob({ windowSeconds: 60, watermarkDelaySeconds: 5 }), shards: 1, region: "us-east-1", timeoutSeconds: 10 }).catch(
            (e) => (error = e),
        );
        expect(String(error)).to.contain(`--resume: no retained checkpoint or savepoint under ${work}`);
        expect(fs.readdirSync(work)).to.deep.equal([]);
    });
});
