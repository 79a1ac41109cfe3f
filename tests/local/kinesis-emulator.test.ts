import { expect } from "chai";
import * as net from "node:net";
import { freePort, startKinesisLocal } from "../../local/kinesis-emulator.js";

/** kinesis-local picks its ports before it binds them; another process can take one in between. */
describe("starting kinesis-local (local/kinesis-emulator.ts)", function () {
    this.timeout(120_000);
    let taken: net.Server;
    let takenPort: number;
    before(async () => {
        taken = net.createServer();
        await new Promise<void>((resolve) => taken.listen(0, resolve));
        takenPort = (taken.address() as net.AddressInfo).port;
    });
    after(() => taken.close());

    it("tries other ports when one it chose was taken before it could bind it", async () => {
        const chosen: number[] = [];
        const emulator = await startKinesisLocal({
            choosePort: async () => {
                const port = chosen.length === 0 ? takenPort : await freePort();
                chosen.push(port);
                return port;
            },
        });
        try {
            expect(chosen[0]).to.equal(takenPort);
            expect(emulator.plainPort).to.not.equal(takenPort);
            expect((await fetch(`${emulator.endpoint}/healthcheck`)).status).to.equal(200);
        } finally {
            await emulator.stop();
        }
    });

    it("fails naming the ports when a port it was given is taken", async () => {
        let error: unknown;
        await startKinesisLocal({ plainPort: takenPort }).catch((e) => (error = e));
        expect(String(error)).to.contain(`exited with code 1 before it was healthy (ports ${takenPort}/`).and.to.contain("Address already in use");
    });
});
