import type { TickerEvent } from "./events.js";
import { createRandom } from "./random.js";

/**
 * How records are spread over shards. Never a constant (the seed's mistake:
 * one key puts every record on one shard, capping the stream at 1 MB/s).
 *
 * - `ticker`: the record's `ticker` field; keeps each ticker's events in order on one shard.
 * - `random`: spreads evenly over all shards, with no ordering per key.
 * - `{ field }`: the value of that top-level field of a JSON record (file replays only),
 *   so any schema keeps each key's records in order on one shard.
 */
export type PartitionKeyMode = "ticker" | "random" | { field: string };

export const PARTITION_KEY_NAMES = ["ticker", "random"] as const;

/** Kinesis takes partition keys of 1 to 256 Unicode characters. */
export const MAX_PARTITION_KEY_CHARS = 256;

/** A sequence independent of the price walk, so switching modes keeps the events the same. */
const RANDOM_KEY_STREAM = 1;

/** Random 16-hex-digit keys, reproducible from the seed. */
export function randomKeys(seed: number): () => string {
    const random = createRandom(seed, RANDOM_KEY_STREAM);
    const word = (): string => Math.floor(random.next() * 2 ** 32).toString(16).padStart(8, "0");
    return () => word() + word();
}

export function partitionKeyFor(mode: "ticker" | "random", seed: number): (event: TickerEvent) => string {
    if (mode === "ticker") return (event) => event.ticker;
    const next = randomKeys(seed);
    return () => next();
}

/** The field a mode keys by, if it keys by one. */
export function keyField(mode: PartitionKeyMode): string | undefined {
    if (mode === "random") return undefined;
    return mode === "ticker" ? "ticker" : mode.field;
}

/**
 * The partition key a JSON line carries in `field`: a non-empty string of at
 * most 256 characters, or a number or boolean as written. Undefined when the
 * line is not a JSON object or the field holds anything else.
 */
export function fieldKeyOf(line: Buffer, field: string): string | undefined {
    let value: unknown;
    try {
        value = (JSON.parse(line.toString("utf8")) as Record<string, unknown>)?.[field];
    } catch {
        return undefined;
    }
    const key = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    if (key === undefined || key.length === 0 || [...key].length > MAX_PARTITION_KEY_CHARS) return undefined;
    return key;
}
