import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { AggregatedBatch } from "./aggregation.js";
import { PlainBatch, type BatchAssembler } from "./batching.js";
import { createKinesisClient, regionOfStreamArn } from "./client.js";
import { ProduceCounters } from "./counters.js";
import { errorMessage } from "./errors.js";
import { simulatedClock, wallClock } from "./event-time.js";
import { EventGenerator } from "./events.js";
import { resolveOptions, type ProduceOptions, type ResolvedOptions } from "./produce-options.js";
import { ProduceRun } from "./produce-run.js";
import { randomSeed } from "./random.js";
import { FileLines, GeneratedEvents, type UserRecordSource } from "./record-sources.js";
import { ShardMap } from "./shard-map.js";
import { summarize, type ProduceSummary, type SummaryFields } from "./summary.js";

/**
 * Writes ticker events (or the lines of a file) to a Kinesis stream in
 * PutRecords batches, `concurrency` at a time, retrying what the stream did
 * not accept. Resolves once every event is delivered, failed or unknown;
 * rejects only for bad options (OptionError) or a bug.
 */
export async function produce(options: ProduceOptions): Promise<ProduceSummary> {
    const resolved = resolveOptions(options);
    const seed = resolved.seed ?? randomSeed();
    const client =
        options.client ??
        createKinesisClient({
            region: options.region ?? (resolved.target.streamArn ? regionOfStreamArn(resolved.target.streamArn) : undefined),
            endpoint: options.endpoint,
            credentials: options.credentials,
            maxSockets: resolved.concurrency,
        });
    const source = openSource(resolved, seed);
    const fields = (run: { startedAt: number }): Omit<SummaryFields, "stoppedBy"> => ({
        stream: resolved.target.streamName ?? resolved.target.streamArn ?? "",
        seed,
        aggregated: resolved.aggregate,
        elapsedMs: Date.now() - run.startedAt,
        fromFile: source instanceof FileLines ? source.summary() : undefined,
    });
    try {
        const startedAt = Date.now();
        let newBatch: () => BatchAssembler;
        try {
            newBatch = await batchAssembler(client, resolved);
        } catch (error) {
            const fatalError = `aggregation packs records per shard and could not list the stream's shards (kinesis:ListShards): ${errorMessage(error)}`;
            return summarize(new ProduceCounters(), { ...fields({ startedAt }), stoppedBy: "error", fatalError });
        }
        const run = new ProduceRun(client, resolved, source, newBatch, options, resolved.aggregate ? Infinity : undefined);
        const stoppedBy = await run.run();
        return summarize(run.counters, { ...fields(run), stoppedBy, fatalError: run.fatalError });
    } finally {
        source.close();
        if (options.client === undefined) client.destroy();
    }
}

function openSource(options: ResolvedOptions, seed: number): UserRecordSource {
    if (options.fromFile !== undefined) return new FileLines(options.fromFile, options.partitionKey, seed);
    const generator = new EventGenerator({
        seed,
        tickers: options.tickers,
        timeFormat: options.timeFormat,
        clock:
            options.eventTime.mode === "wall"
                ? wallClock()
                : simulatedClock(options.eventTime.start, options.eventTime.spanSeconds, options.eventLimit ?? 1),
    });
    return new GeneratedEvents(generator, options.partitionKey as "ticker" | "random", seed);
}

/** Plain batches, or aggregated ones packed per shard of the stream's current shard map. */
async function batchAssembler(client: KinesisClient, options: ResolvedOptions): Promise<() => BatchAssembler> {
    if (!options.aggregate) return () => new PlainBatch();
    const shards = await ShardMap.load(client, options.target);
    return () => new AggregatedBatch(shards);
}
