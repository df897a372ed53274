package io.evalprotocol.core;

import java.util.Objects;

/**
 * An API key. Its {@link #toString()} is redacted so that a key never ends up in a log line, an exception
 * message or a serialized row by accident; only {@link #reveal()} returns the secret, and the SDK calls it
 * in exactly one place: when it sets the {@code Authorization} header.
 */
public final class ApiKey {
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException when the key is blank or contains characters that cannot be sent in an
     *     HTTP header (the message does not include the key)
     */
    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("API key is blank");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException("API key contains a character that is not printable ASCII at index " + i);
            }
        }
        return new ApiKey(v);
    }

    /** The secret itself. Never log it. */
    public String reveal() {
        return value;
    }

    /** Replaces every occurrence of this key in {@code text} with {@code [REDACTED]}. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, "[REDACTED]");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey && ((ApiKey) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@code ApiKey[REDACTED]}. */
    @Override
    public String toString() {
        return "ApiKey[REDACTED]";
    }
}
