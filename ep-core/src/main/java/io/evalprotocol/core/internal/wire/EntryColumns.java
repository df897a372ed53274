package io.evalprotocol.core.internal.wire;

import io.evalprotocol.api.internal.ContentColumns;
import io.evalprotocol.api.internal.RawJsonSupport;
import jakarta.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The columns of one {@code logprobs.content[]} array as {@link ByteJsonReader} fills them while it validates the
 * entries, row by row; becomes the {@link ContentColumns} attached to the kept {@code logprobs} value. A row
 * holds only what the SPI's byte reader ({@code io.evalprotocol.spi.RawColumns}) would read without a JSON-P
 * value, converted the way it converts it: a number or null {@code logprob} and {@code sampling_logprob} (the
 * same {@link RawJsonSupport.Access#doubleValue}), a {@code token_id} of plain integer text from 0 to
 * {@link Integer#MAX_VALUE} or {@code -1}. Anything else clears {@link #rowOk}, and the reader then attaches
 * nothing: the extractor reads the bytes as before and meets the value (or the error) there.
 */
final class EntryColumns {
    private static final RawJsonSupport.Access RAW = RawJsonSupport.access();
    private static final byte[] SAMPLING_LOGPROB = "sampling_logprob".getBytes(StandardCharsets.US_ASCII);

    private int size;
    private double[] logprob;
    private double[] sampling;
    private int[] tokenId;
    private byte[] flags;
    private int[] starts;
    private int tokenIdCount;
    private int samplingCount;
    private int missingCount;

    /** False once the current row holds something the columns cannot. */
    boolean rowOk;
    private boolean hasLogprob;
    private double rowLogprob;
    private boolean hasSampling;
    private double rowSampling;
    private boolean hasTokenId;
    private int rowTokenId;

    EntryColumns(int capacity) {
        logprob = new double[capacity];
        flags = new byte[capacity];
        starts = new int[capacity + 1];
    }

    /** Whether {@code b[s, s + 16)} is {@code sampling_logprob}. */
    static boolean isSamplingLogprob(byte[] b, int s) {
        return Arrays.equals(b, s, s + 16, SAMPLING_LOGPROB, 0, 16);
    }

    /** Starts the row of the entry whose text starts at {@code at} (an index in the payload's output). */
    void start(int at) {
        if (size + 1 >= starts.length) {
            int c = starts.length * 2;
            starts = Arrays.copyOf(starts, c + 1);
        }
        starts[size] = at;
        rowOk = true;
        hasLogprob = false;
        hasSampling = false;
        hasTokenId = false;
    }

    /** A {@code logprob} (or {@code sampling_logprob}) whose number text is {@code b[from, to)}. */
    void number(boolean isSampling, byte[] b, int from, int to) {
        double v;
        try {
            v = RAW.doubleValue(b, from, to);
        } catch (JsonException e) {
            rowOk = false; // a number no double holds: the extractor's read fails on it as before
            return;
        }
        set(isSampling, v);
    }

    /** A {@code logprob} (or {@code sampling_logprob}) the reader converted itself, as {@link #number} would. */
    void plainNumber(boolean isSampling, double v) {
        set(isSampling, v);
    }

    /** A JSON null {@code logprob} (or {@code sampling_logprob}): a missing value. */
    void nullNumber(boolean isSampling) {
        set(isSampling, Double.NaN);
    }

    private void set(boolean isSampling, double v) {
        // a duplicate key overwrites: the last value counts, as in a JSON-P object
        if (isSampling) {
            hasSampling = true;
            rowSampling = v;
        } else {
            hasLogprob = true;
            rowLogprob = v;
        }
    }

    /** A {@code token_id} whose number text (valid JSON) is {@code b[from, to)}. */
    void tokenId(byte[] b, int from, int to) {
        int i = from;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        if (to - i > 18) {
            rowOk = false; // far out of range, or digits long can't hold
            return;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                rowOk = false; // a fraction or an exponent
                return;
            }
            v = v * 10 + d;
        }
        plainTokenId(negative ? -v : v);
    }

    /** A {@code token_id} of plain integer text that the reader converted itself ({@code -0} as 0). */
    void plainTokenId(long v) {
        if (v < ContentColumns.MISSING_TOKEN_ID || v > Integer.MAX_VALUE) {
            rowOk = false;
            return;
        }
        hasTokenId = true;
        rowTokenId = (int) v;
    }

    /** Ends the current row (its entry object closed); a row without {@code logprob} is not one. */
    void finishRow() {
        if (!rowOk || !hasLogprob) {
            rowOk = false;
            return;
        }
        int j = size;
        if (j == logprob.length) {
            grow();
        }
        logprob[j] = rowLogprob;
        byte f = 0;
        if (hasSampling) {
            if (sampling == null) {
                sampling = new double[logprob.length];
                Arrays.fill(sampling, 0, j, Double.NaN);
            }
            sampling[j] = rowSampling;
            samplingCount++;
            f |= ContentColumns.HAS_SAMPLING;
        } else if (sampling != null) {
            sampling[j] = Double.NaN;
        }
        if (hasTokenId) {
            if (tokenId == null) {
                tokenId = new int[logprob.length];
            }
            tokenId[j] = rowTokenId;
            tokenIdCount++;
            if (rowTokenId == ContentColumns.MISSING_TOKEN_ID) {
                missingCount++;
            }
            f |= ContentColumns.HAS_TOKEN_ID;
        }
        flags[j] = f;
        size = j + 1;
    }

    private void grow() {
        int c = logprob.length * 2;
        logprob = Arrays.copyOf(logprob, c);
        flags = Arrays.copyOf(flags, c);
        sampling = sampling == null ? null : Arrays.copyOf(sampling, c);
        tokenId = tokenId == null ? null : Arrays.copyOf(tokenId, c);
    }

    /** Ends the array: {@code at} is the output index just past its closing bracket. */
    void end(int at) {
        if (size >= starts.length) {
            starts = Arrays.copyOf(starts, size + 1);
        }
        starts[size] = at;
    }

    /** The columns, their positions moved by {@code delta} into the coordinates of the value's array. */
    ContentColumns toContentColumns(int delta) {
        if (delta != 0) {
            for (int k = 0; k <= size; k++) {
                starts[k] += delta;
            }
        }
        return new ContentColumns(size, logprob, sampling, tokenId, flags, tokenIdCount, samplingCount, missingCount,
                starts);
    }
}
