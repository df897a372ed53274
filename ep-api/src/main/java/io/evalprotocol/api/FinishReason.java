package io.evalprotocol.api;

import java.util.Objects;

/**
 * Why the engine stopped generating ({@code finish_reason}): an open value type. The OpenAI values are
 * constants; provider-specific ones (e.g. vLLM's {@code abort}) are kept as written.
 */
public final class FinishReason {
    public static final FinishReason STOP = new FinishReason("stop");
    public static final FinishReason LENGTH = new FinishReason("length");
    public static final FinishReason TOOL_CALLS = new FinishReason("tool_calls");
    public static final FinishReason CONTENT_FILTER = new FinishReason("content_filter");
    public static final FinishReason FUNCTION_CALL = new FinishReason("function_call");

    private final String value;

    private FinishReason(String value) {
        this.value = value;
    }

    public static FinishReason of(String value) {
        Objects.requireNonNull(value, "value");
        switch (value) {
            case "stop":
                return STOP;
            case "length":
                return LENGTH;
            case "tool_calls":
                return TOOL_CALLS;
            case "content_filter":
                return CONTENT_FILTER;
            case "function_call":
                return FUNCTION_CALL;
            default:
                return new FinishReason(value);
        }
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FinishReason && value.equals(((FinishReason) o).value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
