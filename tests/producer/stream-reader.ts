import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type Shard } from "@aws-sdk/client-kinesis";

export interface ReadRecord {
    shardId: string;
    partitionKey: string;
    /** The data as UTF-8 text; `bytes` as stored (an aggregated record is binary). */
    data: string;
    bytes: Uint8Array;
}

export async function listShards(client: KinesisClient, streamName: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
        const page = await client.send(
            new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName }),
        );
        shards.push(...(page.Shards ?? []));
        nextToken = page.NextToken;
    } while (nextToken);
    return shards;
}

/** Reads every record of every shard from TRIM_HORIZON to the tip, the way a consumer would. */
export async function readAllRecords(client: KinesisClient, streamName: string): Promise<ReadRecord[]> {
    const records: ReadRecord[] = [];
    for (const shard of await listShards(client, streamName)) {
        const shardId = shard.ShardId!;
        let { ShardIterator: iterator } = await client.send(
            new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }),
        );
        while (iterator) {
            const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10000 }));
            for (const r of page.Records ?? []) {
                records.push({ shardId, partitionKey: r.PartitionKey!, data: Buffer.from(r.Data!).toString("utf8"), bytes: r.Data! });
            }
            const atTip = (page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0;
            iterator = atTip ? undefined : page.NextShardIterator;
        }
    }
    return records;
}
