import { DuckDBInstance } from "@duckdb/node-api";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { invalidReadings, sensorReadings } from "../../examples/sensor-averages/generate-readings.js";
import { produce } from "../../producer/index.js";
import { sleep } from "../../producer/sleep.js";
import { REPO_ROOT } from "../../local/paths.js";
import { isRunning, processTree } from "./support/processes.js";
import { ServedPipeline } from "./support/served-pipeline.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** `commit  <table>  <partition>  <n> rows  <file>`, as --serve prints a committed file of a job other than the ticker job. */
const COMMIT_LINE = /^commit {2}(\S+) {2}(.+?) {2}(\d+) rows {2}(\S+)$/;

/**
 * `npm run local -- --serve --job examples/sensor-averages` as a user runs it: the
 * job's readings replayed through the producer's file replay to the printed
 * endpoint, a line for each file the job commits in each declared table, the job's
 * own named queries refreshed, and Ctrl-C stopping every process it started.
 */
describe("npm run local -- --serve with another job (examples/sensor-averages)", function () {
    this.timeout(240_000);
    let work: string;
    /** The first --serve, then the resumed one. */
    let served: ServedPipeline;
    // Readings end a minute before now: the job rejects readings 600 s ahead of its clock.
    const readings = sensorReadings({ end: new Date(Date.now() - 60_000), minutes: 7, devices: 3, intervalSeconds: 10, seed: 3 });
    const rejectReasons = invalidReadings(new Date()).length;

    before(async () => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "local-serve-job-"));
        served = await ServedPipeline.start(serveArgs());
    });

    after(async () => {
        await served?.interrupt();
        fs.rmSync(work, { recursive: true, force: true });
    });

    const serveArgs = (...extra: string[]) => [...extra, "--job", "examples/sensor-averages", "--work", work, "--refresh", "1"];
    const printed = (prefix: string) => served.lines.find((l) => l.startsWith(prefix))!.slice(prefix.length).split(" ")[0];
    const commits = () => served.lines.map((l) => COMMIT_LINE.exec(l)).filter((m) => m !== null).map((m) => ({ table: m![1], partition: m![2], rows: Number(m![3]), file: m![4] }));

    async function parquetRowsOnDisk(): Promise<number> {
        const instance = await DuckDBInstance.create(":memory:");
        const connection = await instance.connect();
        try {
            const glob = path.join(work, "bucket", "sensor-stats", "dt=*", "region=*", "part-*");
            return Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${glob}')`)).getRowObjectsJson()[0].n);
        } finally {
            connection.closeSync();
            instance.closeSync();
        }
    }

    it("prints the job's own stream, a line per committed file of each declared table, and its named queries; Ctrl-C stops every process", async () => {
        expect(printed("stream      ")).to.equal("sensor-averages-input");
        const groups = JSON.parse(fs.readFileSync(path.join(work, "application_properties.json"), "utf8")) as { PropertyGroupId: string; PropertyMap: Record<string, string> }[];
        const jobJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", "sensor-averages", "job.json"), "utf8"));
        expect(groups.find((g) => g.PropertyGroupId === "HopWindow0")?.PropertyMap, "the job's own property group").to.deep.equal(jobJson.propertyGroups.HopWindow0);
        expect(served.lines.filter((l) => l.includes("AAPL")), "no sample ticker record for another job").to.deep.equal([]);
        const eventsFile = path.join(work, "readings.jsonl");
        fs.writeFileSync(eventsFile, `${readings.join("\n")}\n`);
        const sent = await produce({
            streamArn: printed("stream ARN  "),
            endpoint: printed("endpoint    "),
            credentials: { accessKeyId: printed("export AWS_ACCESS_KEY_ID="), secretAccessKey: printed("export AWS_SECRET_ACCESS_KEY=") },
            fromFile: eventsFile,
            concurrency: 1,
        });
        expect(sent.delivered).to.equal(readings.length);

        await served.untilLine(/^commit {2}device_stats {2}dt=\d{4}-\d\d-\d\d\/region=(eu|us|ap) {2}[1-9]\d* rows /, "a committed device_stats file");
        await served.untilLine(/^commit {2}device_stats_rejected {2}\(no partition\) {2}[1-9]\d* rows /, "a committed device_stats_rejected file");
        const giveUpAt = Date.now() + 30_000;
        const rejectedRows = () => commits().filter((c) => c.table === "device_stats_rejected").reduce((n, c) => n + c.rows, 0);
        while (rejectedRows() < rejectReasons && Date.now() < giveUpAt) await sleep(200);
        expect(rejectedRows(), "one rejected row per invalid reading").to.equal(rejectReasons);
        await served.untilLine(/^== .* \(latest_per_device\) ==$/, "a refresh of the job's own named queries");
        expect(served.lines.some((l) => l.startsWith("window  ")), "no ticker window lines").to.equal(false);

        const started = processTree(served.child.pid!);
        expect(await served.interrupt(), served.lines.slice(-5).join("\n")).to.equal(0);
        expect(served.lines.some((l) => l.startsWith("stopped with savepoint "))).to.equal(true);
        expect(started.filter(isRunning), "processes left after Ctrl-C").to.deep.equal([]);
        // Every committed file got its line: the printed rows add up to what is on disk.
        const statsRows = commits().filter((c) => c.table === "device_stats").reduce((n, c) => n + c.rows, 0);
        expect(statsRows).to.equal(await parquetRowsOnDisk());
        expect(fs.existsSync(path.join(work, "chart.png")), "no chart for a job other than the ticker job").to.equal(false);
    });

    it("--serve --resume restores the savepoint and keeps the committed files without printing them again", async () => {
        const committedFiles = commits().length;
        const savepoint = /^stopped with savepoint (\S+);/.exec(served.lines.find((l) => l.startsWith("stopped with savepoint "))!)![1];
        await served.interrupt(); // already stopped, unless the test before failed early
        served = await ServedPipeline.start(serveArgs("--resume"));
        expect(served.lines.find((l) => l.startsWith("serving: "))).to.contain(`restored from ${savepoint}`);
        expect(served.lines).to.include(`kept ${committedFiles} files already committed under ${path.join(work, "bucket")}`);
        const started = processTree(served.child.pid!);
        expect(await served.interrupt(), served.lines.slice(-5).join("\n")).to.equal(0);
        expect(commits(), "no file printed twice").to.deep.equal([]);
        expect(started.filter(isRunning), "processes left after Ctrl-C").to.deep.equal([]);
    });
});
