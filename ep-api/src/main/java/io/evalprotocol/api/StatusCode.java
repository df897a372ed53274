package io.evalprotocol.api;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Status} code: an open value type over {@code int}. The constants are the gRPC codes 0 to 16
 * ({@code google.rpc.Code}, as AIP-193 prescribes) plus eval-protocol's own 100 to 103; any other number
 * is kept as written.
 */
public final class StatusCode {
    private static final Map<Integer, StatusCode> KNOWN = new HashMap<>();

    public static final StatusCode OK = known(0, "OK");
    public static final StatusCode CANCELLED = known(1, "CANCELLED");
    public static final StatusCode UNKNOWN = known(2, "UNKNOWN");
    public static final StatusCode INVALID_ARGUMENT = known(3, "INVALID_ARGUMENT");
    public static final StatusCode DEADLINE_EXCEEDED = known(4, "DEADLINE_EXCEEDED");
    public static final StatusCode NOT_FOUND = known(5, "NOT_FOUND");
    public static final StatusCode ALREADY_EXISTS = known(6, "ALREADY_EXISTS");
    public static final StatusCode PERMISSION_DENIED = known(7, "PERMISSION_DENIED");
    public static final StatusCode RESOURCE_EXHAUSTED = known(8, "RESOURCE_EXHAUSTED");
    public static final StatusCode FAILED_PRECONDITION = known(9, "FAILED_PRECONDITION");
    public static final StatusCode ABORTED = known(10, "ABORTED");
    public static final StatusCode OUT_OF_RANGE = known(11, "OUT_OF_RANGE");
    public static final StatusCode UNIMPLEMENTED = known(12, "UNIMPLEMENTED");
    public static final StatusCode INTERNAL = known(13, "INTERNAL");
    public static final StatusCode UNAVAILABLE = known(14, "UNAVAILABLE");
    public static final StatusCode DATA_LOSS = known(15, "DATA_LOSS");
    public static final StatusCode UNAUTHENTICATED = known(16, "UNAUTHENTICATED");
    /** eval-protocol: the rollout or evaluation finished. */
    public static final StatusCode FINISHED = known(100, "FINISHED");
    /** eval-protocol: the rollout or evaluation is running. */
    public static final StatusCode RUNNING = known(101, "RUNNING");
    /** eval-protocol: the score is invalid. */
    public static final StatusCode SCORE_INVALID = known(102, "SCORE_INVALID");
    /** eval-protocol: a response quality check failed. */
    public static final StatusCode RESPONSE_QUALITY_ERROR = known(103, "RESPONSE_QUALITY_ERROR");

    private final int value;
    private final String name;

    private StatusCode(int value, String name) {
        this.value = value;
        this.name = name;
    }

    private static StatusCode known(int value, String name) {
        StatusCode code = new StatusCode(value, name);
        KNOWN.put(value, code);
        return code;
    }

    /** The code with this number: a constant when known, else a new code. */
    public static StatusCode of(int value) {
        StatusCode code = KNOWN.get(value);
        return code != null ? code : new StatusCode(value, null);
    }

    /** The number written in JSON. */
    public int value() {
        return value;
    }

    /** The constant's name ({@code "FINISHED"}), or the number for codes this version does not know. */
    public String name() {
        return name != null ? name : Integer.toString(value);
    }

    public boolean isKnown() {
        return name != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusCode && value == ((StatusCode) o).value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public String toString() {
        return name != null ? name + "(" + value + ")" : Integer.toString(value);
    }
}
