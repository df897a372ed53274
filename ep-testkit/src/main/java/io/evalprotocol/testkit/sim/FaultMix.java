package io.evalprotocol.testkit.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Random faults in given percentages, for soaks and load runs. Whether a request gets a fault is a pure
 * function of the provider seed, the request body and its {@link SimRequest#attempt() attempt} number, so a
 * rerun with the same data and seed sees the same faults on the same rows, whatever the concurrency, and a
 * retried request draws again.
 */
public final class FaultMix {
    /** One weighted fault. */
    public record Entry(Fault fault, double percent) {
        public Entry {
            Objects.requireNonNull(fault, "fault");
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("percent must be within 0..100, got " + percent);
            }
        }
    }

    private final List<Entry> entries;
    private final double total;

    private FaultMix(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        double t = 0;
        for (Entry e : entries) {
            t += e.percent();
        }
        if (t > 100 + 1e-9) {
            throw new IllegalArgumentException("fault percentages add up to " + t + "% (more than 100%)");
        }
        this.total = t;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** 5% 429, 1.5% 500, 1.5% 503, 1% reset, 1% truncated, 1% malformed JSON, 1% slow (200 ms): 12% in all. */
    public static FaultMix standard() {
        return builder().add(Fault.rateLimited(), 5).add(Fault.serverError(), 1.5).add(Fault.unavailable(), 1.5)
                .add(Fault.reset(), 1).add(Fault.truncated(), 1).add(Fault.malformedJson(), 1)
                .add(Fault.slow(Duration.ofMillis(200)), 1).build();
    }

    /**
     * Parses {@code kind[:millis]=percent} entries separated by commas, e.g.
     * {@code 429=5,500=1.5,503=1.5,reset=1,truncated=1,malformed=1,slow:200=1,html=0.5,delay:1000=1}, or
     * {@code standard}. Kinds: any status 400-599 ({@code 429:ms} sets Retry-After), {@code reset},
     * {@code truncated}, {@code malformed}, {@code html} (wrong content type), {@code slow:ms}, {@code delay:ms}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static FaultMix parse(String spec) {
        String s = spec.strip();
        if (s.equalsIgnoreCase("standard")) {
            return standard();
        }
        Builder b = builder();
        for (String part : s.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("fault mix entry '" + p + "' needs the form kind[:millis]=percent");
            }
            String kind = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            double percent;
            try {
                percent = Double.parseDouble(p.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault mix entry '" + p + "': percent is not a number");
            }
            Long millis = null;
            int colon = kind.indexOf(':');
            if (colon >= 0) {
                try {
                    millis = Long.parseLong(kind.substring(colon + 1).replace("ms", "").strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("fault mix entry '" + p + "': millis is not a number");
                }
                kind = kind.substring(0, colon);
            }
            b.add(fault(kind, millis, p), percent);
        }
        return b.build();
    }

    private static Fault fault(String kind, Long millis, String entry) {
        Duration d = millis == null ? null : Duration.ofMillis(millis);
        switch (kind) {
            case "reset": return Fault.reset();
            case "truncated":
            case "truncate": return Fault.truncated();
            case "malformed":
            case "malformed-json": return Fault.malformedJson();
            case "html":
            case "wrong-content-type": return Fault.wrongContentType();
            case "slow": return Fault.slow(d == null ? Duration.ofMillis(200) : d);
            case "delay": return Fault.delay(d == null ? Duration.ofMillis(200) : d);
            default:
                int status;
                try {
                    status = Integer.parseInt(kind);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("fault mix entry '" + entry + "': unknown kind '" + kind
                            + "' (use a status 400-599, reset, truncated, malformed, html, slow or delay)");
                }
                if (status == 429) {
                    return d == null ? Fault.rateLimited() : Fault.rateLimited(d);
                }
                return Fault.status(status);
        }
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The total fault probability in percent. */
    public double totalPercent() {
        return total;
    }

    /** The fault for a uniform draw {@code u} in [0, 1), or null for a normal response. */
    public Fault pick(double u) {
        double x = u * 100;
        for (Entry e : entries) {
            if (x < e.percent()) {
                return e.fault();
            }
            x -= e.percent();
        }
        return null;
    }

    @Override
    public String toString() {
        return "FaultMix" + entries;
    }

    /** Accumulates weighted faults. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        public Builder add(Fault fault, double percent) {
            entries.add(new Entry(fault, percent));
            return this;
        }

        public FaultMix build() {
            return new FaultMix(entries);
        }
    }
}
