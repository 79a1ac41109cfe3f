// The producer reads the ticker rule from the repository's contract/ through
// its loader (compiled to dist/contract/index.js). The loader finds its data
// files beside itself, so the package carries a copy of them: the source of
// truth stays the one contract/ folder at the repository root.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, "..", "contract");
const target = path.join(here, "dist", "contract");
fs.cpSync(source, target, { recursive: true, filter: (file) => !file.endsWith(".ts") });
console.log(`copied the contract's data files from ${source} to ${target}`);
