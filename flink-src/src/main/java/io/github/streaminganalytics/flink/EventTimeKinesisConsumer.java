package io.github.streaminganalytics.flink;

import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.internals.KinesisDataFetcher;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;
import org.apache.flink.types.Row;

/**
 * The connector's Kinesis consumer (checkpointed shard positions, polling or EFO, KPL
 * de-aggregation, shard discovery) with the job's parser and per-shard event time
 * ({@link EventTimeKinesisFetcher}).
 */
final class EventTimeKinesisConsumer extends FlinkKinesisConsumer<Row> {
    private static final long serialVersionUID = 1L;

    private final long delayMillis;

    EventTimeKinesisConsumer(String stream, RecordParser parser, Properties config, long delayMillis) {
        super(stream, new ParsingDeserializationSchema(parser), config);
        this.delayMillis = delayMillis;
    }

    @Override
    protected KinesisDataFetcher<Row> createFetcher(
            List<String> streams,
            SourceFunction.SourceContext<Row> context,
            RuntimeContext runtime,
            Properties config,
            KinesisDeserializationSchema<Row> schema) {
        return new EventTimeKinesisFetcher(streams, context, runtime, config, schema, getShardAssigner(), delayMillis);
    }
}
