import { PutRecordCommand, PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { DEFAULT_TICKERS, EventGenerator, plainRecord, splitIntoBatches, userRecordOf, wallClock } from "../../producer/index.js";

/** One measured run of a sender. */
export interface SenderRun {
    events: number;
    elapsedMs: number;
}

export const eventsPerSecond = (run: SenderRun) => (run.events * 1000) / run.elapsedMs;

function events(count: number, seed: number) {
    const generator = new EventGenerator({ seed, tickers: DEFAULT_TICKERS, clock: wallClock(), timeFormat: "seed" });
    return Array.from({ length: count }, () => generator.next());
}

/**
 * The seed's producer, in TypeScript: one PutRecord per event, each awaited
 * before the next, all under one constant partition key.
 */
export async function sendNaive(client: KinesisClient, streamName: string, count: number): Promise<SenderRun> {
    const started = performance.now();
    for (const event of events(count, 1)) {
        await client.send(
            new PutRecordCommand({ StreamName: streamName, Data: Buffer.from(JSON.stringify(event)), PartitionKey: "partitionkey" }),
        );
    }
    return { events: count, elapsedMs: performance.now() - started };
}

/**
 * What the emulator can take at best: pre-built 500-record PutRecords
 * requests, `concurrency` at a time, with no generation, pacing, accounting or
 * retries in the timed part. Throws if any entry fails, since then the number
 * would not be a ceiling.
 */
export async function sendCeiling(
    client: KinesisClient,
    streamName: string,
    count: number,
    concurrency: number,
): Promise<SenderRun> {
    const batches = splitIntoBatches(events(count, 2).map((e) => plainRecord(userRecordOf(e, e.ticker)))).map((batch) =>
        batch.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })),
    );
    let next = 0;
    const worker = async () => {
        while (next < batches.length) {
            const records = batches[next++];
            const response = await client.send(new PutRecordsCommand({ StreamName: streamName, Records: records }));
            if (response.FailedRecordCount) {
                throw new Error(`ceiling run: ${response.FailedRecordCount} entries failed; the emulator is overloaded`);
            }
        }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { events: count, elapsedMs: performance.now() - started };
}
