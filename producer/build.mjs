// npm run build (and prepack): compiles the producer and the contract loader it
// imports into a fresh dist/, then copies the contract's data files beside the
// loader, which finds them there. The source of truth stays the one contract/
// folder at the repository root; the package carries a copy.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "dist");
fs.rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", path.join(here, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
const contract = path.join(here, "..", "contract");
fs.cpSync(contract, path.join(dist, "contract"), { recursive: true, filter: (file) => !file.endsWith(".ts") });
console.error(`built ${dist}: the producer, the contract loader and a copy of ${contract}'s data files`);
