package io.evalprotocol.api.internal;

/**
 * Not API. The entries of a {@code logprobs.content[]} array as columns, filled by ep-core's body reader while
 * it validates the {@code logprobs} object they belong to, and attached to that object's
 * {@link io.evalprotocol.api.RawJsonValue} ({@link RawJsonSupport.Access#trusted(byte[], int, int, ContentColumns)}).
 * {@code io.evalprotocol.spi.LogprobColumns} takes them ({@link RawJsonSupport.Access#takeContentColumns}) instead
 * of reading the same bytes a second time.
 *
 * <p>The reader attaches columns only when every entry is an object whose keys need no unescaping, whose
 * {@code logprob} is a number or null, whose {@code sampling_logprob} (when present) is a number or null and
 * whose {@code token_id} (when present) is plain integer text from 0 to {@link Integer#MAX_VALUE} or
 * {@code -1}: the entries the byte reader of the SPI reads without a JSON-P value, and whose values are the
 * same here by construction (the same {@link RawJsonSupport.Access#doubleValue} conversion). Anything else, and
 * anything a {@code LogprobColumns.Spec} asks beyond these columns, makes the taker read the bytes as before,
 * so errors and unusual values always come from that one path.
 */
public final class ContentColumns {
    /** {@link #flags} bit: the entry has a {@code token_id} member. */
    public static final byte HAS_TOKEN_ID = 1;
    /** {@link #flags} bit: the entry has a {@code sampling_logprob} member. */
    public static final byte HAS_SAMPLING = 2;
    /** eval-protocol's {@code MISSING_TOKEN_ID}, as {@code LogprobColumns.MISSING_TOKEN_ID}. */
    public static final int MISSING_TOKEN_ID = -1;

    /** The number of entries; the arrays may be longer. */
    public final int size;
    /** Per entry; NaN for JSON null. */
    public final double[] logprob;
    /** Per entry, NaN when absent or JSON null; null when no entry has a {@code sampling_logprob}. */
    public final double[] sampling;
    /** Per entry, meaningful where {@link #HAS_TOKEN_ID} is set; null when no entry has a {@code token_id}. */
    public final int[] tokenId;
    /** Per entry, {@link #HAS_TOKEN_ID} and {@link #HAS_SAMPLING}. */
    public final byte[] flags;
    public final int tokenIdCount;
    public final int samplingCount;
    /** Entries whose {@code token_id} is {@code -1}. */
    public final int missingCount;
    /**
     * {@code size + 1} positions in the text of the value the columns are attached to (indexes into its
     * array): where each entry starts, then one past the array's closing bracket.
     */
    public final int[] starts;

    public ContentColumns(int size, double[] logprob, double[] sampling, int[] tokenId, byte[] flags,
            int tokenIdCount, int samplingCount, int missingCount, int[] starts) {
        this.size = size;
        this.logprob = logprob;
        this.sampling = sampling;
        this.tokenId = tokenId;
        this.flags = flags;
        this.tokenIdCount = tokenIdCount;
        this.samplingCount = samplingCount;
        this.missingCount = missingCount;
        this.starts = starts;
    }
}
