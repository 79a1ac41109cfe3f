import { DuckDBInstance } from "@duckdb/node-api";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { invalidReadings, sensorReadings } from "../../examples/sensor-averages/generate-readings.js";
import { runJob } from "../../local/local-run.js";
import { loadLocalJob } from "../../local/local-job.js";
import { REPO_ROOT } from "../../local/paths.js";
import { LOCAL_RUN_DEFAULTS } from "../../local/run-options.js";
import { runOncePerSuite } from "./support/run-once.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

interface Reading {
    device_id: string;
    region: string;
    event_time: number;
    temperature: number;
    humidity: number;
}

/**
 * examples/sensor-averages, a job that is not the ticker job, through the whole local
 * pipeline: its own jar, its property groups from job.json, readings replayed from a
 * JSON Lines file, Parquet output in two partition keys, its own named queries.
 * Every committed window is compared with an independent computation over the file.
 */
describe("local pipeline end to end with another job (examples/sensor-averages, Parquet)", function () {
    this.timeout(420_000);
    const WINDOW_MS = 300_000;
    const SLIDE_MS = 60_000;
    const DELAY_MS = 10_000;
    // Readings end a minute before now: the job rejects readings 600 s ahead of its clock.
    const lines = sensorReadings({ end: new Date(Date.now() - 60_000), minutes: 12, devices: 6, intervalSeconds: 10, seed: 7 });
    const run = runOncePerSuite("local-example-", (work, reporter, signal) => {
        const eventsFile = path.join(work, "readings.jsonl");
        fs.writeFileSync(eventsFile, `${lines.join("\n")}\n`);
        const job = loadLocalJob(path.join(REPO_ROOT, "examples", "sensor-averages"), LOCAL_RUN_DEFAULTS);
        const options = { ...LOCAL_RUN_DEFAULTS, start: new Date(0), outDir: path.join(work, "bucket"), workDir: work, timeoutSeconds: 150 };
        return runJob({ ...options, database: "streaming_analytics", eventsFile, signal }, job, reporter);
    });

    /** Hopping windows of the valid readings, computed here from the file (not by the job's SQL). */
    function independentlyExpected() {
        const invalid = new Set(invalidReadings(new Date()).map((r) => r.reason));
        const readings = lines.slice(invalid.size).map((l) => JSON.parse(l) as Reading);
        const watermark = Math.max(...readings.map((r) => r.event_time)) - DELAY_MS;
        const windows = new Map<string, Reading[]>();
        for (const r of readings) {
            const lastStart = r.event_time - (r.event_time % SLIDE_MS);
            for (let start = lastStart; start > r.event_time - WINDOW_MS; start -= SLIDE_MS) {
                if (start + WINDOW_MS - 1 > watermark) continue; // still open
                const key = `${r.device_id} ${r.region} ${start}`;
                windows.set(key, [...(windows.get(key) ?? []), r]);
            }
        }
        return { readings, windows };
    }

    async function committedRows(): Promise<Record<string, unknown>[]> {
        const glob = path.join(run.result.outDir, "sensor-stats", "dt=*", "region=*", "part-*");
        const instance = await DuckDBInstance.create(":memory:");
        const connection = await instance.connect();
        try {
            const reader = await connection.runAndReadAll(
                `SELECT device_id, region, dt, epoch_ms(window_start) AS start_ms, epoch_ms(window_end) AS end_ms, avg_temperature, ` +
                    `min_temperature, max_temperature, avg_humidity, reading_count FROM read_parquet('${glob}', hive_partitioning = true)`,
            );
            return reader.getRowObjectsJson();
        } finally {
            connection.closeSync();
            instance.closeSync();
        }
    }

    it("delivers every line of the events file", () => {
        expect(run.result.produced.generated).to.equal(lines.length);
        expect(run.result.produced.delivered).to.equal(lines.length);
    });

    it("commits every closed window once, with the statistics computed from the file", async () => {
        const { windows } = independentlyExpected();
        const rows = await committedRows();
        const byKey = new Map(rows.map((r) => [`${r.device_id} ${r.region} ${Number(r.start_ms)}`, r]));
        expect(byKey.size, "no window written twice").to.equal(rows.length);
        expect([...byKey.keys()].sort()).to.deep.equal([...windows.keys()].sort());
        for (const [key, readings] of windows) {
            const row = byKey.get(key)!;
            const temperatures = readings.map((r) => r.temperature);
            const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
            expect(Number(row.reading_count), key).to.equal(readings.length);
            expect(row.min_temperature, key).to.equal(Math.min(...temperatures));
            expect(row.max_temperature, key).to.equal(Math.max(...temperatures));
            expect(row.avg_temperature as number, key).to.be.closeTo(mean(temperatures), 1e-9);
            expect(row.avg_humidity as number, key).to.be.closeTo(mean(readings.map((r) => r.humidity)), 1e-9);
            expect(Number(row.end_ms) - Number(row.start_ms)).to.equal(WINDOW_MS);
            expect(row.dt, key).to.equal(new Date(Number(row.start_ms)).toISOString().slice(0, 10));
        }
        expect(run.result.tableRows.results).to.equal(windows.size);
    });

    it("rejects each invalid record with its reason, and aggregates every valid reading", async () => {
        const rejected = run.result.queries.find((q) => q.query.id === "rejected_by_reason")!;
        const reasons = invalidReadings(new Date()).map((r) => r.reason);
        expect(rejected.rows.map((r) => [r.reason, r.records]).sort()).to.deep.equal(reasons.map((r) => [r, 1]).sort());
        expect(run.result.tableRows.rejected).to.equal(reasons.length);
        // A valid reading is in a committed window unless every window holding it is still open.
        const { readings, windows } = independentlyExpected();
        const counted = new Set([...windows.values()].flat());
        const watermark = Math.max(...readings.map((r) => r.event_time)) - DELAY_MS;
        for (const r of readings) {
            // The earliest window holding r ends one slide after the slide r falls in.
            const earliestEnd = r.event_time - (r.event_time % SLIDE_MS) + SLIDE_MS;
            if (earliestEnd - 1 <= watermark) expect(counted.has(r), JSON.stringify(r)).to.equal(true);
        }
        expect(readings.length + reasons.length).to.equal(run.result.produced.delivered);
    });

    it("runs the job's own named queries on its declared tables", () => {
        expect(run.result.queries.map((q) => q.query.id)).to.deep.equal(["latest_per_device", "daily_region_extremes", "rejected_by_reason"]);
        const latest = run.result.queries.find((q) => q.query.id === "latest_per_device")!;
        expect(latest.rows.map((r) => r.device_id)).to.deep.equal(["th-0001", "th-0002", "th-0003", "th-0004", "th-0005", "th-0006"]);
        expect(latest.sql).to.contain('FROM "streaming_analytics"."device_stats"');
        const extremes = run.result.queries.find((q) => q.query.id === "daily_region_extremes")!;
        expect([...new Set(extremes.rows.map((r) => r.region))].sort()).to.deep.equal(["ap", "eu", "us"]);
        expect(extremes.rows.reduce((n, r) => n + (r.windows as number), 0)).to.equal(run.result.tableRows.results);
    });

    it("gives the job its own property groups from job.json", () => {
        const groups = JSON.parse(fs.readFileSync(run.result.propertiesFile, "utf8")) as { PropertyGroupId: string; PropertyMap: Record<string, string> }[];
        const byId = Object.fromEntries(groups.map((g) => [g.PropertyGroupId, g.PropertyMap]));
        expect(byId.HopWindow0).to.deep.equal({ "window.seconds": "300", "slide.seconds": "60", "watermark.delay.seconds": "10" });
        expect(byId.SensorSink0["stats.path"]).to.equal(`file://${path.join(run.result.outDir, "sensor-stats")}/`);
        expect(byId.InputStream0["stream.arn"]).to.equal(run.result.streamArn);
    });
});
