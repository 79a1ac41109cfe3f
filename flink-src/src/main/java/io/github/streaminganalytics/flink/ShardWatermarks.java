package io.github.streaminganalytics.flink;

import java.util.HashMap;
import java.util.Map;

/**
 * The event-time progress of each shard one source subtask reads, and the watermark the
 * subtask may emit so that no shard's events become late because another shard ran ahead.
 *
 * <p>A shard's own watermark is its largest valid event time minus the delay (a rejected
 * record never moves it). The subtask's watermark is the smallest over its <em>active</em>
 * shards, where a shard is active unless:
 *
 * <ul>
 *   <li>it is caught up: its last read returned nothing and Kinesis reported it 0 ms behind
 *       the tip (so a shard that is behind, or has not answered yet, holds the watermark
 *       back, however long it takes);
 *   <li>it is finished (a parent shard after a reshard) and {@code finishedHoldMillis} have
 *       passed since, long enough for shard discovery to have found its children.
 * </ul>
 *
 * A shard not read yet counts as at the very beginning, so it holds the watermark back
 * until its first read. When no shard is active, the subtask emits the largest watermark
 * of its shards (everything they hold has been read) and goes idle, so that the subtasks
 * that still read data decide the window operator's watermark.
 *
 * <p>Not thread-safe: the fetcher calls it under the source's checkpoint lock.
 */
public final class ShardWatermarks {
    /** No watermark to emit. */
    public static final long NONE = Long.MIN_VALUE;

    private static final class Shard {
        long maxEventMillis = Long.MIN_VALUE;
        boolean caughtUp;
        boolean finished;
        long finishedAtMillis;
    }

    private final long delayMillis;
    private final long finishedHoldMillis;
    private final Map<Integer, Shard> shards = new HashMap<>();
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    public ShardWatermarks(long delayMillis, long finishedHoldMillis) {
        this.delayMillis = delayMillis;
        this.finishedHoldMillis = finishedHoldMillis;
    }

    /** A shard this subtask starts to read. */
    public void register(int shard) {
        shards.putIfAbsent(shard, new Shard());
    }

    /** A record of the shard was emitted; eventMillis is null for a rejected record. */
    public void onRecord(int shard, Long eventMillis) {
        Shard s = shards.get(shard);
        s.caughtUp = false;
        if (eventMillis != null && eventMillis > s.maxEventMillis) s.maxEventMillis = eventMillis;
    }

    /** A read of the shard returned; millisBehindLatest is null when Kinesis did not say. */
    public void onBatch(int shard, int records, Long millisBehindLatest) {
        Shard s = shards.get(shard);
        if (records > 0) {
            s.caughtUp = false;
        } else if (millisBehindLatest != null && millisBehindLatest == 0) {
            s.caughtUp = true;
        }
    }

    /** The shard was read to its end (it was closed by a reshard). */
    public void onFinished(int shard, long nowMillis) {
        Shard s = shards.get(shard);
        s.finished = true;
        s.finishedAtMillis = nowMillis;
    }

    /**
     * The watermark to emit now ({@link #NONE} when it would not advance), after which the
     * caller marks the subtask idle if {@link #isIdle()}.
     */
    public long advance(long nowMillis) {
        long lowestActive = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (Shard s : shards.values()) {
            long watermark = s.maxEventMillis == Long.MIN_VALUE ? Long.MIN_VALUE : s.maxEventMillis - delayMillis;
            highest = Math.max(highest, watermark);
            boolean active = s.finished ? nowMillis - s.finishedAtMillis < finishedHoldMillis : !s.caughtUp;
            if (active) lowestActive = Math.min(lowestActive, watermark);
        }
        idle = lowestActive == Long.MAX_VALUE;
        long candidate = idle ? highest : lowestActive;
        if (candidate == Long.MIN_VALUE || candidate <= emitted) return NONE;
        emitted = candidate;
        return candidate;
    }

    /** Whether, at the last {@link #advance}, no shard was active. */
    public boolean isIdle() {
        return idle;
    }
}
