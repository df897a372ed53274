package io.evalprotocol.spi;

import jakarta.json.JsonObject;

/**
 * One streamed chat-completion chunk of the plain shape, typed: what {@link TokenIdAccumulator#acceptPlain} reads
 * without JSON-P. A long stream is thousands of chunks that differ only in a few values; the SDK reads those
 * values straight from the event's bytes, and an accumulator that reads them here saves building a JSON-P object
 * per chunk.
 *
 * <p>A chunk is plain when it is exactly this (any other chunk reaches {@link TokenIdAccumulator#accept} as JSON-P):
 * <ul>
 *   <li>top level: {@code choices} with exactly one element, and otherwise only {@code id}, {@code object},
 *       {@code created}, {@code model}, {@code system_fingerprint}, {@code service_tier} (so no {@code usage},
 *       no {@code prompt_token_ids}, no {@code error});</li>
 *   <li>the choice: {@code index} (an integer from 0), and otherwise only {@code delta} (absent, JSON null, or an
 *       object with only {@code content}, a string or null, and {@code role}, a string), {@code logprobs} (absent,
 *       JSON null, or an object whose only member is {@code content}, an array of entries), {@code finish_reason}
 *       (a string or null), {@code stop_reason} and {@code matched_stop} (null) and {@code token_ids} (null or
 *       integers from 0 to {@link Integer#MAX_VALUE});</li>
 *   <li>every entry: an object with a number {@code logprob}, optionally a number {@code sampling_logprob} and an
 *       integer {@code token_id} from {@code -1} ({@link LogprobColumns#MISSING_TOKEN_ID}) to
 *       {@link Integer#MAX_VALUE}, and any other members ({@code token}, {@code bytes}, {@code top_logprobs}).</li>
 * </ul>
 * So a plain chunk never carries anything that makes a reader fail, except limits ({@link ChoiceReader#checkLimit}).
 *
 * <p>A view is valid only during the call it is passed to: keep values, not the view. SPI version 1 (an additive
 * part of it: accumulators that do not read plain chunks keep working unchanged).
 */
public abstract class PlainChunk {
    protected PlainChunk() {}

    /** The whole chunk as JSON-P, equal to what {@link TokenIdAccumulator#accept} would be given; built on demand. */
    public abstract JsonObject json();

    /** The {@code index} of the chunk's one choice. */
    public abstract int choiceIndex();

    /** {@code finish_reason}, or null when it is JSON null or absent. */
    public abstract String finishReason();

    /** {@code token_ids} in a new array, or null when absent or JSON null. */
    public abstract int[] tokenIds();

    /** Whether {@code logprobs} is an object (with a {@code content} array); false when absent or JSON null. */
    public abstract boolean hasLogprobs();

    /** The number of {@code logprobs.content[]} entries; 0 without {@link #hasLogprobs()}. */
    public abstract int entryCount();

    /** Entry {@code e}'s {@code logprob}. */
    public abstract double logprob(int e);

    /** Whether entry {@code e} has a {@code sampling_logprob}. */
    public abstract boolean hasSamplingLogprob(int e);

    /** Entry {@code e}'s {@code sampling_logprob}; NaN when it has none. */
    public abstract double samplingLogprob(int e);

    /** Whether entry {@code e} has a {@code token_id}. */
    public abstract boolean hasTokenId(int e);

    /** Entry {@code e}'s {@code token_id} (possibly {@link LogprobColumns#MISSING_TOKEN_ID}); -1 when it has none. */
    public abstract int tokenId(int e);

    /**
     * Whether entry {@code e}'s {@code token} is the empty string: a special token such as {@code <|im_end|>} on
     * Fireworks (whose text is then in {@code bytes}), or the first half of a split character.
     */
    public abstract boolean tokenIsEmpty(int e);
}
