import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { persistFile, restoreIfCutShort, savedAfter, savedStateProblem } from "../../local/kinesis-persistence.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes the file as kinesis-local does: truncate it, leave it empty for a while,
 * then write it whole. The resume flake this guards against: stop() took the
 * truncate's new timestamp for a finished write and killed the emulator while the
 * file was still empty.
 */
async function writeLikeKinesisLocal(file: string, content: object, emptyForMs: number): Promise<void> {
    fs.writeFileSync(file, "");
    await sleep(emptyForMs);
    fs.writeFileSync(file, JSON.stringify(content));
}

describe("kinesis-local's saved streams (local/kinesis-persistence.ts)", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kinesis-persistence-"));
        file = persistFile(dir);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("waits for a whole write that began after the given time, not for the truncate that starts one", async () => {
        fs.writeFileSync(file, JSON.stringify({ write: 0 }));
        await sleep(20);
        const since = Date.now();
        const writer = (async () => {
            // Write 1 began at `since`, before the records of write 2 could be in it.
            await writeLikeKinesisLocal(file, { write: 1 }, 150);
            await sleep(50);
            await writeLikeKinesisLocal(file, { write: 2 }, 150);
        })();
        const saved = await savedAfter(file, since, { waitMs: 5000 });
        await writer;
        expect(saved && JSON.parse(saved.bytes.toString("utf8"))).to.deep.equal({ write: 2 });
    });

    it("gives up after its wait when nothing writes the file whole", async () => {
        const since = Date.now();
        await sleep(5);
        fs.writeFileSync(file, '{"cut": "sh');
        expect(await savedAfter(file, since, { waitMs: 300 })).to.equal(undefined);
    });

    it("stops waiting as soon as kinesis-local has exited, since no write comes any more", async () => {
        fs.writeFileSync(file, JSON.stringify({ write: 0 }));
        const started = Date.now();
        expect(await savedAfter(file, Date.now(), { waitMs: 5000, exited: () => Date.now() - started > 100 })).to.equal(undefined);
        expect(Date.now() - started).to.be.below(2000);
    });

    it("puts the saved state back when the kill cut the next write short, and keeps a newer whole write", () => {
        const saved = { bytes: Buffer.from(JSON.stringify({ write: 2 })), mtimeMs: 0 };
        for (const cutShort of ["", '{"streams": {"a": [1, 2']) {
            fs.writeFileSync(file, cutShort);
            expect(restoreIfCutShort(file, saved), JSON.stringify(cutShort)).to.equal(true);
            expect(JSON.parse(fs.readFileSync(file, "utf8"))).to.deep.equal({ write: 2 });
        }
        fs.writeFileSync(file, JSON.stringify({ write: 3 }));
        expect(restoreIfCutShort(file, saved)).to.equal(false);
        expect(JSON.parse(fs.readFileSync(file, "utf8"))).to.deep.equal({ write: 3 });
        expect(fs.readdirSync(dir)).to.deep.equal([path.basename(file)]);
    });

    it("names the file, what is wrong with it and what to do when it cannot be loaded", () => {
        expect(savedStateProblem(dir), "no file yet").to.equal(undefined);
        fs.writeFileSync(file, JSON.stringify({ streams: {} }));
        expect(savedStateProblem(dir), "a whole file").to.equal(undefined);
        fs.writeFileSync(file, "");
        expect(savedStateProblem(dir)).to.contain(file).and.contain("it is empty").and.contain("without --resume");
        fs.writeFileSync(file, '{"streams": {"a"');
        expect(savedStateProblem(dir)).to.contain(file).and.contain("cut short after 16 bytes");
    });
});
