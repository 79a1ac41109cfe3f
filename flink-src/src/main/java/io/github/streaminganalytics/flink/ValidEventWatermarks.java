package io.github.streaminganalytics.flink;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.types.Row;

/**
 * Event time for a source that is one ordered sequence of records (a file): the
 * largest valid event time minus the delay, the rule each Kinesis shard follows in
 * {@link ShardWatermarks}. A rejected record gets the epoch and never moves the watermark.
 */
final class ValidEventWatermarks implements WatermarkGenerator<Row> {
    private final long delayMillis;
    private final boolean afterEveryRecord;
    private long maxEventMillis = Long.MIN_VALUE;

    private ValidEventWatermarks(long delayMillis, boolean afterEveryRecord) {
        this.delayMillis = delayMillis;
        this.afterEveryRecord = afterEveryRecord;
    }

    /**
     * afterEveryRecord: emit after each valid record, for deterministic late events in tests
     * ({@code pipeline.auto-watermark-interval: 0} turns the periodic emission off).
     */
    static WatermarkStrategy<Row> strategy(long delayMillis, boolean afterEveryRecord) {
        return WatermarkStrategy.<Row>forGenerator(context -> new ValidEventWatermarks(delayMillis, afterEveryRecord))
                .withTimestampAssigner((row, previous) -> {
                    Long eventMillis = RecordRow.eventMillis(row);
                    return eventMillis != null ? eventMillis : 0L;
                });
    }

    @Override
    public void onEvent(Row row, long timestamp, WatermarkOutput output) {
        Long eventMillis = RecordRow.eventMillis(row);
        if (eventMillis == null) return;
        maxEventMillis = Math.max(maxEventMillis, eventMillis);
        if (afterEveryRecord) output.emitWatermark(new Watermark(maxEventMillis - delayMillis));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxEventMillis != Long.MIN_VALUE) output.emitWatermark(new Watermark(maxEventMillis - delayMillis));
    }
}
