import { expect } from "chai";
import { StatusLine, wantsStatusLine, type ProgressSnapshot } from "../../producer/progress.js";

const snapshot: ProgressSnapshot = {
    elapsedMs: 3000,
    generated: 9000,
    delivered: 8500,
    failed: 0,
    unknown: 0,
    retried: 12,
    throttled: 4,
    inFlightBatches: 3,
    eventsPerSecond: 2950.4,
    mibPerSecond: 0.2123,
};

function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    const stream = { isTTY, write: (chunk: string) => writes.push(chunk) } as unknown as NodeJS.WriteStream;
    return { stream, writes };
}

describe("producer status line", () => {
    it("shows events/s, MiB/s, retries and in-flight batches on a terminal, rewriting one line", () => {
        const { stream, writes } = fakeStream(true);
        const line = new StatusLine(stream);
        line.update(snapshot);
        line.update({ ...snapshot, elapsedMs: 4000 });
        line.clear();
        expect(writes).to.have.length(3);
        expect(writes[0]).to.match(/^\r\x1b\[2K3s {2}2950 events\/s {2}0\.21 MiB\/s .*retries 12 .*in-flight 3$/);
        expect(writes.join("")).to.not.contain("\n");
        expect(writes[2]).to.equal("\r\x1b[2K");
    });

    it("writes nothing when the stream is not a terminal", () => {
        const { stream, writes } = fakeStream(false);
        const line = new StatusLine(stream);
        line.update(snapshot);
        line.clear();
        expect(line.enabled).to.equal(false);
        expect(writes).to.deep.equal([]);
    });

    it("is shown only when stdout and stderr are terminals and --json is off", () => {
        expect(wantsStatusLine({ stdoutIsTTY: true, stderrIsTTY: true, json: false })).to.equal(true);
        expect(wantsStatusLine({ stdoutIsTTY: true, stderrIsTTY: true, json: true }), "--json").to.equal(false);
        expect(wantsStatusLine({ stdoutIsTTY: false, stderrIsTTY: true, json: false }), "stdout piped").to.equal(false);
        expect(wantsStatusLine({ stdoutIsTTY: true, stderrIsTTY: false, json: false }), "stderr piped").to.equal(false);
    });
});
