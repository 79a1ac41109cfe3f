package io.github.streaminganalytics.flink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.types.Row;

/**
 * A file of records, one per line ('\n'), each parsed as the bytes a Kinesis record
 * would carry, in the file source's reader thread, as the Kinesis source parses in its
 * shard consumers' threads (and Flink's own formats in their readers).
 */
final class RecordLineFormat extends SimpleStreamFormat<Row> {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final RecordParser parser;
    private final long referenceMillis;

    /** referenceMillis: the stand-in for Kinesis's arrival time; below 0, each line's parse time. */
    RecordLineFormat(RecordParser parser, long referenceMillis) {
        this.parser = parser;
        this.referenceMillis = referenceMillis;
    }

    @Override
    public StreamFormat.Reader<Row> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(stream);
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return RecordRow.typeInfo(parser.spec());
    }

    private final class LineReader implements StreamFormat.Reader<Row> {
        private final InputStream in;
        private byte[] buffer = new byte[BUFFER_BYTES];
        private int start;
        private int end;
        private boolean eof;

        LineReader(InputStream in) {
            this.in = in;
        }

        @Override
        public Row read() throws IOException {
            for (int scanned = start; ; ) {
                for (int i = scanned; i < end; i++) {
                    if (buffer[i] == '\n') {
                        byte[] line = Arrays.copyOfRange(buffer, start, i);
                        start = i + 1;
                        return parse(line);
                    }
                }
                scanned = end;
                if (eof) {
                    if (start == end) return null;
                    byte[] line = Arrays.copyOfRange(buffer, start, end);
                    start = end;
                    return parse(line);
                }
                int kept = end - start;
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, kept);
                    scanned -= start;
                    start = 0;
                    end = kept;
                }
                if (end == buffer.length) buffer = Arrays.copyOf(buffer, buffer.length * 2);
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) eof = true;
                else end += n;
            }
        }

        private Row parse(byte[] line) {
            return parser.parse(line, referenceMillis >= 0 ? referenceMillis : System.currentTimeMillis());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
