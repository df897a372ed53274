package io.evalprotocol.provider.openai.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Locale;

/**
 * The tiktoken vocabularies OpenAI's models use, as byte-string to token-id (rank) indexes.
 *
 * <p>jtokkit has no lookup from a token's bytes to its rank, and re-encoding the text is wrong (BPE may
 * split a string differently than the model did, and a partial UTF-8 token is no text at all). So each
 * index is built once, on first use, from jtokkit's public {@code decodeBytes} of every ordinary rank:
 * about 0.5–1 s, most of it jtokkit loading its encoding, and about 3 MB per vocabulary. Special tokens
 * are left out: OpenAI reports them with {@code bytes: null}.
 */
enum Vocabulary {
    O200K_BASE(EncodingType.O200K_BASE, 199_998),
    CL100K_BASE(EncodingType.CL100K_BASE, 100_256);

    private final EncodingType type;
    /** Ordinary (non-special) ranks are 0 .. size-1; the size of the .tiktoken file jtokkit bundles. */
    private final int size;
    private volatile ByteRanks ranks;

    Vocabulary(EncodingType type, int size) {
        this.type = type;
        this.size = size;
    }

    /** The encoding name, e.g. {@code o200k_base}. */
    String encodingName() {
        return type.getName();
    }

    /** The index, built on first use; safe to call from any thread. */
    ByteRanks ranks() {
        ByteRanks r = ranks;
        if (r == null) {
            synchronized (this) {
                r = ranks;
                if (r == null) {
                    r = build();
                    ranks = r;
                }
            }
        }
        return r;
    }

    private ByteRanks build() {
        Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(type);
        IntArrayList one = new IntArrayList(1);
        one.add(0);
        byte[][] tokens = new byte[size][];
        for (int rank = 0; rank < size; rank++) {
            one.set(0, rank);
            tokens[rank] = encoding.decodeBytes(one);
        }
        return new ByteRanks(encodingName(), tokens);
    }

    /**
     * The vocabulary of an OpenAI model, following tiktoken's {@code model.py}; null for models whose
     * encoding jtokkit does not ship ({@code gpt-oss} uses o200k_harmony) or that are not OpenAI's.
     * A provider prefix ({@code openai/gpt-4o}) and the fine-tune prefix ({@code ft:gpt-4o:...}) are ignored.
     */
    static Vocabulary forModel(String model) {
        if (model == null || model.isEmpty()) {
            return null;
        }
        String m = model.toLowerCase(Locale.ROOT);
        m = m.substring(m.lastIndexOf('/') + 1);
        if (m.startsWith("ft:")) {
            m = m.substring(3);
        }
        for (String p : new String[] {"gpt-5", "gpt-4.5", "gpt-4.1", "gpt-4o", "chatgpt-4o", "o1", "o3", "o4-mini"}) {
            if (m.startsWith(p)) {
                return O200K_BASE;
            }
        }
        for (String p : new String[] {"gpt-4", "gpt-3.5-turbo", "gpt-35-turbo", "davinci-002", "babbage-002",
            "text-embedding-ada-002", "text-embedding-3"}) {
            if (m.startsWith(p)) {
                return CL100K_BASE;
            }
        }
        return null;
    }

    /**
     * An immutable open-addressing hash index from byte strings to ranks: one byte arena, one offsets array
     * and one int table, no per-token objects.
     */
    static final class ByteRanks {
        private final String name;
        private final byte[] arena;
        private final int[] offsets;
        private final int[] table;
        private final int mask;

        ByteRanks(String name, byte[][] tokens) {
            this.name = name;
            int total = 0;
            for (byte[] t : tokens) {
                total += t.length;
            }
            arena = new byte[total];
            offsets = new int[tokens.length + 1];
            int at = 0;
            for (int r = 0; r < tokens.length; r++) {
                offsets[r] = at;
                System.arraycopy(tokens[r], 0, arena, at, tokens[r].length);
                at += tokens[r].length;
            }
            offsets[tokens.length] = at;
            int capacity = Integer.highestOneBit(Math.max(2, tokens.length * 2 - 1)) << 1;
            table = new int[capacity];
            mask = capacity - 1;
            for (int r = 0; r < tokens.length; r++) {
                int slot = hash(tokens[r], tokens[r].length) & mask;
                while (table[slot] != 0) {
                    if (equalsRank(table[slot] - 1, tokens[r], tokens[r].length)) {
                        throw new IllegalStateException(name + ": ranks " + (table[slot] - 1) + " and " + r
                                + " have the same bytes");
                    }
                    slot = (slot + 1) & mask;
                }
                table[slot] = r + 1;
            }
        }

        String name() {
            return name;
        }

        int size() {
            return offsets.length - 1;
        }

        /** The rank whose bytes are exactly {@code key[0..length)}, or -1. */
        int rank(byte[] key, int length) {
            int slot = hash(key, length) & mask;
            while (table[slot] != 0) {
                int r = table[slot] - 1;
                if (equalsRank(r, key, length)) {
                    return r;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        private boolean equalsRank(int rank, byte[] key, int length) {
            int from = offsets[rank];
            return offsets[rank + 1] - from == length
                    && java.util.Arrays.equals(arena, from, from + length, key, 0, length);
        }

        private static int hash(byte[] key, int length) {
            int h = 0x811C9DC5;
            for (int i = 0; i < length; i++) {
                h = (h ^ (key[i] & 0xFF)) * 0x01000193;
            }
            return h ^ (h >>> 16);
        }
    }
}
