package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/** Cost of the LLM calls ({@code cost_metrics}): {@code input_cost, output_cost, total_cost_dollar}, in USD. */
public final class CostMetrics {
    static final Set<String> FIELDS = Values.names("input_cost", "output_cost", "total_cost_dollar");

    private final Double inputCost;
    private final Double outputCost;
    private final Double totalCostDollar;
    private final Map<String, JsonValue> additionalProperties;

    private CostMetrics(Builder b) {
        this.inputCost = b.inputCost;
        this.outputCost = b.outputCost;
        this.totalCostDollar = b.totalCostDollar;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().inputCost(inputCost).outputCost(outputCost).totalCostDollar(totalCostDollar);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public OptionalDouble inputCost() {
        return inputCost == null ? OptionalDouble.empty() : OptionalDouble.of(inputCost);
    }

    public OptionalDouble outputCost() {
        return outputCost == null ? OptionalDouble.empty() : OptionalDouble.of(outputCost);
    }

    public OptionalDouble totalCostDollar() {
        return totalCostDollar == null ? OptionalDouble.empty() : OptionalDouble.of(totalCostDollar);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CostMetrics)) {
            return false;
        }
        CostMetrics c = (CostMetrics) o;
        return Objects.equals(inputCost, c.inputCost) && Objects.equals(outputCost, c.outputCost)
                && Objects.equals(totalCostDollar, c.totalCostDollar)
                && additionalProperties.equals(c.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputCost, outputCost, totalCostDollar);
    }

    @Override
    public String toString() {
        return "CostMetrics{input=" + inputCost + ", output=" + outputCost + ", total=" + totalCostDollar + '}';
    }

    /** Builds {@link CostMetrics}. */
    public static final class Builder {
        private Double inputCost;
        private Double outputCost;
        private Double totalCostDollar;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder inputCost(Double inputCost) {
            this.inputCost = inputCost;
            return this;
        }

        public Builder outputCost(Double outputCost) {
            this.outputCost = outputCost;
            return this;
        }

        public Builder totalCostDollar(Double totalCostDollar) {
            this.totalCostDollar = totalCostDollar;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "CostMetrics", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "CostMetrics", properties);
            return this;
        }

        public CostMetrics build() {
            return new CostMetrics(this);
        }
    }
}
