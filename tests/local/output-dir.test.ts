import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareOutputDir } from "../../local/output-dir.js";

describe("the local run's output folder (local/output-dir.ts)", () => {
    let root: string;
    beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "output-dir-"))));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    const write = (relative: string) => {
        fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        fs.writeFileSync(path.join(root, relative), "x");
    };

    it("empties a folder that holds only earlier pipeline output, keeping the folder", () => {
        write("output/ticker=AAPL/part-1");
        write("output/ticker=AAPL/.part-2.inprogress");
        write("rejected/part-3");
        prepareOutputDir(root);
        expect(fs.readdirSync(root)).to.deep.equal([]);
    });

    it("refuses a folder with dotfiles, such as a home folder, and deletes nothing", () => {
        write(".ssh/id_ed25519");
        write(".bashrc");
        write("output/ticker=AAPL/part-1");
        expect(() => prepareOutputDir(root)).to.throw(/holds \.bashrc, \.ssh, which is not pipeline output/);
        expect(fs.existsSync(path.join(root, ".ssh", "id_ed25519"))).to.equal(true);
        expect(fs.existsSync(path.join(root, "output", "ticker=AAPL", "part-1"))).to.equal(true);
    });

    it("refuses a file named like a prefix folder, another folder, and a file as the folder", () => {
        write("output");
        expect(() => prepareOutputDir(root)).to.throw(/holds output,/);
        expect(() => prepareOutputDir(path.join(root, "output"))).to.throw(/is a file, not a folder/);
        fs.rmSync(path.join(root, "output"));
        write("photos/cat.jpg");
        expect(() => prepareOutputDir(root)).to.throw(/holds photos,/);
    });

    it("creates a folder that does not exist", () => {
        prepareOutputDir(path.join(root, "new", "out"));
        expect(fs.statSync(path.join(root, "new", "out")).isDirectory()).to.equal(true);
    });
});
