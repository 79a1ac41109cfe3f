package io.github.streaminganalytics.flink;

import java.util.Properties;
import org.apache.flink.connector.file.src.FileSource;
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
     * A file of records, one per line (tests and benchmarks), parsed in the file reader's
     * thread. referenceMillis stands in for Kinesis's arrival time in the ahead-of-time
     * rule; below 0, each record's parse time. name prefixes the uid, so that one job can
     * read several files.
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
        FileSource<Row> source =
                FileSource.forRecordStreamFormat(new RecordLineFormat(parser, referenceMillis), new Path(path)).build();
        return env.fromSource(source, ValidEventWatermarks.strategy(delayMillis, afterEveryRecord), name + " file")
                .uid(name + "-file");
    }
}
