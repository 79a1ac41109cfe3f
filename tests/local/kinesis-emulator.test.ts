import { GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { expect } from "chai";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createStream, emulatorClient, freePort, startKinesisLocal } from "../../local/kinesis-emulator.js";
import { persistFile } from "../../local/kinesis-persistence.js";

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

describe("kinesis-local with a persist folder (local/kinesis-emulator.ts)", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "kinesis-persist-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("finds the stream and every record, with its sequence number, after a restart", async () => {
        const first = await startKinesisLocal({ persistDir: dir });
        const client = emulatorClient(first);
        const streamArn = await createStream(client, "persisted", 1);
        const put = await client.send(
            new PutRecordsCommand({
                StreamARN: streamArn,
                Records: Array.from({ length: 5 }, (_, i) => ({ Data: Buffer.from(`record ${i}`), PartitionKey: "k" })),
            }),
        );
        client.destroy();
        // Stopped right after the put: the records must not wait for a periodic write.
        await first.stop();

        const second = await startKinesisLocal({ persistDir: dir });
        const again = emulatorClient(second);
        try {
            expect(await createStream(again, "persisted", 1)).to.equal(streamArn);
            const { ShardIterator } = await again.send(
                new GetShardIteratorCommand({ StreamARN: streamArn, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }),
            );
            const got = await again.send(new GetRecordsCommand({ StreamARN: streamArn, ShardIterator }));
            expect(got.Records?.map((r) => [r.SequenceNumber, Buffer.from(r.Data!).toString()])).to.deep.equal(
                put.Records!.map((r, i) => [r.SequenceNumber, `record ${i}`]),
            );
        } finally {
            again.destroy();
            await second.stop();
        }
    });

    it("stops with a whole file when the state is large, and finds every record after a restart", async () => {
        // 5.7 MB: kinesis-local leaves the file empty for 15–25 ms of each write here.
        const largeDir = fs.mkdtempSync(path.join(os.tmpdir(), "kinesis-persist-large-"));
        const records = 2000;
        try {
            const first = await startKinesisLocal({ persistDir: largeDir });
            const client = emulatorClient(first);
            const streamArn = await createStream(client, "large", 1);
            for (let sent = 0; sent < records; sent += 500) {
                await client.send(
                    new PutRecordsCommand({ StreamARN: streamArn, Records: Array.from({ length: 500 }, () => ({ Data: Buffer.alloc(2000, 97), PartitionKey: "k" })) }),
                );
            }
            client.destroy();
            await first.stop();
            expect(() => JSON.parse(fs.readFileSync(persistFile(largeDir), "utf8")), "the saved file").to.not.throw();

            const second = await startKinesisLocal({ persistDir: largeDir });
            const again = emulatorClient(second);
            try {
                const { ShardIterator } = await again.send(
                    new GetShardIteratorCommand({ StreamARN: streamArn, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }),
                );
                let found = 0;
                for (let iterator = ShardIterator; iterator && found < records; ) {
                    const got = await again.send(new GetRecordsCommand({ StreamARN: streamArn, ShardIterator: iterator }));
                    found += got.Records?.length ?? 0;
                    if (!got.Records?.length) break;
                    iterator = got.NextShardIterator;
                }
                expect(found).to.equal(records);
            } finally {
                again.destroy();
                await second.stop();
            }
        } finally {
            fs.rmSync(largeDir, { recursive: true, force: true });
        }
    });

    it("stops cleanly when a terminal's Ctrl-C reached kinesis-local first, and keeps every record", async () => {
        const interruptedDir = fs.mkdtempSync(path.join(os.tmpdir(), "kinesis-persist-sigint-"));
        try {
            const first = await startKinesisLocal({ persistDir: interruptedDir });
            const client = emulatorClient(first);
            const streamArn = await createStream(client, "interrupted", 1);
            await client.send(new PutRecordsCommand({ StreamARN: streamArn, Records: Array.from({ length: 5 }, (_, i) => ({ Data: Buffer.from(`r${i}`), PartitionKey: "k" })) }));
            client.destroy();
            // Ctrl-C signals the whole foreground process group: kinesis-local writes once more and exits.
            process.kill(first.pid, "SIGINT");
            await first.stop();

            const second = await startKinesisLocal({ persistDir: interruptedDir });
            const again = emulatorClient(second);
            try {
                const { ShardIterator } = await again.send(
                    new GetShardIteratorCommand({ StreamARN: streamArn, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }),
                );
                const got = await again.send(new GetRecordsCommand({ StreamARN: streamArn, ShardIterator }));
                expect(got.Records?.map((r) => Buffer.from(r.Data!).toString())).to.deep.equal(["r0", "r1", "r2", "r3", "r4"]);
            } finally {
                again.destroy();
                await second.stop();
            }
        } finally {
            fs.rmSync(interruptedDir, { recursive: true, force: true });
        }
    });

    it("refuses, before it starts, a saved file that a kill cut short, naming the file", async () => {
        const brokenDir = fs.mkdtempSync(path.join(os.tmpdir(), "kinesis-persist-broken-"));
        try {
            fs.writeFileSync(persistFile(brokenDir), "");
            let error: unknown;
            await startKinesisLocal({ persistDir: brokenDir }).catch((e) => (error = e));
            // Without the check kinesis-local itself exits 1 with a bare java.util.NoSuchElementException.
            expect(String(error)).to.contain(`cannot load the streams saved in ${persistFile(brokenDir)}: it is empty`);
        } finally {
            fs.rmSync(brokenDir, { recursive: true, force: true });
        }
    });
});
