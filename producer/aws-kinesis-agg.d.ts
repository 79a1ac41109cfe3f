/**
 * The part of aws-kinesis-agg (awslabs/kinesis-aggregation) that the producer
 * uses. The package's own index.d.ts covers only its callback API and imports
 * aws-sdk v2 types, so its record aggregator is typed here.
 */
declare module "aws-kinesis-agg/lib/kpl-agg.js" {
    export interface AggregatorRecord {
        partitionKey: string;
        explicitHashKey?: string;
        data: Buffer;
    }

    /** Packs user records into one KPL aggregated record (magic number, protobuf, MD5). */
    export class RecordAggregator {
        addUserRecord(record: AggregatorRecord): void;
        /** The aggregated record, under the first record's partition key; empties the aggregator. */
        build(): { partitionKey: string; data: Buffer } | undefined;
    }
}

declare module "aws-kinesis-agg/lib/kpl-deagg.js" {
    export interface DeaggregatedRecord {
        partitionKey: string;
        explicitPartitionKey?: string;
        /** base64 */
        data: string;
    }

    /** Splits a Kinesis record ({ data: base64, partitionKey }) into its user records; a plain record comes back as it is. */
    export function deaggregateSync(
        kinesisRecord: { data: string; partitionKey: string; sequenceNumber?: string },
        computeChecksums: boolean,
        callback: (error: Error | null, userRecords?: DeaggregatedRecord[]) => void,
    ): void;
}
