package io.github.streaminganalytics.flink;

/**
 * Reads an event time: an ISO-8601 date and time to the second, an optional
 * fraction of 1 to 9 digits and an optional zone, into epoch milliseconds.
 *
 * <ul>
 *   <li>{@code 2026-11-25T07:54:56.123456}: no zone, read as UTC (what a naive
 *       Python {@code datetime.isoformat()} writes);
 *   <li>{@code ...Z}, or an offset {@code +08:00} / {@code -05:30} (hours 00-23,
 *       minutes 00-59), converted to UTC;
 *   <li>{@code T} or a space between date and time;
 *   <li>digits past the millisecond are cut, not rounded;
 *   <li>only real calendar values (proleptic Gregorian): {@code 2026-02-30},
 *       {@code 24:00:00} and {@code 12:00:60} are invalid, not rolled over.
 * </ul>
 *
 * Hand-written rather than java.time, which is lenient in other ways (it reads
 * {@code 12:00} and basic formats) and several times slower per record.
 */
public final class IsoEventTime {
    /** Returned for text that is not such a date-time. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private IsoEventTime() {}

    public static long parseMillis(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return INVALID;
        }
        char separator = s.charAt(10);
        if (separator != 'T' && separator != ' ') return INVALID;
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return INVALID;
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return INVALID;

        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) i++;
            int count = i - start;
            if (count < 1 || count > 9) return INVALID;
            for (int k = 0; k < 3; k++) {
                millis = millis * 10 + (k < count ? s.charAt(start + k) - '0' : 0);
            }
        }

        int offsetMinutes = 0;
        if (i < n) {
            char zone = s.charAt(i);
            if (zone == 'Z') {
                i++;
            } else if ((zone == '+' || zone == '-') && n - i == 6 && s.charAt(i + 3) == ':') {
                int offsetHour = digits(s, i + 1, 2);
                int offsetMinute = digits(s, i + 4, 2);
                if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return INVALID;
                offsetMinutes = (zone == '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
                i += 6;
            } else {
                return INVALID;
            }
        }
        if (i != n) return INVALID;

        long local = daysFromCivil(year, month, day) * MILLIS_PER_DAY
                + ((hour * 60L + minute) * 60L + second) * 1000L
                + millis;
        return local - offsetMinutes * 60_000L;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The number in s[from, from + count), or -1 if any of those is not an ASCII digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }
}
