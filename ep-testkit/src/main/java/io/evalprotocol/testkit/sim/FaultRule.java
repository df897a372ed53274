package io.evalprotocol.testkit.sim;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A scripted fault: "when a request matches, inject this fault" (optionally at most N times). Rules are
 * immutable; the injection count lives in the provider and restarts when a plan is installed.
 *
 * <pre>{@code
 * FaultRule.firstRequests(2, Fault.rateLimited())                   // requests #1 and #2 get 429
 * FaultRule.firstAttempts(1, Fault.serverError())                   // every distinct body fails once
 * FaultRule.whenBodyContains("FAIL_ME", Fault.reset())
 * FaultRule.whenHeader("X-Test-Fault", "truncate", Fault.truncated())
 * }</pre>
 */
public final class FaultRule {
    private final Predicate<SimRequest> predicate;
    private final Fault fault;
    private final long maxInjections;
    private final String description;

    private FaultRule(Predicate<SimRequest> predicate, Fault fault, long maxInjections, String description) {
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.fault = Objects.requireNonNull(fault, "fault");
        this.maxInjections = maxInjections;
        this.description = description;
    }

    /** Requests whose 1-based {@link SimRequest#ordinal() ordinal} is in {@code [from, to]}. */
    public static FaultRule onRequests(long from, long to, Fault fault) {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("need 1 <= from <= to, got " + from + ".." + to);
        }
        return new FaultRule(r -> r.ordinal() >= from && r.ordinal() <= to, fault, Long.MAX_VALUE,
                "requests " + from + ".." + to);
    }

    /** The first {@code count} generation requests the provider receives. */
    public static FaultRule firstRequests(long count, Fault fault) {
        return onRequests(1, count, fault);
    }

    /**
     * The first {@code attempts} tries of every distinct request (same path and body): deterministic under
     * concurrency, so "each row fails twice and then succeeds" holds whatever the arrival order.
     */
    public static FaultRule firstAttempts(int attempts, Fault fault) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        return new FaultRule(r -> r.attempt() < attempts, fault, Long.MAX_VALUE, "first " + attempts + " attempts");
    }

    /** Requests whose body contains {@code marker} (e.g. a marker in the prompt). */
    public static FaultRule whenBodyContains(String marker, Fault fault) {
        Objects.requireNonNull(marker, "marker");
        return new FaultRule(r -> r.body().contains(marker), fault, Long.MAX_VALUE, "body contains '" + marker + "'");
    }

    /** Requests carrying header {@code name} with exactly {@code value}. */
    public static FaultRule whenHeader(String name, String value, Fault fault) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return new FaultRule(r -> r.header(name).map(value::equals).orElse(false), fault, Long.MAX_VALUE,
                "header " + name + ": " + value);
    }

    /** Requests matching {@code predicate}. */
    public static FaultRule when(Predicate<SimRequest> predicate, Fault fault) {
        return new FaultRule(predicate, fault, Long.MAX_VALUE, "custom predicate");
    }

    /** This rule, injecting at most {@code max} times (then matching requests pass). */
    public FaultRule times(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        return new FaultRule(predicate, fault, max, description);
    }

    public boolean matches(SimRequest request) {
        return predicate.test(request);
    }

    public Fault fault() {
        return fault;
    }

    /** The most injections this rule makes ({@code Long.MAX_VALUE} when unlimited). */
    public long maxInjections() {
        return maxInjections;
    }

    @Override
    public String toString() {
        return "FaultRule[" + description + " -> " + fault
                + (maxInjections == Long.MAX_VALUE ? "" : ", at most " + maxInjections + " times") + "]";
    }
}
