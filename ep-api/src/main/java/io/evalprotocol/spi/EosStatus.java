package io.evalprotocol.spi;

/** Whether the extracted completion ids end with the engine's end-of-sequence / stop token. */
public enum EosStatus {
    /** The last id is the EOS or stop token (finish reason {@code stop} and the engine kept it). */
    PRESENT,
    /** The ids end without it, e.g. finish reason {@code length}, or a provider that strips it. */
    ABSENT,
    /** The extractor cannot tell. */
    UNKNOWN
}
