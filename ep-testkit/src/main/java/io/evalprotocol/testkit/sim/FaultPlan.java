package io.evalprotocol.testkit.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which requests fail and how: scripted {@link FaultRule}s, checked in order (the first match wins), then an
 * optional random {@link FaultMix}. Install one with {@link SimulatedProvider.Builder#faults(FaultPlan)} or,
 * per test, {@link SimulatedProvider#faults(FaultPlan)}.
 */
public final class FaultPlan {
    private static final FaultPlan NONE = new FaultPlan(List.of(), null);

    private final List<FaultRule> rules;
    private final FaultMix mix;

    private FaultPlan(List<FaultRule> rules, FaultMix mix) {
        this.rules = List.copyOf(rules);
        this.mix = mix;
    }

    /** No faults. */
    public static FaultPlan none() {
        return NONE;
    }

    public static FaultPlan of(FaultRule... rules) {
        return new FaultPlan(List.of(rules), null);
    }

    public static FaultPlan of(FaultMix mix) {
        return new FaultPlan(List.of(), Objects.requireNonNull(mix, "mix"));
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<FaultRule> rules() {
        return rules;
    }

    /** The random mix, or null. */
    public FaultMix mix() {
        return mix;
    }

    @Override
    public String toString() {
        return "FaultPlan[rules=" + rules + ", mix=" + mix + "]";
    }

    /** Accumulates rules and a mix. */
    public static final class Builder {
        private final List<FaultRule> rules = new ArrayList<>();
        private FaultMix mix;

        private Builder() {
        }

        public Builder rule(FaultRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public Builder mix(FaultMix mix) {
            this.mix = mix;
            return this;
        }

        public FaultPlan build() {
            return new FaultPlan(rules, mix);
        }
    }
}
