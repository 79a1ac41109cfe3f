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
        /** Protobuf bytes of the records added so far. */
        totalBytes: number;
        length(): number;
        /** Protobuf bytes `record` would add; counts a new partition key by its characters, not its UTF-8 bytes. */
        calculateUserRecordSize(record: AggregatorRecord): number;
        addUserRecord(record: AggregatorRecord): void;
        /** The aggregated record, under the first record's partition key; empties the aggregator. */
        build(): { partitionKey: string; data: Buffer } | undefined;
    }
}
