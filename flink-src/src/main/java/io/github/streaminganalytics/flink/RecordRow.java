package io.github.streaminganalytics.flink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

/**
 * The row a parsed record becomes, which the Python job turns into a table: the
 * spec's value fields in check order (null when rejected), then {@value #EVENT_MILLIS}
 * (the event time in epoch ms; null when rejected), {@value #REASON} (null when valid)
 * and {@value #PAYLOAD} (the record as UTF-8 text, kept only when rejected).
 */
public final class RecordRow {
    public static final String EVENT_MILLIS = "event_millis";
    public static final String REASON = "reason";
    public static final String PAYLOAD = "payload";
    static final Set<String> RESERVED_NAMES =
            Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(EVENT_MILLIS, REASON, PAYLOAD)));

    private RecordRow() {}

    public static RowTypeInfo typeInfo(RecordSpec spec) {
        List<String> names = new ArrayList<>();
        List<TypeInformation<?>> types = new ArrayList<>();
        for (int i = 0; i < spec.fields.size(); i++) {
            if (i == spec.eventTimeIndex) continue;
            RecordSpec.Field f = spec.fields.get(i);
            names.add(f.name);
            types.add(f.type == RecordSpec.FieldType.DOUBLE ? Types.DOUBLE : Types.STRING);
        }
        names.add(EVENT_MILLIS);
        types.add(Types.LONG);
        names.add(REASON);
        types.add(Types.STRING);
        names.add(PAYLOAD);
        types.add(Types.STRING);
        return new RowTypeInfo(types.toArray(new TypeInformation<?>[0]), names.toArray(new String[0]));
    }

    static int arity(RecordSpec spec) {
        return spec.fields.size() + 2;
    }

    static int eventMillisIndex(RecordSpec spec) {
        return spec.fields.size() - 1;
    }

    /** The event time of a valid row, or null for a rejected one. */
    public static Long eventMillis(Row row) {
        return (Long) row.getField(row.getArity() - 3);
    }
}
