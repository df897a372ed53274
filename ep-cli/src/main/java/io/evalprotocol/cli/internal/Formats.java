package io.evalprotocol.cli.internal;

import java.util.Locale;

/** Number and duration formats for progress lines and the summary. ASCII only: terminals vary. */
public final class Formats {
    private Formats() {}

    /** {@code 0:04}, {@code 12:30}, {@code 1:02:03}. */
    public static String clock(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    /** {@code 0.8 s}, {@code 12.3 s}, {@code 2:05 min}... for wall times in the summary. */
    public static String wall(long nanos) {
        double s = nanos / 1e9;
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return clock(nanos) + (s < 3600 ? " min" : " h");
    }

    /** {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** One decimal below 100, none above: {@code 8.7}, {@code 2,227}. */
    public static String rate(double perSecond) {
        return perSecond < 100 ? String.format(Locale.ROOT, "%.1f", perSecond)
                : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** {@code s} cut to {@code max} characters with an ellipsis, on one line. */
    public static String abbreviate(String s, int max) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** {@code 1 row}, {@code 2 rows}. */
    public static String plural(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }
}
