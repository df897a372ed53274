package io.evalprotocol.benchmarks.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Goal lines, printed as they are decided and written out as Markdown at the end. */
final class Report {
    enum Status { PASS, MISS, NOT_MEASURED }

    private final List<String> lines = new ArrayList<>();
    private int pass;
    private int miss;
    private int notMeasured;

    void section(String title) {
        add("");
        add("### " + title);
        add(String.format(Locale.ROOT, "| %-12s | %-34s | %12s | %-30s | %7s | %7s | %-12s |",
                "goal", "subject", "SDK", "reference", "ratio", "target", "result"));
        add("|--------------|------------------------------------|--------------|--------------------------------|---------|---------|--------------|");
    }

    void note(String text) {
        add(text);
    }

    /** A ratio goal: {@code value / reference >= target}. NaN on either side means not measured. */
    Status ratio(String goal, String subject, double value, String unit, String refName, double reference,
            double target, String why) {
        double ratio = value / reference;
        Status s = Double.isNaN(ratio) || Double.isInfinite(ratio) ? Status.NOT_MEASURED
                : ratio >= target ? Status.PASS : Status.MISS;
        line(goal, subject, fmt(value, unit), refName + " " + fmt(reference, unit), fmtRatio(ratio),
                "≥ " + trim(target), s, why);
        return s;
    }

    /** A ratio goal whose ratio was measured directly (same fork, interleaved); values shown for scale. */
    Status paired(String goal, String subject, double value, String unit, String refName, double reference,
            double ratio, double target, String why, String spread) {
        Status s = Double.isNaN(ratio) || Double.isInfinite(ratio) ? Status.NOT_MEASURED
                : ratio >= target ? Status.PASS : Status.MISS;
        line(goal, subject, fmt(value, unit), refName + " " + fmt(reference, unit), fmtRatio(ratio),
                "≥ " + trim(target), s, why);
        if (s != Status.NOT_MEASURED && spread != null && !spread.isEmpty()) {
            add("|              |   ↳ " + spread);
        }
        return s;
    }

    /** An upper-bound goal: {@code value <= limit}. */
    Status atMost(String goal, String subject, double value, String unit, String refName, double limit, String why) {
        Status s = Double.isNaN(value) ? Status.NOT_MEASURED : value <= limit ? Status.PASS : Status.MISS;
        line(goal, subject, fmt(value, unit), refName, "", "≤ " + trim(limit), s, why);
        return s;
    }

    private void line(String goal, String subject, String sdk, String ref, String ratio, String target, Status s,
            String why) {
        switch (s) {
            case PASS: pass++; break;
            case MISS: miss++; break;
            default: notMeasured++; break;
        }
        String result = s == Status.NOT_MEASURED ? "NOT MEASURED" : s.name();
        add(String.format(Locale.ROOT, "| %-12s | %-34s | %12s | %-30s | %7s | %7s | %-12s |", goal, subject, sdk, ref,
                ratio, target, result));
        if (s == Status.NOT_MEASURED && why != null) {
            add("|              |   ↳ " + why);
        }
    }

    String summary() {
        return String.format(Locale.ROOT, "%d PASS, %d MISS, %d NOT MEASURED", pass, miss, notMeasured);
    }

    boolean allPass() {
        return miss == 0 && notMeasured == 0;
    }

    private void add(String line) {
        lines.add(line);
        System.out.println(line);
        System.out.flush();
    }

    void write(Path file, String header) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(lines);
        all.add("");
        all.add("Summary: " + summary());
        Files.write(file, all, StandardCharsets.UTF_8);
    }

    static String fmt(double v, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        String n = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return unit.isEmpty() ? n : n + " " + unit;
    }

    static String fmtRatio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
