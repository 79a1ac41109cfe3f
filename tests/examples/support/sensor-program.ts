import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { makeCodeZip, tempDir } from "../../unit/support/fixtures.js";
import { CHINA, COMMERCIAL, type MockEnvironment } from "../../unit/support/mocks.js";
import { packedComponent } from "../../package/support/packed.js";
import { runTsxProcess, type StackProcessResult } from "../../unit/support/stack-process.js";
import type { ProgramRun } from "./run-example-program.js";

/**
 * examples/sensor-averages/pulumi as a user installs it: the job folder and the
 * program copied to a fresh directory, the repository's `npm pack` tarball copied into
 * the program folder (where its package.json's file: dependency points), `npm
 * install`, the program compiled with its own tsc against the installed types, then
 * run under mocks once per partition. Memoized: every test file of one mocha process
 * shares the install and the runs.
 */

const exec = promisify(execFile);
export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const EXAMPLE_DIR = path.join(ROOT, "examples", "sensor-averages");
const PROGRAM_FILES = ["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json"];
const RUNNER = path.join(__dirname, "run-example-program.ts");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const PACKAGE_NAME = "@streaming-analytics/pulumi-pipeline";

/** The two partitions the program is run in. */
export const ENVIRONMENTS: readonly MockEnvironment[] = [COMMERCIAL, CHINA];

/** The existing stream the program reads, in the environment's partition, region and account. */
export function existingStreamArn(env: MockEnvironment): string {
    return `arn:${env.partition}:kinesis:${env.region}:${env.accountId}:stream/sensor-readings`;
}

export interface InstalledProgram {
    programDir: string;
    /** The fixture zip the program deploys as the job's code. */
    codeZip: string;
    /** The file name `npm pack` gave the tarball, and the program's dependency spec. */
    tarballName: string;
    dependencySpec: string;
    /** tsc's output when compiling the program (empty when it compiles cleanly). */
    tscOutput: string;
}

function removeOrWarn(dir: string): void {
    try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
        process.stderr.write(`could not remove ${dir}: ${(e as Error).message}\n`);
    }
}

async function install(): Promise<InstalledProgram> {
    const work = tempDir("sap-sensor-program-");
    // The install holds a whole node_modules (about 200 MB): gone when the test process ends.
    process.on("exit", () => removeOrWarn(work));
    const jobDir = path.join(work, "sensor-averages");
    const programDir = path.join(jobDir, "pulumi");
    fs.mkdirSync(programDir, { recursive: true });
    fs.copyFileSync(path.join(EXAMPLE_DIR, "job.json"), path.join(jobDir, "job.json"));
    fs.cpSync(path.join(EXAMPLE_DIR, "queries"), path.join(jobDir, "queries"), { recursive: true });
    for (const file of PROGRAM_FILES) fs.copyFileSync(path.join(EXAMPLE_DIR, "pulumi", file), path.join(programDir, file));

    // The tarball `npm pack` made, put where the program's file: dependency points.
    const packed = await packedComponent();
    const tarballName = packed.filename;
    fs.copyFileSync(packed.tarball, path.join(programDir, tarballName));
    const manifest = JSON.parse(fs.readFileSync(path.join(programDir, "package.json"), "utf8")) as { dependencies: Record<string, string> };

    // Dependencies come from the npm cache the repository's own install filled.
    await exec(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: programDir, maxBuffer: 64 * 1024 * 1024 });
    const tsc = path.join(programDir, "node_modules", "typescript", "bin", "tsc");
    const compiled = await exec(process.execPath, [tsc, "-p", programDir]).catch((e: { stdout?: string }) => e);
    return {
        programDir,
        codeZip: makeCodeZip(work, "sensor", "sensor-averages.zip"),
        tarballName,
        dependencySpec: manifest.dependencies[PACKAGE_NAME],
        tscOutput: compiled.stdout ?? "",
    };
}

let installed: Promise<InstalledProgram> | undefined;

export function installedProgram(): Promise<InstalledProgram> {
    installed ??= install();
    return installed;
}

/** Runs the installed program under mocks in a child process (mocks and config are process-global). */
export async function runProgram(env: MockEnvironment, config: Record<string, string>): Promise<StackProcessResult> {
    const program = await installedProgram();
    return runTsxProcess(RUNNER, [program.programDir, env.region, JSON.stringify(config)]);
}

/** The program's config as `pulumi config set` would hold it for this environment. */
export async function programConfig(env: MockEnvironment): Promise<Record<string, string>> {
    const program = await installedProgram();
    return { "sensor-averages:streamArn": existingStreamArn(env), "sensor-averages:code": program.codeZip };
}

export interface CapturedProgram {
    env: MockEnvironment;
    run: ProgramRun;
}

const captured = new Map<string, Promise<CapturedProgram>>();

/** The program's run in one environment, with the config a user sets; memoized per partition. */
export function capturedProgram(env: MockEnvironment): Promise<CapturedProgram> {
    let run = captured.get(env.partition);
    if (!run) {
        run = (async () => {
            const result = await runProgram(env, await programConfig(env));
            if (result.code !== 0) throw new Error(`the program failed in ${env.partition} (${result.code}):\n${result.stderr}`);
            return { env, run: JSON.parse(result.stdout) as ProgramRun };
        })();
        captured.set(env.partition, run);
    }
    return run;
}
