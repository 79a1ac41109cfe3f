/** The producer as a library: used by the CLI, the local pipeline and the tests. */
export { produce } from "./produce.js";
export {
    OptionError,
    resolveOptions,
    DEFAULT_CONCURRENCY,
    DEFAULT_SPAN_SECONDS,
    type ProduceOptions,
    type ResolvedOptions,
} from "./produce-options.js";
export { allDelivered, formatSummary, type FileReplaySummary, type ProduceSummary, type StopReason } from "./summary.js";
export { DEFAULT_TICKERS, EventGenerator, type TickerEvent, type EventGeneratorOptions } from "./events.js";
export { simulatedClock, wallClock, type EventClock, type EventTimeMode } from "./event-time.js";
export { formatEventTime, type TimeFormat } from "./time-format.js";
export { parseZonedTime } from "./zoned-time.js";
export { partitionKeyFor, type PartitionKeyMode } from "./partition-key.js";
export {
    BatchBuilder,
    PlainBatch,
    plainRecord,
    splitIntoBatches,
    userRecordOf,
    MAX_BYTES_PER_BATCH,
    MAX_BYTES_PER_RECORD,
    MAX_RECORDS_PER_BATCH,
    type BatchAssembler,
    type BatchLimits,
    type KinesisRecord,
    type UserRecord,
} from "./batching.js";
export { AggregatedBatch, AGGREGATED_RECORD_MAX_BYTES } from "./aggregation.js";
export { ShardMap, hashKeyOf, type ShardRange } from "./shard-map.js";
export { createKinesisClient, type KinesisClientOptions } from "./client.js";
export { DEFAULT_RETRY_POLICY, backoffDelayMs, type RetryPolicy } from "./retry-policy.js";
export { formatStatusLine, type ProgressSnapshot } from "./progress.js";
export type { StreamTarget } from "./sender.js";
