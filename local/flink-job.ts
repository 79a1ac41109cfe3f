import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { durableStateFlinkOptions, type DurableStateOptions } from "./checkpoints.js";
import { LOCAL_SECRET_ACCESS_KEY } from "./client-environment.js";
import { CONNECTOR_JAR, JOB_SCRIPT, VENV_PYTHON } from "./paths.js";

/**
 * flink-src/main.py on a local Flink mini-cluster: the same file Managed Flink
 * runs, pointed at its properties through FLINK_APPLICATION_PROPERTIES.
 */
export interface FlinkJobProcess {
    pid: number;
    logFile: string;
    /** Resolves with the exit code when the process ends by itself or is stopped. */
    exited: Promise<number | null>;
    /** Stops the job and the JVM it started (the whole process group). */
    stop(): Promise<void>;
    /** The last lines of its output, for error messages. */
    logTail(lines?: number): string;
    /** Where the JVM and Python write their temporary files instead of /tmp; removed by stop(). */
    tmpDir: string;
}

export interface StartFlinkJobOptions {
    propertiesFile: string;
    workDir: string;
    /** Credentials the connector signs with; kinesis-local reads the access key id as the account. */
    accessKeyId: string;
    region: string;
    /** A Flink duration. @default the job's local interval (LOCAL_CHECKPOINT_INTERVAL in flink-src/application_properties.py) */
    checkpointInterval?: string;
    /** Retained checkpoints, and the checkpoint or savepoint to restore from. Default: none kept. */
    durableState?: DurableStateOptions;
    /** Serves the mini-cluster's REST API on 127.0.0.1:<port> (see flink-rest.ts). Default: a random port. */
    restPort?: number;
    /**
     * Flink options set after the job's local defaults (e.g. `parallelism.default`),
     * handed to main.py as the JSON file FLINK_LOCAL_CONFIG names.
     */
    flinkConfig?: Record<string, string>;
    /** The job to run (bench/local compares another one). @default flink-src/main.py */
    script?: string;
    /** The job's connector uber-jar. @default flink-src/lib/pyflink-dependencies.jar */
    jar?: string;
}

const STOP_GRACE_MS = 10_000;

export function startFlinkJob(opts: StartFlinkJobOptions): FlinkJobProcess {
    const logFile = path.join(opts.workDir, "job.log");
    const logDir = path.join(opts.workDir, "flink-logs");
    fs.mkdirSync(logDir, { recursive: true });
    const log = fs.openSync(logFile, "w");
    const tmpDir = freshTmpDir(opts.workDir);
    const flinkConfigFile = path.join(opts.workDir, "flink-config.json");
    fs.writeFileSync(flinkConfigFile, JSON.stringify(localFlinkOptions(opts, tmpDir)));
    const script = opts.script ?? JOB_SCRIPT;
    const child = spawn(VENV_PYTHON, [script], {
        // Its own process group, so stop() reaches the JVM that PyFlink forks.
        detached: true,
        stdio: ["ignore", log, log],
        env: {
            ...process.env,
            JAVA_HOME: process.env.JAVA_HOME ?? "/usr/lib/jvm/java-17-openjdk-amd64",
            FLINK_APPLICATION_PROPERTIES: opts.propertiesFile,
            PYFLINK_DEPENDENCIES_JAR: opts.jar ?? CONNECTOR_JAR,
            ...(opts.checkpointInterval ? { FLINK_CHECKPOINT_INTERVAL: opts.checkpointInterval } : {}),
            FLINK_LOCAL_CONFIG: flinkConfigFile,
            FLINK_LOG_DIR: logDir,
            ...tmpDirEnvironment(tmpDir),
            AWS_ACCESS_KEY_ID: opts.accessKeyId,
            AWS_SECRET_ACCESS_KEY: LOCAL_SECRET_ACCESS_KEY,
            AWS_REGION: opts.region,
        },
    });
    fs.closeSync(log);
    if (child.pid === undefined) {
        throw new Error(`could not start ${VENV_PYTHON} ${script}`);
    }
    const pid = child.pid;
    let running = true;
    const exited = new Promise<number | null>((resolve) =>
        child.on("exit", (code) => {
            running = false;
            resolve(code);
        }),
    );

    const signalGroup = (signal: NodeJS.Signals) => {
        try {
            process.kill(-pid, signal);
        } catch {
            // Already gone.
        }
    };

    return {
        pid,
        logFile,
        exited,
        tmpDir,
        logTail: (lines = 25) => tail(logFile, lines),
        async stop() {
            if (running) {
                signalGroup("SIGTERM");
                const timer = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
                await Promise.race([exited, timer]);
            }
            // The JVM can outlive a python that exited; the group kill reaches it either way.
            signalGroup("SIGKILL");
            await exited;
            fs.rmSync(tmpDir, { recursive: true, force: true });
        },
    };
}

/**
 * The Flink options of a local run: the project's temp folder (Flink's blob
 * store, web upload and spill folders otherwise land in /tmp), REST on loopback,
 * durable state when asked, then the caller's options.
 */
function localFlinkOptions(opts: StartFlinkJobOptions, tmpDir: string): Record<string, string> {
    return {
        "io.tmp.dirs": tmpDir,
        "rest.address": "127.0.0.1",
        "rest.bind-address": "127.0.0.1",
        "rest.bind-port": String(opts.restPort ?? 0),
        ...(opts.durableState ? durableStateFlinkOptions(opts.durableState) : {}),
        ...opts.flinkConfig,
    };
}

/**
 * A run's own temp folder under the work folder, emptied first: a job killed with
 * SIGKILL leaves its files there instead of in /tmp, and the next run removes them.
 */
function freshTmpDir(workDir: string): string {
    const dir = path.join(workDir, "tmp");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}

/**
 * Points every temp file of the job at `dir`: Python's tempfile (PyFlink's gateway
 * connection files) reads TMPDIR; the JVM ignores TMPDIR and takes java.io.tmpdir
 * from JVM_ARGS, which pyflink_gateway_server.py puts on the java command line;
 * -XX:-UsePerfData stops the JVM writing /tmp/hsperfdata_<user>/<pid>.
 */
export function tmpDirEnvironment(dir: string): Record<string, string> {
    const jvmArgs = [process.env.JVM_ARGS, `-Djava.io.tmpdir=${dir}`, "-XX:-UsePerfData"].filter(Boolean).join(" ");
    return { TMPDIR: dir, JVM_ARGS: jvmArgs };
}

function tail(file: string, lines: number): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
        return "(no output)";
    }
}
