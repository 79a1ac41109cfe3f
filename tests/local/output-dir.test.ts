import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { tickerJobDescriptor, type TableDescriptor } from "../../contract/index.js";
import { prepareOutputDir, RUN_MARKER } from "../../local/output-dir.js";

describe("the local run's output folder (local/output-dir.ts)", () => {
    let root: string;
    let out: string;
    const tables = tickerJobDescriptor.tables;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "output-dir-"));
        out = path.join(root, "bucket");
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    const write = (relative: string, base = out) => {
        fs.mkdirSync(path.dirname(path.join(base, relative)), { recursive: true });
        fs.writeFileSync(path.join(base, relative), "x");
    };
    const exists = (relative: string) => fs.existsSync(path.join(out, relative));
    /** What a run leaves: its marked folders, with the job's files in them. */
    const earlierRun = () => {
        prepareOutputDir(out, tables);
        write("output/ticker=AAPL/part-1");
        write("output/ticker=AAPL/.part-2.inprogress");
        write("rejected/part-3");
    };

    it("creates the folder and each table folder, each with the run's marker", () => {
        prepareOutputDir(out, tables);
        for (const folder of [".", "output", "rejected"]) expect(exists(path.join(folder, RUN_MARKER)), folder).to.equal(true);
    });

    it("empties a folder an earlier run created and filled, keeping it marked", () => {
        earlierRun();
        prepareOutputDir(out, tables);
        expect(exists("output/ticker=AAPL")).to.equal(false);
        expect(exists("rejected/part-3")).to.equal(false);
        expect(exists(path.join("output", RUN_MARKER))).to.equal(true);
    });

    it("reuses a run's folder without deleting its output when told to", () => {
        earlierRun();
        prepareOutputDir(out, tables, "reuse");
        expect(exists("output/ticker=AAPL/part-1")).to.equal(true);
        expect(exists("rejected/part-3")).to.equal(true);
    });

    it("refuses user files inside a run's output/ folder, naming that folder, and deletes nothing", () => {
        earlierRun();
        write("output/notes.txt");
        write("output/ticker=AAPL/my-analysis.csv");
        expect(() => prepareOutputDir(out, tables)).to.throw(`'${path.join(out, "output")}' holds`);
        expect(exists("output/notes.txt")).to.equal(true);
        expect(exists("output/ticker=AAPL/my-analysis.csv")).to.equal(true);
        expect(exists("output/ticker=AAPL/part-1")).to.equal(true);
        fs.rmSync(path.join(out, "output", "notes.txt"));
        expect(() => prepareOutputDir(out, tables, "reuse")).to.throw(`'${path.join(out, "output", "ticker=AAPL")}' holds my-analysis.csv, which no run wrote`);
    });

    it("refuses an output/ folder the user made (no marker) inside a run's folder", () => {
        prepareOutputDir(out, tables);
        fs.rmSync(path.join(out, "output"), { recursive: true });
        write("output/ticker=AAPL/part-1");
        expect(() => prepareOutputDir(out, tables)).to.throw(`'${out}' holds output, which no run wrote`);
        expect(exists("output/ticker=AAPL/part-1")).to.equal(true);
    });

    it("refuses a folder with files but no marker, such as a home folder, naming it, and deletes nothing", () => {
        write(".ssh/id_ed25519", root);
        write(".bashrc", root);
        write("output/ticker=AAPL/part-1", root);
        expect(() => prepareOutputDir(root, tables)).to.throw(`'${root}' holds .bashrc, .ssh, output but no ${RUN_MARKER}`);
        expect(fs.existsSync(path.join(root, ".ssh", "id_ed25519"))).to.equal(true);
        expect(fs.existsSync(path.join(root, "output", "ticker=AAPL", "part-1"))).to.equal(true);
    });

    it("refuses a file as the folder, and a file named like a table folder", () => {
        write("file", root);
        expect(() => prepareOutputDir(path.join(root, "file"), tables)).to.throw(/is a file, not a folder/);
        prepareOutputDir(out, tables);
        fs.rmSync(path.join(out, "rejected"), { recursive: true });
        write("rejected");
        expect(() => prepareOutputDir(out, tables)).to.throw(`'${out}' holds rejected, which no run wrote`);
    });

    it("takes an empty folder, and marks the folders of a nested prefix on the way", () => {
        fs.mkdirSync(out);
        const nested: TableDescriptor = { ...tables[1], id: "nested", prefix: "a/b/" };
        prepareOutputDir(out, [nested]);
        expect(exists(path.join("a", RUN_MARKER))).to.equal(true);
        expect(exists(path.join("a", "b", RUN_MARKER))).to.equal(true);
        write("a/b/part-1");
        prepareOutputDir(out, [nested]);
        expect(exists("a/b/part-1")).to.equal(false);
    });
});
