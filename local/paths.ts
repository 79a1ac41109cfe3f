import * as path from "node:path";

/** The repository root, whether this runs from local/ or from dist/local/. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
export const VENV_PYTHON = path.join(REPO_ROOT, ".venv", "bin", "python");
export const JOB_SCRIPT = path.join(REPO_ROOT, "flink-src", "main.py");
export const CONNECTOR_JAR = path.join(REPO_ROOT, "flink-src", "lib", "pyflink-dependencies.jar");
export const DEFAULT_WORK_DIR = path.join(REPO_ROOT, ".local");
