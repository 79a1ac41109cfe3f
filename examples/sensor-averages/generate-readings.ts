/**
 * Sample readings for a local run of this job (`npm run local -- --job
 * examples/sensor-averages --events-file FILE`): seeded, in event-time order, ending
 * a little before now (the job rejects readings more than 600 s ahead of its clock),
 * with one record per reject reason first. Its own output is a JSON Lines file.
 *
 * usage: npx tsx examples/sensor-averages/generate-readings.ts [--minutes 12] [--devices 6] [--seed 1] > readings.jsonl
 */
import { Command, InvalidArgumentError, Option } from "commander";

export interface ReadingsOptions {
    /** The last reading's event time. @default now, less a minute, to the second */
    end: Date;
    /** Event time the readings cover; more than the 5-minute window, so windows close. @default 12 */
    minutes: number;
    /** @default 6 (two per region) */
    devices: number;
    /** Seconds between two readings of one device. @default 10 */
    intervalSeconds: number;
    /** @default 1 */
    seed: number;
}

/** The regions of job.json's `region` projection. */
const REGIONS = ["eu", "us", "ap"] as const;
const DAY_MS = 86_400_000;

/** A small seeded generator (mulberry32): the same seed gives the same file. */
function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** One record per reject reason of the job (README: Record rules and reject reasons). */
export function invalidReadings(now: Date): { reason: string; line: string }[] {
    const ok = { device_id: "th-9000", region: "eu", event_time: now.getTime() - DAY_MS, temperature: 20, humidity: 40 };
    return [
        { reason: "malformed_json", line: '{"device_id": "th-9000", "region": ' },
        { reason: "invalid_device_id", line: JSON.stringify({ ...ok, device_id: "no spaces allowed" }) },
        { reason: "invalid_region", line: JSON.stringify({ ...ok, region: "mars" }) },
        { reason: "invalid_event_time", line: JSON.stringify({ ...ok, event_time: Math.floor(ok.event_time / 1000) }) },
        { reason: "invalid_temperature", line: JSON.stringify({ ...ok, temperature: "21.5" }) },
        { reason: "invalid_humidity", line: JSON.stringify({ ...ok, humidity: 140 }) },
        { reason: "future_event_time", line: JSON.stringify({ ...ok, event_time: now.getTime() + DAY_MS }) },
    ];
}

/** The file's lines: the invalid records, then every device's readings in event-time order. */
export function sensorReadings(o: ReadingsOptions): string[] {
    const next = random(o.seed);
    const round1 = (x: number) => Math.round(x * 10) / 10;
    const devices = Array.from({ length: o.devices }, (_, i) => ({
        device_id: `th-${String(i + 1).padStart(4, "0")}`,
        region: REGIONS[i % REGIONS.length],
        temperature: 15 + 10 * next(),
        humidity: 30 + 30 * next(),
    }));
    const stepMs = o.intervalSeconds * 1000;
    const steps = Math.floor((o.minutes * 60_000) / stepMs);
    const endMs = Math.floor(o.end.getTime() / 1000) * 1000;
    const lines = invalidReadings(o.end).map((r) => r.line);
    for (let step = steps; step >= 0; step--) {
        devices.forEach((d, i) => {
            d.temperature = Math.min(60, Math.max(-90, d.temperature + (next() - 0.5)));
            d.humidity = Math.min(100, Math.max(0, d.humidity + 2 * (next() - 0.5)));
            // Devices report a few milliseconds apart, so no two readings share an instant.
            const event_time = endMs - step * stepMs - (o.devices - 1 - i);
            lines.push(JSON.stringify({ device_id: d.device_id, region: d.region, event_time, temperature: round1(d.temperature), humidity: round1(d.humidity) }));
        });
    }
    return lines;
}

function wholeNumber(raw: string): number {
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
    return Number(raw);
}

if (require.main === module) {
    const program = new Command("generate-readings")
        .description("Seeded sensor readings for examples/sensor-averages, as JSON Lines on stdout.")
        .addOption(new Option("--minutes <n>", "event time covered").default(12).argParser(wholeNumber))
        .addOption(new Option("--devices <n>", "devices, spread over the regions eu, us, ap").default(6).argParser(wholeNumber))
        .addOption(new Option("--seed <n>", "the same seed writes the same readings").default(1).argParser(wholeNumber))
        .parse();
    const flags = program.opts();
    const end = new Date(Date.now() - 60_000);
    const lines = sensorReadings({ end, minutes: flags.minutes, devices: flags.devices, intervalSeconds: 10, seed: flags.seed });
    process.stdout.write(`${lines.join("\n")}\n`);
}
