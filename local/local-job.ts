import * as fs from "node:fs";
import * as path from "node:path";
import { contractDir, loadJobDescriptor, type JobDescriptor } from "../contract/index.js";
import { DEFAULTS } from "../components/defaults.js";
import { tickerJob } from "../components/ticker-job.js";
import { CONNECTOR_JAR, JOB_SCRIPT } from "./paths.js";

/** The job a local run starts: its descriptor, and the files on disk that run it. */
export interface LocalJob {
    /** Tables, named queries, query parameters and property groups, as the component would deploy them. */
    descriptor: JobDescriptor;
    /** The job's folder (flink-src/ for the ticker job): its pom.xml builds the jar. */
    dir: string;
    /** The entry point the local Python runs. */
    script: string;
    /** The connector uber-jar the job loads. */
    jar: string;
    /** The bundled ticker job, whose every window the run checks against the producer's events. */
    isTickerJob: boolean;
    /** The local stream the job reads. */
    streamName: string;
}

/** The bundled ticker job's two folders: its code, and its descriptor. */
const TICKER_JOB_DIRS = [path.dirname(JOB_SCRIPT), contractDir()];

/** The bundled ticker job with the run's window and watermark delay. */
export function tickerLocalJob(o: { windowSeconds: number; watermarkDelaySeconds: number }): LocalJob {
    // The local run reads the job's folder, not a code location; tickerJob() needs one to be a PipelineJob.
    const { code: _code, ...descriptor } = tickerJob({ code: "", windowSeconds: o.windowSeconds, watermarkDelaySeconds: o.watermarkDelaySeconds });
    return { descriptor: descriptor as JobDescriptor, dir: path.dirname(JOB_SCRIPT), script: JOB_SCRIPT, jar: CONNECTOR_JAR, isTickerJob: true, streamName: "ticker-events" };
}

export function isTickerJobDir(dir: string): boolean {
    return TICKER_JOB_DIRS.includes(path.resolve(dir));
}

/**
 * A job folder that follows docs/job-descriptor.md: job.json, its queries and its
 * entry point. Throws a message naming the file and the rule; the jar is built by
 * the setup stage from the folder's pom.xml.
 */
export function loadLocalJob(dir: string, ticker: { windowSeconds: number; watermarkDelaySeconds: number }): LocalJob {
    if (isTickerJobDir(dir)) return tickerLocalJob(ticker);
    const resolved = path.resolve(dir);
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) throw new Error("must be a job folder holding job.json (docs/job-descriptor.md)");
    const descriptor = loadJobDescriptor(resolved);
    if (!Array.isArray(descriptor.tables) || descriptor.tables.length === 0) throw new Error(`${path.join(resolved, "job.json")}: tables must declare at least one table`);
    const script = path.join(resolved, descriptor.entryPoint ?? DEFAULTS.job.entryPoint);
    if (!fs.existsSync(script)) throw new Error(`has no entry point ${path.relative(resolved, script)} (job.json entryPoint)`);
    return { descriptor, dir: resolved, script, jar: path.join(resolved, descriptor.jarFile ?? DEFAULTS.job.jarFile), isTickerJob: false, streamName: `${descriptor.name}-input` };
}
