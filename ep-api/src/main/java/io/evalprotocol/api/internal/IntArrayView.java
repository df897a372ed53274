package io.evalprotocol.api.internal;

/**
 * Not API: exported only to {@code io.evalprotocol.core}. A JSON array of {@code int}s held as an {@code int[]}
 * (ep-core's {@code token_ids} arrays), so that the SPI's decoding toolkit copies the ints instead of creating
 * one JSON-P number per element.
 */
public interface IntArrayView extends JsonArrayView {
    /** The elements, in a new array the caller owns. */
    int[] toIntArray();
}
