package io.evalprotocol.testkit.sim.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's tokenizer: jtokkit {@code o200k_base} plus three chat-template special tokens.
 *
 * <p>o200k_base itself only defines {@code <|endoftext|>} (199999) and {@code <|endofprompt|>} (200018). The
 * chat template needs start/end/separator markers; we use the ids the gpt-4o family is reported to use
 * ({@code <|im_start|>} 200264, {@code <|im_end|>} 200265, {@code <|im_sep|>} 200266). They are outside
 * jtokkit's table, so this class, not jtokkit, decodes them.
 *
 * <p>Encoding is the expensive part (tens of microseconds per KB), so results are cached: the same prompts
 * and replies recur across {@code n}, retries and soak runs.
 */
public final class SimTokenizer {

    public static final int ENDOFTEXT = 199_999;
    public static final int ENDOFPROMPT = 200_018;
    public static final int IM_START = 200_264;
    public static final int IM_END = 200_265;
    public static final int IM_SEP = 200_266;
    /** One past the largest id this tokenizer knows. */
    public static final int ID_LIMIT = 200_267;

    private static final int CACHE_LIMIT = 8_192;
    private static final byte[] ABSENT = new byte[0];

    private static final class Holder {
        static final SimTokenizer INSTANCE = new SimTokenizer();
    }

    private final Encoding encoding;
    private final byte[][] bytes = new byte[ID_LIMIT][];
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();
    /** Per-id spellings, computed once: what vLLM shows (U+FFFD for partial characters) and what OpenAI shows. */
    private final String[] replaced = new String[ID_LIMIT];
    private final String[] escaped = new String[ID_LIMIT];

    private SimTokenizer() {
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        bytes[IM_START] = "<|im_start|>".getBytes(StandardCharsets.US_ASCII);
        bytes[IM_END] = "<|im_end|>".getBytes(StandardCharsets.US_ASCII);
        bytes[IM_SEP] = "<|im_sep|>".getBytes(StandardCharsets.US_ASCII);
    }

    /** The shared instance; the first call loads the o200k table (about 300 ms). */
    public static SimTokenizer get() {
        return Holder.INSTANCE;
    }

    /** Tokenizes text as ordinary text: special-token spellings inside it are plain characters. */
    public int[] encode(String text) {
        int[] ids = cache.get(text);
        if (ids != null) {
            return ids;
        }
        ids = encoding.encodeOrdinary(text).toArray();
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear(); // crude but bounded; the working set of a run is far smaller
        }
        cache.put(text, ids);
        return ids;
    }

    /** Whether {@code id} is a token this tokenizer can decode. */
    public boolean isKnown(int id) {
        return id >= 0 && id < ID_LIMIT && tokenBytes(id) != null;
    }

    public static boolean isSpecial(int id) {
        return id == ENDOFTEXT || id == ENDOFPROMPT || id >= IM_START;
    }

    /** The exact bytes of one token (for special tokens: their spelling), or null when the id is unknown. */
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= ID_LIMIT) {
            return null;
        }
        byte[] b = bytes[id];
        if (b == null) {
            if (id >= IM_START) {
                b = ABSENT;
            } else {
                IntArrayList one = new IntArrayList(1);
                one.add(id);
                try {
                    b = encoding.decodeBytes(one);
                } catch (RuntimeException unknown) {
                    b = ABSENT;
                }
            }
            bytes[id] = b; // benign race: every thread computes the same array
        }
        return b == ABSENT ? null : b;
    }

    /** The token as vLLM shows it: its text with invalid UTF-8 replaced by U+FFFD (special tokens spelled out). */
    public String replacedText(int id) {
        String s = replaced[id];
        if (s == null) {
            byte[] b = tokenBytes(id);
            s = b == null ? "" : TokenText.replaceDecode(b);
            replaced[id] = s;
        }
        return s;
    }

    /** The token as OpenAI shows it: partial characters as {@code \xNN} escapes. */
    public String escapedText(int id) {
        String s = escaped[id];
        if (s == null) {
            byte[] b = tokenBytes(id);
            s = b == null ? "" : TokenText.backslashReplace(b);
            escaped[id] = s;
        }
        return s;
    }

    /** Decodes ids to text, replacing invalid UTF-8 with U+FFFD (used for prompts given as ids). */
    public String decode(int[] ids) {
        ByteBuf buf = new ByteBuf(ids.length * 4);
        for (int id : ids) {
            byte[] b = tokenBytes(id);
            if (b != null) {
                buf.write(b);
            }
        }
        return new String(buf.array(), 0, buf.size(), StandardCharsets.UTF_8);
    }
}
