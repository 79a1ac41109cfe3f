package io.github.streaminganalytics.flink;

import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.connectors.kinesis.KinesisShardAssigner;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.internals.KinesisDataFetcher;
import org.apache.flink.streaming.connectors.kinesis.internals.ShardConsumer;
import org.apache.flink.streaming.connectors.kinesis.internals.publisher.RecordBatch;
import org.apache.flink.streaming.connectors.kinesis.metrics.ShardConsumerMetricsReporter;
import org.apache.flink.streaming.connectors.kinesis.model.KinesisStreamShardState;
import org.apache.flink.streaming.connectors.kinesis.model.SentinelSequenceNumber;
import org.apache.flink.streaming.connectors.kinesis.model.SequenceNumber;
import org.apache.flink.streaming.connectors.kinesis.model.StreamShardHandle;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.types.Row;

/**
 * The connector's fetcher with event time and watermarks kept per shard
 * ({@link ShardWatermarks}) instead of the connector's own per-shard watermark logic.
 *
 * <p>The connector (4.3.0) leaves out of its minimum every shard that has not emitted a
 * record yet, and, with its default {@code flink.shard.idle.interval} of -1, every shard
 * whose watermark did not advance since the last emission: a shard waiting for its next
 * GetRecords answer, or one whose first answer is still on its way while another shard's
 * backlog of up to 10,000 records is emitted, stops holding the watermark back, and its
 * events become late. Here such a shard holds it back until Kinesis says it is caught up.
 *
 * <p>Each record's timestamp is its event time (a rejected record gets the epoch and never
 * moves a watermark). Watermarks are evaluated after every batch and, when
 * {@code pipeline.auto-watermark-interval} is above 0, on that interval too.
 */
final class EventTimeKinesisFetcher extends KinesisDataFetcher<Row> {
    private final SourceFunction.SourceContext<Row> context;
    private final Object lock;
    private final RuntimeContext runtime;
    private final ShardWatermarks watermarks;
    private final long intervalMillis;

    EventTimeKinesisFetcher(
            List<String> streams,
            SourceFunction.SourceContext<Row> context,
            RuntimeContext runtime,
            Properties config,
            KinesisDeserializationSchema<Row> schema,
            KinesisShardAssigner assigner,
            long delayMillis) {
        super(streams, context, runtime, config, schema, assigner, null, null);
        this.context = context;
        this.lock = context.getCheckpointLock();
        this.runtime = runtime;
        long discoveryMillis = Long.parseLong(config.getProperty(
                ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                String.valueOf(ConsumerConfigConstants.DEFAULT_SHARD_DISCOVERY_INTERVAL_MILLIS)));
        // Two discovery rounds: a finished parent's children are found, and start holding
        // the watermark themselves, before the parent stops holding it.
        this.watermarks = new ShardWatermarks(delayMillis, 2 * discoveryMillis);
        this.intervalMillis = runtime.getExecutionConfig().getAutoWatermarkInterval();
    }

    @Override
    public int registerNewSubscribedShardState(KinesisStreamShardState state) {
        synchronized (lock) {
            int index = super.registerNewSubscribedShardState(state);
            // A shard restored as read to its end gets no consumer and holds nothing back.
            if (!state.getLastProcessedSequenceNum().equals(SentinelSequenceNumber.SENTINEL_SHARD_ENDING_SEQUENCE_NUM.get())) {
                watermarks.register(index);
            }
            return index;
        }
    }

    @Override
    protected void emitRecordAndUpdateState(Row record, long arrivalMillis, int shard, SequenceNumber sequence) {
        synchronized (lock) {
            Long eventMillis = RecordRow.eventMillis(record);
            super.emitRecordAndUpdateState(record, eventMillis != null ? eventMillis : 0L, shard, sequence);
            watermarks.onRecord(shard, eventMillis);
        }
    }

    @Override
    protected ShardConsumer<Row> createShardConsumer(
            Integer shard,
            StreamShardHandle handle,
            SequenceNumber lastSequence,
            MetricGroup metrics,
            KinesisDeserializationSchema<Row> schema)
            throws InterruptedException {
        BatchObservingPublisher publisher = new BatchObservingPublisher(
                createRecordPublisher(lastSequence, getConsumerConfiguration(), metrics, handle),
                new BatchObservingPublisher.Observer() {
                    @Override
                    public void afterBatch(RecordBatch batch) {
                        synchronized (lock) {
                            watermarks.onBatch(shard, batch.getDeaggregatedRecordSize(), batch.getMillisBehindLatest());
                            advance(System.currentTimeMillis());
                        }
                    }

                    @Override
                    public void finished() {
                        synchronized (lock) {
                            watermarks.onFinished(shard, System.currentTimeMillis());
                        }
                    }
                });
        return new ShardConsumer<>(this, publisher, shard, handle, lastSequence, new ShardConsumerMetricsReporter(metrics), schema);
    }

    @Override
    public void runFetcher() throws Exception {
        if (intervalMillis > 0) {
            scheduleAdvance(((StreamingRuntimeContext) runtime).getProcessingTimeService());
        }
        super.runFetcher();
    }

    private void scheduleAdvance(ProcessingTimeService timers) {
        timers.registerTimer(timers.getCurrentProcessingTime() + intervalMillis, now -> {
            synchronized (lock) {
                advance(now);
            }
            scheduleAdvance(timers);
        });
    }

    /** Caller holds the lock. */
    private void advance(long nowMillis) {
        long watermark = watermarks.advance(nowMillis);
        if (watermark != ShardWatermarks.NONE) context.emitWatermark(new Watermark(watermark));
        if (watermarks.isIdle()) context.markAsTemporarilyIdle();
    }
}
