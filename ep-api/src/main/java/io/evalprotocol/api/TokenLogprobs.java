package io.evalprotocol.api;

import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * An immutable sequence of per-token log probabilities, stored as a primitive {@code double[]}.
 *
 * <p>This is the token-native "flat" shape: one number per token id, aligned by index. Provider
 * sentinels are kept as they came (for example {@code -9999.0}, OpenAI's "not in the top 20"), and a
 * missing value ({@code null} on the wire) is stored as {@link Double#NaN}; see {@link #isMissing(int)}.
 */
public final class TokenLogprobs {
    private static final TokenLogprobs EMPTY = new TokenLogprobs(new double[0]);

    private final double[] values;

    private TokenLogprobs(double[] values) {
        this.values = values;
    }

    public static TokenLogprobs of(double... values) {
        return values.length == 0 ? EMPTY : new TokenLogprobs(values.clone());
    }

    /** Takes ownership of {@code values} without copying; for decoders that never touch the array again. */
    public static TokenLogprobs wrap(double[] values) {
        return new TokenLogprobs(values);
    }

    public static TokenLogprobs empty() {
        return EMPTY;
    }

    public int size() {
        return values.length;
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public double get(int index) {
        return values[index];
    }

    /** True when the provider sent no value ({@code null}) for this token. */
    public boolean isMissing(int index) {
        return Double.isNaN(values[index]);
    }

    public double[] toArray() {
        return values.clone();
    }

    public DoubleStream stream() {
        return Arrays.stream(values);
    }

    public TokenLogprobs concat(TokenLogprobs other) {
        if (other.values.length == 0) {
            return this;
        }
        if (values.length == 0) {
            return other;
        }
        double[] joined = Arrays.copyOf(values, values.length + other.values.length);
        System.arraycopy(other.values, 0, joined, values.length, other.values.length);
        return new TokenLogprobs(joined);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenLogprobs && Arrays.equals(values, ((TokenLogprobs) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        if (values.length <= 8) {
            return Arrays.toString(values);
        }
        return "[" + values[0] + ", " + values[1] + ", ... (" + values.length + " values)]";
    }
}
