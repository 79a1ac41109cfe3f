import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { records } from "../../contract/index.js";
import { packedProducer } from "../package/support/packed.js";

/**
 * The producer as its own npm package (a workspace of the repository):
 * packed, installed into a fresh folder, and run through its bin. And the
 * component package at the root no longer carries what only the producer needs.
 */

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

/** The packages that the TypeScript files under `folders` import. */
function importedPackages(folders: string[]): Set<string> {
    const imported = new Set<string>();
    for (const folder of folders) {
        for (const file of fs.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: "utf8" })) {
            if (!file.endsWith(".ts") || file.includes("node_modules") || file.startsWith("dist")) continue;
            const source = fs.readFileSync(path.join(ROOT, folder, file), "utf8");
            for (const [, specifier] of source.matchAll(/from "([^."][^"]*)"/g)) {
                const parts = specifier.split("/");
                imported.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
            }
        }
    }
    return imported;
}

describe("producer package (@streaming-analytics/kinesis-producer)", function () {
    this.timeout(240_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "producer-pack-"));
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("each package depends on what its own code imports: the component on what it deploys, the producer on what it sends with", () => {
        const component = readJson(path.join(ROOT, "package.json"));
        const producer = readJson(path.join(ROOT, "producer", "package.json"));
        const componentImports = importedPackages(["components", "contract"]);
        const producerImports = importedPackages(["producer"]);
        for (const dependency of Object.keys(component.dependencies)) {
            expect(componentImports, `component dependency ${dependency}`).to.include(dependency);
        }
        for (const dependency of Object.keys(producer.dependencies)) {
            expect(producerImports, `producer dependency ${dependency}`).to.include(dependency);
        }
        for (const imported of producerImports) {
            if (imported.startsWith("node:")) continue;
            expect(producer.dependencies, `producer import ${imported}`).to.have.property(imported);
            expect(component.dependencies, `the component does not ship the producer's ${imported}`).to.not.have.property(imported);
        }
        expect(component.workspaces).to.include("producer");
        expect(component.bin, "the component ships no producer bin").to.equal(undefined);
    });

    it("packs its CLI, its library and the contract's data files, and installs into a fresh folder where its bin runs", async () => {
        const packed = await packedProducer();
        const files = packed.files;
        for (const required of ["package.json", "dist/producer/cli.js", "dist/producer/index.js", "dist/producer/index.d.ts", "dist/contract/index.js", "dist/contract/records.json"]) {
            expect(files, required).to.include(required);
        }
        expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).to.deep.equal([]);

        const program = path.join(work, "program");
        fs.mkdirSync(program);
        fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", private: true }));
        await exec(NPM, ["install", packed.tarball, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
            cwd: program,
            maxBuffer: 64 * 1024 * 1024,
        });
        const bin = path.join(program, "node_modules", ".bin", "kinesis-ticker-producer");
        const help = await exec(bin, ["--help"], { cwd: program });
        expect(help.stdout).to.contain("--stream-name").and.contain("--aggregate").and.contain("--from-file");
        // The ticker rule comes from the packed contract: a bad ticker is refused with it, before anything is sent.
        const refused = await exec(bin, ["--stream-name", "s", "--tickers", "A B"], { cwd: program }).catch((e) => e);
        expect(refused.code).to.equal(2);
        expect(refused.stderr).to.contain(records.tickerPattern);
    });
});
