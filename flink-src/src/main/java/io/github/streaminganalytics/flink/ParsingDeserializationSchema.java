package io.github.streaminganalytics.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;
import org.apache.flink.types.Row;

/**
 * Turns each Kinesis record (KPL-aggregated ones arrive de-aggregated) into a
 * {@link RecordRow}, judging "too far ahead" against the time Kinesis received it: the
 * same answer on every replay of the record, unlike the job's wall clock.
 */
final class ParsingDeserializationSchema implements KinesisDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;

    private final RecordParser parser;

    ParsingDeserializationSchema(RecordParser parser) {
        this.parser = parser;
    }

    @Override
    public Row deserialize(
            byte[] data, String partitionKey, String sequenceNumber, long arrivalMillis, String stream, String shardId) {
        return parser.parse(data, arrivalMillis);
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return RecordRow.typeInfo(parser.spec());
    }
}
