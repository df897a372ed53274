package io.evalprotocol.core.internal.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The member names of chat-completion responses, as interned constants found from their UTF-8 bytes: the
 * reader takes a name from here instead of allocating a new String for each member of each response, and
 * lookups by the same literal (the callers' {@code "choices"}) then match by identity, with the hash already
 * cached.
 */
final class KnownNames {
    private static final String[] NAMES = {
        "id", "object", "created", "model", "system_fingerprint", "service_tier", "choices", "index", "delta",
        "message", "role", "content", "reasoning_content", "reasoning", "refusal", "annotations", "audio",
        "function_call", "tool_calls", "type", "function", "name", "arguments", "logprobs", "finish_reason",
        "stop_reason", "matched_stop", "token_ids", "prompt_token_ids", "raw_output", "prompt_logprobs", "usage",
        "prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details", "completion_tokens_details",
        "cached_tokens", "reasoning_tokens", "audio_tokens", "accepted_prediction_tokens",
        "rejected_prediction_tokens", "kv_transfer_params", "text", "error", "code", "param", "tokens",
        "token_logprobs", "text_offset", "top_logprobs", "completion_token_ids", "completion_logprobs",
        "perf_metrics", "prompt", "token", "logprob", "bytes", "token_id", "sampling_logprob"
    };
    private static final int MASK = 255;
    private static final String[] TABLE = new String[MASK + 1];
    private static final byte[][] BYTES = new byte[MASK + 1][];
    /**
     * Each name's first (up to) eight bytes as one little-endian word, zero-padded, and its length: a lookup
     * compares one word from two small arrays instead of calling {@code Arrays.equals} on a name's own byte
     * array (under load those arrays are out of cache, and the range checks cost more than a short name).
     */
    private static final long[] HEADS = new long[MASK + 1];
    private static final byte[] LENGTHS = new byte[MASK + 1];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    static {
        for (String name : NAMES) {
            byte[] k = name.getBytes(StandardCharsets.US_ASCII);
            int h = slot(k, 0, k.length);
            while (TABLE[h] != null) {
                h = (h + 1) & MASK;
            }
            TABLE[h] = name.intern();
            BYTES[h] = k;
            HEADS[h] = head(k, 0, k.length);
            LENGTHS[h] = (byte) k.length;
        }
    }

    private KnownNames() {}

    private static int slot(byte[] b, int from, int len) {
        int h = len * 0x9E3779B1 + b[from] * 31 + b[from + len - 1] * 961 + b[from + (len >> 1)] * 29791;
        return (h ^ (h >>> 15)) & MASK;
    }

    /** The interned name whose (escape-free) text is {@code b[from, from + len)}, or null if it is not known. */
    static String lookup(byte[] b, int from, int len) {
        if (len == 0 || len > 26) {
            return null;
        }
        long head = head(b, from, len);
        for (int h = slot(b, from, len); TABLE[h] != null; h = (h + 1) & MASK) {
            if (HEADS[h] == head && LENGTHS[h] == len && (len <= 8 || tailEquals(BYTES[h], b, from, len))) {
                return TABLE[h];
            }
        }
        return null;
    }

    /** {@code b[from, from + min(len, 8))} as a little-endian word, zero-padded. */
    private static long head(byte[] b, int from, int len) {
        int n = Math.min(len, 8);
        if (from + 8 <= b.length) {
            long w = (long) LONGS.get(b, from);
            return n == 8 ? w : w & ((1L << (n << 3)) - 1);
        }
        long w = 0;
        for (int i = n - 1; i >= 0; i--) {
            w = (w << 8) | (b[from + i] & 0xFF);
        }
        return w;
    }

    private static boolean tailEquals(byte[] k, byte[] b, int from, int len) {
        for (int i = 8; i < len; i++) {
            if (k[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }
}
