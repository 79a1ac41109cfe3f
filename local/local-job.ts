import type { JobDescriptor } from "../contract/index.js";
import { tickerJob } from "../components/ticker-job.js";
import { CONNECTOR_JAR, JOB_SCRIPT, REPO_ROOT } from "./paths.js";
import * as path from "node:path";

/** The job a local run starts: its descriptor, and the files on disk that run it. */
export interface LocalJob {
    /** Tables, named queries, query parameters and property groups, as the component would deploy them. */
    descriptor: JobDescriptor;
    /** The job's folder (flink-src/ for the ticker job). */
    dir: string;
    /** The entry point the local Python runs. */
    script: string;
    /** The connector uber-jar the job loads. */
    jar: string;
    /** The bundled ticker job, whose every window the run checks against the producer's events. */
    isTickerJob: boolean;
}

/** The bundled ticker job with the run's window and watermark delay. */
export function tickerLocalJob(o: { windowSeconds: number; watermarkDelaySeconds: number }): LocalJob {
    // The local run reads the job's folder, not a code location; tickerJob() needs one to be a PipelineJob.
    const { code: _code, ...descriptor } = tickerJob({ code: "", windowSeconds: o.windowSeconds, watermarkDelaySeconds: o.watermarkDelaySeconds });
    return {
        descriptor: descriptor as JobDescriptor,
        dir: path.join(REPO_ROOT, "flink-src"),
        script: JOB_SCRIPT,
        jar: CONNECTOR_JAR,
        isTickerJob: true,
    };
}
