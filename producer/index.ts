/** The producer as a library: used by the CLI, the local pipeline and the tests. */
export { produce } from "./produce.js";
export {
    OptionError,
    resolveOptions,
    DEFAULT_CONCURRENCY,
    DEFAULT_SPAN_SECONDS,
    type ProduceOptions,
    type ResolvedOptions,
} from "./options.js";
export { formatSummary, type ProduceSummary, type StopReason } from "./summary.js";
export { DEFAULT_TICKERS, EventGenerator, type TickerEvent, type EventGeneratorOptions } from "./events.js";
export { simulatedClock, wallClock, type EventClock, type EventTimeMode } from "./event-time.js";
export { formatEventTime, type TimeFormat } from "./time-format.js";
export { partitionKeyFor, type PartitionKeyMode } from "./partition-key.js";
export {
    BatchBuilder,
    splitIntoBatches,
    toOutgoingRecord,
    MAX_BYTES_PER_BATCH,
    MAX_BYTES_PER_RECORD,
    MAX_RECORDS_PER_BATCH,
    type BatchLimits,
    type OutgoingRecord,
} from "./batching.js";
export { createKinesisClient, type KinesisClientOptions } from "./client.js";
export { DEFAULT_RETRY_POLICY, backoffDelayMs, type RetryPolicy } from "./retry-policy.js";
export { formatStatusLine, type ProgressSnapshot } from "./progress.js";
export type { StreamTarget } from "./sender.js";
