package io.evalprotocol.core.internal.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * {@code created_at} as Python eval-protocol writes it: a UTC {@code datetime} in pydantic's ISO form,
 * {@code 2025-12-15T16:33:31.522715Z}, with six fractional digits when the microseconds are not zero and
 * none otherwise ({@code 2025-12-15T16:33:31Z}).
 */
public final class PythonDateTimes {
    private PythonDateTimes() {
    }

    /** Formats {@code instant} in UTC, truncated to microseconds (Python's precision). */
    public static String format(Instant instant) {
        OffsetDateTime t = instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(27);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year " + year + " is outside Python's datetime range");
        }
        pad(sb, year, 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            pad(sb.append('.'), micros, 6);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /**
     * Parses an ISO 8601 date-time as pydantic accepts it: with {@code Z} or an offset, or without one
     * (taken as UTC, as eval-protocol only writes UTC), {@code T} or a space between date and time.
     * Fractions beyond microseconds are truncated, as pydantic does.
     *
     * @throws DateTimeParseException when the text is not such a date-time
     */
    public static Instant parse(String text) {
        String iso = text.length() > 10 && text.charAt(10) == ' '
                ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from,
                LocalDateTime::from);
        Instant instant = parsed instanceof OffsetDateTime ? ((OffsetDateTime) parsed).toInstant()
                : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A Unix timestamp as pydantic reads a number into a datetime: seconds, or milliseconds when the
     * magnitude exceeds 2e10.
     */
    public static Instant fromEpochNumber(double value) {
        double seconds = Math.abs(value) > 2e10 ? value / 1000 : value;
        long whole = (long) Math.floor(seconds);
        long micros = Math.round((seconds - whole) * 1_000_000);
        return Instant.ofEpochSecond(whole).plus(micros, ChronoUnit.MICROS);
    }
}
