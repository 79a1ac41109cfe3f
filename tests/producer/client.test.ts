import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { expect } from "chai";
import * as net from "node:net";
import { createKinesisClient } from "../../producer/client.js";
import { errorName, isRetryable, mayHaveBeenWritten } from "../../producer/errors.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** A server that accepts connections and never answers: a hung Kinesis endpoint. */
async function startSilentServer(): Promise<{ url: string; close: () => Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        close: () =>
            new Promise((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
}

describe("producer Kinesis client", () => {
    it("gives up on a request that gets no answer, with a retryable error, also when no --endpoint is given", async () => {
        const server = await startSilentServer();
        // The SDK's own way to redirect the AWS endpoint, so that the client is
        // built exactly as for real AWS (no `endpoint` option).
        const saved = process.env.AWS_ENDPOINT_URL_KINESIS;
        process.env.AWS_ENDPOINT_URL_KINESIS = server.url;
        const client = createKinesisClient({
            region: "us-east-1",
            credentials: { accessKeyId: "a", secretAccessKey: "b" },
            requestTimeoutMs: 200,
        });
        // Without a request timeout the call would wait forever; this bound only turns that into a failure.
        let bound: NodeJS.Timeout | undefined;
        const hung = new Promise<"hung">((resolve) => (bound = setTimeout(() => resolve("hung"), 10_000)));
        try {
            const outcome = await Promise.race([
                client
                    .send(new PutRecordsCommand({ StreamName: "s", Records: [{ Data: Buffer.from("{}"), PartitionKey: "k" }] }))
                    .then(
                        () => "answered" as const,
                        (error: unknown) => error,
                    ),
                hung,
            ]);
            expect(outcome).to.be.instanceOf(Error);
            expect((outcome as Error).name).to.equal("TimeoutError");
            expect((outcome as Error).message).to.contain("200 ms requestTimeout");
            expect(isRetryable(outcome)).to.equal(true);
            expect(errorName(outcome)).to.equal("ETIMEDOUT");
            // The request went out and no answer came: the records are unknown, not failed.
            expect(mayHaveBeenWritten(outcome)).to.equal(true);
        } finally {
            clearTimeout(bound);
            client.destroy();
            if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_KINESIS;
            else process.env.AWS_ENDPOINT_URL_KINESIS = saved;
            await server.close();
        }
    });

    it("tells records that may be on the stream from records that cannot be", () => {
        const cases: [unknown, boolean][] = [
            [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), false],
            [Object.assign(new Error("getaddrinfo ENOTFOUND kinesis"), { code: "ENOTFOUND" }), false],
            [Object.assign(new Error("the request socket did not establish a connection with the server within the configured timeout of 5000 ms."), { name: "TimeoutError" }), false],
            [Object.assign(new Error("Stream s not found"), { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } }), false],
            [Object.assign(new Error("We encountered an internal error"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } }), false],
            [new Error("Region is missing"), false],
            [Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET" }), true],
            [Object.assign(new Error("write EPIPE"), { code: "EPIPE" }), true],
            [Object.assign(new Error("Unexpected end of JSON input"), { name: "SyntaxError", $metadata: { httpStatusCode: 200 } }), true],
        ];
        for (const [error, written] of cases) expect(mayHaveBeenWritten(error), (error as Error).message).to.equal(written);
    });
});
