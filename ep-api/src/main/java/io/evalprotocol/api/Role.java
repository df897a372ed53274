package io.evalprotocol.api;

import java.util.Objects;

/**
 * The role of a {@link Message}: an open value type. The four OpenAI roles are constants; any other role
 * (e.g. {@code developer}, or a framework's own) is kept as written, never rejected or mapped.
 */
public final class Role {
    public static final Role SYSTEM = new Role("system");
    public static final Role USER = new Role("user");
    public static final Role ASSISTANT = new Role("assistant");
    public static final Role TOOL = new Role("tool");

    private final String value;

    private Role(String value) {
        this.value = value;
    }

    /** The role named {@code value}: one of the constants when it matches one, else a new role. */
    public static Role of(String value) {
        Objects.requireNonNull(value, "value");
        switch (value) {
            case "system":
                return SYSTEM;
            case "user":
                return USER;
            case "assistant":
                return ASSISTANT;
            case "tool":
                return TOOL;
            default:
                return new Role(value);
        }
    }

    /** The role as written in JSON. */
    public String value() {
        return value;
    }

    /** True for the four roles OpenAI's chat API defines. */
    public boolean isKnown() {
        return this == SYSTEM || this == USER || this == ASSISTANT || this == TOOL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Role && value.equals(((Role) o).value);
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
