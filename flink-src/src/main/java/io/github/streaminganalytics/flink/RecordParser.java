package io.github.streaminganalytics.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.flink.types.Row;

/**
 * Parses each record once, in one pass of a streaming JSON reader, into a {@link RecordRow}:
 * its field values and event time, or the reason it is rejected. The rules, in the order a
 * rejected record's reason is chosen:
 *
 * <ol>
 *   <li>{@code malformedReason}: not UTF-8 JSON, not an object, or anything but whitespace
 *       after the object ({@code {...} x}, {@code {...}{...}});
 *   <li>each field of the spec, in order: {@code missingReason} when absent or null (a blank
 *       string for STRING fields), {@code invalidReason} when of the wrong type or shape
 *       (see {@link RecordSpec.Field}); of a key given twice, the last counts;
 *   <li>{@code outOfRangeReason}: the event's window would start before the spec's earliest
 *       or end after its latest instant (what the Glue table and Athena can read);
 *   <li>{@code aheadReason}: the event time is more than {@code maxAheadMillis} after the
 *       record's reference time (when Kinesis received it).
 * </ol>
 *
 * Not thread-safe (it reuses its buffers): each source subtask and each Kinesis shard
 * consumer works on its own copy, which Flink's serialization of the source gives it.
 */
public final class RecordParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the spec's numeric strings must look like: no sign but '-', no spaces, no 'NaN'. */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private static final int ABSENT = 0;
    private static final int NULL = 1;
    private static final int STRING = 2;
    private static final int NUMBER = 3;
    private static final int OTHER = 4;

    private final RecordSpec spec;
    private final long windowMillis;
    private final long maxAheadMillis;

    private transient JsonFactory json;
    private transient Pattern[] patterns;
    private transient int[] kinds;
    private transient String[] texts;
    private transient double[] numbers;
    private transient Object[] values;

    public RecordParser(RecordSpec spec, long windowMillis, long maxAheadMillis) {
        if (windowMillis <= 0) throw new IllegalArgumentException("windowMillis " + windowMillis + " must be above 0");
        if (maxAheadMillis < 0) throw new IllegalArgumentException("maxAheadMillis " + maxAheadMillis + " must be 0 or more");
        this.spec = spec;
        this.windowMillis = windowMillis;
        this.maxAheadMillis = maxAheadMillis;
    }

    public RecordSpec spec() {
        return spec;
    }

    /** The record as a row; referenceMillis is when it was received, for the ahead-of-time rule. */
    public Row parse(byte[] data, long referenceMillis) {
        if (json == null) init();
        String reason = read(data);
        long eventMillis = IsoEventTime.INVALID;
        for (int i = 0; reason == null && i < spec.fields.size(); i++) {
            RecordSpec.Field field = spec.fields.get(i);
            if (i == spec.eventTimeIndex) {
                eventMillis = kinds[i] == STRING ? IsoEventTime.parseMillis(texts[i]) : IsoEventTime.INVALID;
                values[i] = eventMillis == IsoEventTime.INVALID ? null : eventMillis;
            } else {
                values[i] = field.type == RecordSpec.FieldType.DOUBLE ? number(i, field) : text(i, field);
            }
            if (values[i] == null) reason = isMissing(i, field) ? field.missingReason : field.invalidReason;
        }
        if (reason == null) reason = boundsReason(eventMillis, referenceMillis);

        Row row = Row.withPositions(RecordRow.arity(spec));
        if (reason != null) {
            row.setField(row.getArity() - 2, reason);
            row.setField(row.getArity() - 1, new String(data, StandardCharsets.UTF_8));
            return row;
        }
        for (int i = 0, column = 0; i < spec.fields.size(); i++) {
            if (i != spec.eventTimeIndex) row.setField(column++, values[i]);
        }
        row.setField(RecordRow.eventMillisIndex(spec), eventMillis);
        return row;
    }

    /** Absent, null, or a string that is blank once trimmed: the field's missingReason applies. */
    private boolean isMissing(int i, RecordSpec.Field field) {
        if (kinds[i] == ABSENT || kinds[i] == NULL) return true;
        return field.type == RecordSpec.FieldType.STRING
                && kinds[i] == STRING
                && (field.trimSpaces ? trimSpaces(texts[i]) : texts[i]).isEmpty();
    }

    private String boundsReason(long eventMillis, long referenceMillis) {
        long windowStart = eventMillis - Math.floorMod(eventMillis, windowMillis);
        if (windowStart < spec.earliestMillis || windowStart > spec.latestMillis - windowMillis) {
            return spec.outOfRangeReason;
        }
        if (eventMillis - referenceMillis > maxAheadMillis) return spec.aheadReason;
        return null;
    }

    /** Reads the top-level object into kinds/texts/numbers; returns the malformed reason, or null. */
    private String read(byte[] data) {
        java.util.Arrays.fill(kinds, ABSENT);
        // Jackson would read a byte-order mark, or a zero byte among the first two (UTF-16/32
        // detection), as another encoding: neither starts a UTF-8 JSON object.
        if (data.length == 0 || data[0] == 0 || (data.length > 1 && data[1] == 0)
                || (data[0] & 0xFF) == 0xEF || (data[0] & 0xFF) == 0xFE || (data[0] & 0xFF) == 0xFF) {
            return spec.malformedReason;
        }
        try (JsonParser p = json.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return spec.malformedReason;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken token = p.nextToken();
                int i = fieldIndex(name);
                if (i < 0) {
                    p.skipChildren();
                    continue;
                }
                texts[i] = null;
                switch (token) {
                    case VALUE_STRING:
                        kinds[i] = STRING;
                        texts[i] = p.getText();
                        break;
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        kinds[i] = NUMBER;
                        numbers[i] = spec.fields.get(i).type == RecordSpec.FieldType.DOUBLE ? p.getDoubleValue() : Double.NaN;
                        break;
                    case VALUE_NULL:
                        kinds[i] = NULL;
                        break;
                    default:
                        kinds[i] = OTHER;
                        p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return spec.malformedReason;
        } catch (IOException e) {
            return spec.malformedReason;
        }
        return null;
    }

    private int fieldIndex(String name) {
        for (int i = 0; i < spec.fields.size(); i++) {
            if (spec.fields.get(i).name.equals(name)) return i;
        }
        return -1;
    }

    /** A STRING field's value, or null when it is missing or invalid. */
    private String text(int i, RecordSpec.Field field) {
        if (kinds[i] != STRING) return null;
        String value = field.trimSpaces ? trimSpaces(texts[i]) : texts[i];
        if (value.isEmpty()) return null;
        if (patterns[i] != null && !patterns[i].matcher(value).matches()) return null;
        return value;
    }

    /** A DOUBLE field's value, or null when it is missing or invalid. */
    private Double number(int i, RecordSpec.Field field) {
        double value;
        if (kinds[i] == NUMBER) {
            value = numbers[i];
        } else if (kinds[i] == STRING && field.acceptNumericStrings && DECIMAL.matcher(texts[i]).matches()) {
            value = Double.parseDouble(texts[i]);
        } else {
            return null;
        }
        return Math.abs(value) <= field.maxAbs ? value : null;
    }

    /** SQL's TRIM: leading and trailing U+0020 only, so a tab or newline stays and fails the pattern. */
    private static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') start++;
        while (end > start && s.charAt(end - 1) == ' ') end--;
        return s.substring(start, end);
    }

    private void init() {
        json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Integer.MAX_VALUE)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build())
                // A rejected record's exception message needs no copy of the record.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        int n = spec.fields.size();
        patterns = new Pattern[n];
        for (int i = 0; i < n; i++) {
            String pattern = spec.fields.get(i).pattern;
            patterns[i] = pattern == null ? null : Pattern.compile(pattern);
        }
        kinds = new int[n];
        texts = new String[n];
        numbers = new double[n];
        values = new Object[n];
    }
}
