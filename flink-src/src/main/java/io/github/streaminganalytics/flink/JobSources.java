package io.github.streaminganalytics.flink;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * What the Python job calls through py4j: a source of parsed records ({@link RecordRow}),
 * each stamped with its event time and followed by watermarks, ready for
 * {@code from_data_stream(..., SOURCE_WATERMARK())}. Every operator has a fixed uid, so a
 * savepoint restores into a changed job that keeps this graph.
 */
public final class JobSources {
    public static final String KINESIS_UID = "kinesis-records";

    private JobSources() {}

    /**
     * The Kinesis stream, read by the connector's consumer with consumer properties
     * {@code config} (region, initial position, reader type, endpoint), watermarks per shard.
     */
    public static DataStream<Row> kinesis(
            StreamExecutionEnvironment env,
            String stream,
            Properties config,
            RecordSpec spec,
            long windowMillis,
            long delayMillis,
            long maxAheadMillis) {
        RecordParser parser = new RecordParser(spec, windowMillis, maxAheadMillis);
        return env.addSource(new EventTimeKinesisConsumer(stream, parser, config, delayMillis), "Kinesis " + stream)
                .uid(KINESIS_UID);
    }

    /**
     * A file of records, one per line (tests and benchmarks). referenceMillis stands in for
     * Kinesis's arrival time in the ahead-of-time rule; below 0, each record's parse time.
     * name prefixes the operators' uids, so that one job can read several files.
     */
    public static DataStream<Row> file(
            StreamExecutionEnvironment env,
            String name,
            String path,
            RecordSpec spec,
            long windowMillis,
            long delayMillis,
            long maxAheadMillis,
            long referenceMillis) {
        RecordParser parser = new RecordParser(spec, windowMillis, maxAheadMillis);
        boolean afterEveryRecord = env.getConfig().getAutoWatermarkInterval() == 0;
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(path)).build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name + " file")
                .uid(name + "-file")
                .map(new ParseLine(parser, referenceMillis), RecordRow.typeInfo(spec))
                .name(name + " parse")
                .uid(name + "-parse")
                .assignTimestampsAndWatermarks(ValidEventWatermarks.strategy(delayMillis, afterEveryRecord))
                .name(name + " event time")
                .uid(name + "-event-time");
    }

    /** One line of text, as the UTF-8 bytes a Kinesis record would carry, to a row. */
    private static final class ParseLine implements MapFunction<String, Row> {
        private static final long serialVersionUID = 1L;

        private final RecordParser parser;
        private final long referenceMillis;

        ParseLine(RecordParser parser, long referenceMillis) {
            this.parser = parser;
            this.referenceMillis = referenceMillis;
        }

        @Override
        public Row map(String line) {
            long reference = referenceMillis >= 0 ? referenceMillis : System.currentTimeMillis();
            return parser.parse(line.getBytes(StandardCharsets.UTF_8), reference);
        }
    }
}
