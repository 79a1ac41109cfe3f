package io.github.streaminganalytics.flink;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an input record must be to be aggregated, and the reason each failure is
 * rejected with: the fields a JSON object must carry, in the order they are
 * checked, and the field that holds the event time with its bounds.
 *
 * <p>A job builds it from its contract (the ticker job from contract/records.json,
 * through py4j) with {@link #builder(String)}; {@link Builder#build()} refuses a
 * spec that names a field twice, gives no event-time field, or has a pattern that
 * does not compile, so a bad contract fails when the job starts, not per record.
 */
public final class RecordSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The JSON value a field must hold. */
    public enum FieldType {
        /** A JSON string. */
        STRING,
        /** A JSON number, or (when allowed) a string holding a decimal number. */
        DOUBLE,
        /** An ISO-8601 date-time string: the event time. */
        TIMESTAMP
    }

    /** One field's rule. */
    public static final class Field implements Serializable {
        private static final long serialVersionUID = 1L;

        final String name;
        final FieldType type;
        /** STRING: strip leading and trailing spaces (U+0020 only, as SQL TRIM does) before checking. */
        final boolean trimSpaces;
        /** STRING: what the whole (trimmed) value must match; null for any. */
        final String pattern;
        /** DOUBLE: a string such as "12.5" counts as the number. */
        final boolean acceptNumericStrings;
        /** DOUBLE: the largest absolute value accepted. */
        final double maxAbs;
        /** Absent, null or (STRING) blank. */
        final String missingReason;
        /** Present but of the wrong type or shape. */
        final String invalidReason;

        private Field(
                String name,
                FieldType type,
                boolean trimSpaces,
                String pattern,
                boolean acceptNumericStrings,
                double maxAbs,
                String missingReason,
                String invalidReason) {
            this.name = name;
            this.type = type;
            this.trimSpaces = trimSpaces;
            this.pattern = pattern;
            this.acceptNumericStrings = acceptNumericStrings;
            this.maxAbs = maxAbs;
            this.missingReason = missingReason;
            this.invalidReason = invalidReason;
        }
    }

    final List<Field> fields;
    final String malformedReason;
    /** Index into {@link #fields} of the event-time field. */
    final int eventTimeIndex;
    /** The earliest window start and the latest window end (inclusive, epoch ms) a record may fall in. */
    final long earliestMillis;
    final long latestMillis;
    final String outOfRangeReason;
    final String aheadReason;

    private RecordSpec(Builder b, int eventTimeIndex) {
        this.fields = Collections.unmodifiableList(new ArrayList<>(b.fields));
        this.malformedReason = b.malformedReason;
        this.eventTimeIndex = eventTimeIndex;
        this.earliestMillis = b.earliestMillis;
        this.latestMillis = b.latestMillis;
        this.outOfRangeReason = b.outOfRangeReason;
        this.aheadReason = b.aheadReason;
    }

    /** The fields other than the event time, in check order: the record's output columns. */
    public List<String> valueFieldNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (i != eventTimeIndex) names.add(fields.get(i).name);
        }
        return names;
    }

    /** Every reason this spec can reject a record with, in check order, without repeats. */
    public List<String> reasons() {
        Set<String> seen = new HashSet<>();
        List<String> reasons = new ArrayList<>();
        for (String r : allReasons()) {
            if (seen.add(r)) reasons.add(r);
        }
        return reasons;
    }

    private List<String> allReasons() {
        List<String> all = new ArrayList<>();
        all.add(malformedReason);
        for (Field f : fields) {
            all.add(f.missingReason);
            all.add(f.invalidReason);
        }
        all.add(outOfRangeReason);
        all.add(aheadReason);
        return all;
    }

    public static Builder builder(String malformedReason) {
        return new Builder(malformedReason);
    }

    /** Collects the fields in check order. */
    public static final class Builder {
        private final String malformedReason;
        private final List<Field> fields = new ArrayList<>();
        private String eventTimeField;
        private long earliestMillis;
        private long latestMillis;
        private String outOfRangeReason;
        private String aheadReason;

        private Builder(String malformedReason) {
            this.malformedReason = requireText("malformedReason", malformedReason);
        }

        /** A JSON string; blank (after trimming) counts as missing. */
        public Builder stringField(
                String name, boolean trimSpaces, String pattern, String missingReason, String invalidReason) {
            if (pattern != null) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(
                            "field '" + name + "': pattern '" + pattern + "' does not compile: " + e.getDescription());
                }
            }
            return add(new Field(name, FieldType.STRING, trimSpaces, pattern, false, Double.POSITIVE_INFINITY,
                    missingReason, invalidReason));
        }

        /** A finite number of absolute value at most maxAbs. */
        public Builder doubleField(
                String name, boolean acceptNumericStrings, double maxAbs, String missingReason, String invalidReason) {
            if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) {
                throw new IllegalArgumentException("field '" + name + "': maxAbs " + maxAbs + " must be a finite number above 0");
            }
            return add(new Field(name, FieldType.DOUBLE, false, null, acceptNumericStrings, maxAbs, missingReason,
                    invalidReason));
        }

        /**
         * The event time: an ISO-8601 date-time (see {@link IsoEventTime}). A record whose window
         * would start before {@code earliest} or end after {@code latest} is rejected with
         * outOfRangeReason; one further ahead of its reference time than the job allows with aheadReason.
         */
        public Builder eventTimeField(
                String name,
                String missingReason,
                String invalidReason,
                String earliest,
                String latest,
                String outOfRangeReason,
                String aheadReason) {
            if (eventTimeField != null) {
                throw new IllegalArgumentException("field '" + name + "': the event time is already '" + eventTimeField + "'");
            }
            this.eventTimeField = name;
            this.earliestMillis = instant("earliest", earliest);
            this.latestMillis = instant("latest", latest);
            if (earliestMillis >= latestMillis) {
                throw new IllegalArgumentException("eventTime: earliest '" + earliest + "' must be before latest '" + latest + "'");
            }
            this.outOfRangeReason = requireText("outOfRangeReason", outOfRangeReason);
            this.aheadReason = requireText("aheadReason", aheadReason);
            return add(new Field(name, FieldType.TIMESTAMP, false, null, false, Double.POSITIVE_INFINITY,
                    missingReason, invalidReason));
        }

        public RecordSpec build() {
            if (eventTimeField == null) {
                throw new IllegalArgumentException("a record spec needs an event-time field (eventTimeField)");
            }
            int index = -1;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name.equals(eventTimeField)) index = i;
            }
            return new RecordSpec(this, index);
        }

        private Builder add(Field field) {
            requireText("field name", field.name);
            requireText("field '" + field.name + "' missingReason", field.missingReason);
            requireText("field '" + field.name + "' invalidReason", field.invalidReason);
            if (RecordRow.RESERVED_NAMES.contains(field.name)) {
                throw new IllegalArgumentException("field '" + field.name + "': the name is one of the row's own columns " + RecordRow.RESERVED_NAMES);
            }
            for (Field f : fields) {
                if (f.name.equals(field.name)) throw new IllegalArgumentException("field '" + field.name + "' is given twice");
            }
            fields.add(field);
            return this;
        }

        private static long instant(String what, String iso) {
            try {
                return Instant.parse(requireText(what, iso)).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("eventTime " + what + ": '" + iso + "' is not an ISO-8601 instant such as 1970-01-01T00:00:00Z");
            }
        }

        private static String requireText(String what, String value) {
            if (value == null || value.trim().isEmpty()) {
                throw new IllegalArgumentException(what + ": missing");
            }
            return value;
        }
    }
}
