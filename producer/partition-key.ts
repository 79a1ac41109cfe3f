import type { TickerEvent } from "./events.js";
import { createRandom } from "./random.js";

/**
 * How records are spread over shards. Never a constant (the seed's mistake:
 * one key puts every record on one shard, capping the stream at 1 MB/s).
 *
 * - `ticker`: keeps each ticker's events in order on one shard.
 * - `random`: spreads evenly over all shards, with no ordering per ticker.
 */
export type PartitionKeyMode = "ticker" | "random";

export const PARTITION_KEY_MODES: readonly PartitionKeyMode[] = ["ticker", "random"];

/** A sequence independent of the price walk, so switching modes keeps the events the same. */
const RANDOM_KEY_STREAM = 1;

export function partitionKeyFor(mode: PartitionKeyMode, seed: number): (event: TickerEvent) => string {
    if (mode === "ticker") {
        return (event) => event.ticker;
    }
    const random = createRandom(seed, RANDOM_KEY_STREAM);
    const word = (): string => Math.floor(random.next() * 2 ** 32).toString(16).padStart(8, "0");
    return () => word() + word();
}
