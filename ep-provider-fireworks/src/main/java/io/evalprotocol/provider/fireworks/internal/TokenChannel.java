package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One id channel of one choice, fed from a body in one go or from a stream chunk by chunk:
 * {@code token_ids}, the {@code logprobs} entries (new {@code content[]} or legacy format) and what the
 * message and finish reason say. {@link #assemble} then picks the id source ({@link Source#ANY}: Fireworks'
 * order {@code token_ids}, then {@code content[].token_id}, then legacy {@code token_ids[]} or the streamed
 * {@code delta.token_id}) and pairs logprobs only when they belong to the same channel.
 *
 * <p>The Fireworks and OpenAI modules keep identical copies of this class apart from the package line.
 *
 * <p>Pairing rule for {@code token_ids} with {@code logprobs.content}: equal lengths pair (and every entry's
 * {@code token_id} must then equal the id at its index); different lengths are an error, except when the
 * server parsed reasoning or tool calls out of the message, where the parsed logprobs may cover only the
 * visible text (a different channel): then no flat logprobs are reported.
 */
final class TokenChannel {
    /** Which id fields may be the source. */
    enum Source {
        /** {@code token_ids}, then {@code content[].token_id}, then legacy ids. */
        ANY,
        /** Only {@code choices[].token_ids}. */
        TOKEN_IDS,
        /** Only {@code logprobs.content[].token_id}. */
        CONTENT,
        /** Only legacy {@code logprobs.token_ids[]} (and, in streams, {@code delta.token_id}). */
        LEGACY
    }

    /** Fireworks' LP/v1 traces write -1 for an id they do not know (eval-protocol's MISSING_TOKEN_ID). */
    static final int MISSING_ID = -1;
    private static final int NO_ID_FIELD = -2;

    private final Wire w;
    private final Source source;
    private final String idsPath;
    private final String logprobsPath;

    private final Buffers.Ints ids = new Buffers.Ints();
    private boolean sawIds;

    private boolean sawContent;
    private int entries;
    private final Buffers.Ints entryIds = new Buffers.Ints();
    private int entriesWithId;
    private boolean sawMissingId;
    private final Buffers.Doubles logprob = new Buffers.Doubles();
    private final Buffers.Doubles sampling = new Buffers.Doubles();
    private boolean allSampling = true;
    private boolean lastEntryIsSpecial;

    private boolean sawLegacy;
    private boolean sawLegacyIds;
    private boolean sawLegacyLogprobs;
    private final Buffers.Ints legacyIds = new Buffers.Ints();
    private final Buffers.Doubles legacyLogprobs = new Buffers.Doubles();

    private boolean sawDeltaIds;
    private final Buffers.Ints deltaIds = new Buffers.Ints();

    private boolean parsedApart;
    private String finishReason;
    private long stopId = -1;

    TokenChannel(Wire w, Source source, String idsPath, String logprobsPath) {
        this.w = w;
        this.source = source;
        this.idsPath = idsPath;
        this.logprobsPath = logprobsPath;
    }

    /** Takes a choice of a body, or this choice's part of one stream chunk. */
    void addChoice(JsonObject choice) {
        int[] chunkIds = w.ids(choice, "token_ids", idsPath);
        if (chunkIds != null) {
            addIds(chunkIds);
        }
        addLogprobs(w.object(choice, "logprobs", logprobsPath));
        JsonObject message = w.object(choice, "message", "choices[].message");
        JsonObject delta = message != null ? null : w.object(choice, "delta", "choices[].delta");
        noteMessage(message != null ? message : delta);
        JsonValue deltaId = delta == null ? null : delta.get("token_id");
        if (deltaId != null && deltaId.getValueType() != JsonValue.ValueType.NULL) {
            // Together streams one id per chunk here
            sawDeltaIds = true;
            w.checkLimit(deltaIds.size() + 1, "choices[].delta.token_id");
            deltaIds.add(w.id(deltaId, "choices[].delta.token_id", deltaIds.size()));
        }
        String finish = w.string(choice, "finish_reason", "choices[].finish_reason");
        if (finish != null) {
            finishReason = finish;
            // vLLM's stop_reason and SGLang's matched_stop name the stop token when it was one
            for (String key : new String[] {"stop_reason", "matched_stop"}) {
                JsonValue v = choice.get(key);
                if (v instanceof JsonNumber && ((JsonNumber) v).isIntegral()) {
                    stopId = ((JsonNumber) v).longValue();
                }
            }
        }
    }

    void addIds(int[] delta) {
        sawIds = true;
        w.checkLimit(ids.size() + delta.length, idsPath);
        ids.addAll(delta);
    }

    void finishReason(String finish) {
        finishReason = finish;
    }

    void addLogprobs(JsonObject lp) {
        if (lp == null) {
            return;
        }
        JsonArray content = w.array(lp, "content", logprobsPath + ".content");
        if (content != null) {
            if (sawLegacy) {
                throw w.fail("`" + logprobsPath + "` mixes the content[] and the legacy format");
            }
            sawContent = true;
            addEntries(content);
            return;
        }
        JsonArray legacy = w.array(lp, "token_ids", logprobsPath + ".token_ids");
        JsonArray values = w.array(lp, "token_logprobs", logprobsPath + ".token_logprobs");
        if (legacy == null && values == null) {
            return;
        }
        if (sawContent) {
            throw w.fail("`" + logprobsPath + "` mixes the content[] and the legacy format");
        }
        sawLegacy = true;
        if (legacy != null) {
            sawLegacyIds = true;
            w.checkLimit(legacyIds.size() + legacy.size(), logprobsPath + ".token_ids");
            for (int i = 0; i < legacy.size(); i++) {
                legacyIds.add(entryId(legacy.get(i), logprobsPath + ".token_ids", legacyIds.size()));
            }
        }
        if (values != null) {
            sawLegacyLogprobs = true;
            w.checkLimit(legacyLogprobs.size() + values.size(), logprobsPath + ".token_logprobs");
            legacyLogprobs.addAll(w.logprobs(values, logprobsPath + ".token_logprobs"));
        }
    }

    private void addEntries(JsonArray content) {
        String path = logprobsPath + ".content";
        String logprobPath = path + "[].logprob";
        String samplingPath = path + "[].sampling_logprob";
        String idPath = path + "[].token_id";
        int n = content.size();
        w.checkLimit(entries + n, path);
        for (int j = 0; j < n; j++) {
            int at = entries + j;
            JsonObject e = w.entry(content, j, path);
            logprob.add(w.logprob(e.get("logprob"), logprobPath, at));
            JsonValue s = e.get("sampling_logprob");
            if (s == null) {
                allSampling = false;
                sampling.add(Double.NaN);
            } else {
                sampling.add(w.logprob(s, samplingPath, at));
            }
            JsonValue id = e.get("token_id");
            if (id == null) {
                entryIds.add(NO_ID_FIELD);
            } else {
                entriesWithId++;
                entryIds.add(entryId(id, idPath, at));
            }
        }
        if (n > 0) {
            // only the last entry decides EOS; reading token and bytes of every entry would double the work
            lastEntryIsSpecial = isSpecialTokenEntry(w.entry(content, n - 1, path));
        }
        entries += n;
    }

    /** An id inside logprobs: -1 is the documented "unknown" sentinel, other negatives are errors. */
    private int entryId(JsonValue v, String path, int index) {
        if (v instanceof JsonNumber && ((JsonNumber) v).isIntegral() && ((JsonNumber) v).longValue() == MISSING_ID) {
            sawMissingId = true;
            return MISSING_ID;
        }
        return w.id(v, path, index);
    }

    /**
     * A special token such as {@code <|im_end|>}: Fireworks leaves its {@code token} empty and keeps its text
     * in {@code bytes}. The first half of a split character also has an empty token, but incomplete UTF-8.
     */
    private static boolean isSpecialTokenEntry(JsonObject e) {
        JsonValue token = e.get("token");
        JsonValue bytes = e.get("bytes");
        return token instanceof JsonString && ((JsonString) token).getString().isEmpty()
                && bytes instanceof JsonArray && !((JsonArray) bytes).isEmpty()
                && completeUtf8((JsonArray) bytes);
    }

    private void noteMessage(JsonObject message) {
        if (message == null) {
            return;
        }
        JsonValue reasoning = message.get("reasoning_content");
        JsonValue tools = message.get("tool_calls");
        if (reasoning instanceof JsonString && !((JsonString) reasoning).getString().isEmpty()
                || tools instanceof JsonArray && !((JsonArray) tools).isEmpty()) {
            parsedApart = true;
        }
    }

    /** Adds the ids, logprobs and EOS status this channel yields to {@code b}. */
    ExtractedTokens assemble(ExtractedTokens.Builder b) {
        if (sawIds && (source == Source.ANY || source == Source.TOKEN_IDS)) {
            int[] a = ids.toArray();
            b.completionTokenIds(TokenIds.wrap(a), idsPath);
            boolean paired = false;
            if (sawContent) {
                paired = pairEntries(b, a);
            } else if (sawLegacyLogprobs) {
                paired = pairLegacy(b, a, idsPath);
            }
            return b.eos(eos(a, paired)).build();
        }
        if (source == Source.TOKEN_IDS) {
            return b.build();
        }
        if (entriesWithId > 0 && (source == Source.ANY || source == Source.CONTENT)) {
            if (entriesWithId < entries) {
                int j = firstWithout();
                throw w.fail("`" + logprobsPath + ".content` entry " + j + " has no token_id while others have");
            }
            if (sawMissingId) {
                return b.build(); // eval-protocol drops all ids when one is unknown, never a partial list
            }
            int[] a = entryIds.toArray();
            b.completionTokenIds(TokenIds.wrap(a), logprobsPath + ".content[].token_id");
            setEntryLogprobs(b);
            return b.eos(eos(a, true)).build();
        }
        if (source == Source.CONTENT) {
            return b.build();
        }
        if (sawLegacyIds) {
            if (sawMissingId) {
                return b.build();
            }
            int[] a = legacyIds.toArray();
            String field = logprobsPath + ".token_ids";
            b.completionTokenIds(TokenIds.wrap(a), field);
            if (sawLegacyLogprobs) {
                if (legacyLogprobs.size() != a.length) {
                    throw TokenIdExtractionException.misaligned(w.extractorId, w.choiceIndex, field, a.length,
                            logprobsPath + ".token_logprobs", legacyLogprobs.size());
                }
                b.logprobs(TokenLogprobs.wrap(legacyLogprobs.toArray()), logprobsPath + ".token_logprobs");
            }
            return b.eos(eos(a, false)).build();
        }
        if (sawDeltaIds) {
            int[] a = deltaIds.toArray();
            b.completionTokenIds(TokenIds.wrap(a), "choices[].delta.token_id");
            return b.eos(eos(a, false)).build();
        }
        return b.build();
    }

    private boolean pairEntries(ExtractedTokens.Builder b, int[] a) {
        if (entries != a.length) {
            if (parsedApart) {
                return false; // parsed logprobs may cover the visible text only: another channel
            }
            throw TokenIdExtractionException.misaligned(w.extractorId, w.choiceIndex, idsPath, a.length,
                    valuesField(), entries);
        }
        int[] entryIdArray = entryIds.toArray();
        for (int j = 0; j < a.length; j++) {
            if (entryIdArray[j] >= 0 && entryIdArray[j] != a[j]) {
                throw w.fail("`" + logprobsPath + ".content` entry " + j + " has token_id " + entryIdArray[j]
                        + " but `" + idsPath + "` has " + a[j] + " there");
            }
        }
        setEntryLogprobs(b);
        return true;
    }

    private boolean pairLegacy(ExtractedTokens.Builder b, int[] a, String field) {
        if (legacyLogprobs.size() != a.length) {
            if (parsedApart) {
                return false;
            }
            throw TokenIdExtractionException.misaligned(w.extractorId, w.choiceIndex, field, a.length,
                    logprobsPath + ".token_logprobs", legacyLogprobs.size());
        }
        if (sawLegacyIds) {
            int[] legacy = legacyIds.toArray();
            for (int j = 0; j < Math.min(legacy.length, a.length); j++) {
                if (legacy[j] >= 0 && legacy[j] != a[j]) {
                    throw w.fail("`" + logprobsPath + ".token_ids` entry " + j + " is " + legacy[j] + " but `"
                            + field + "` has " + a[j] + " there");
                }
            }
        }
        b.logprobs(TokenLogprobs.wrap(legacyLogprobs.toArray()), logprobsPath + ".token_logprobs");
        return false;
    }

    private void setEntryLogprobs(ExtractedTokens.Builder b) {
        b.logprobs(TokenLogprobs.wrap(allSampling ? sampling.toArray() : logprob.toArray()), valuesField());
    }

    /** sampling_logprob when every entry has it (what RL needs), else the raw model logprob. */
    private String valuesField() {
        return logprobsPath + ".content[]." + (allSampling && entries > 0 ? "sampling_logprob" : "logprob");
    }

    private int firstWithout() {
        int[] a = entryIds.toArray();
        for (int j = 0; j < a.length; j++) {
            if (a[j] == NO_ID_FIELD) {
                return j;
            }
        }
        return -1;
    }

    /**
     * EOS is in the ids when the choice stopped and its last logprob entry (same channel) is a special
     * token (Fireworks), or the server names the stop token and it is the last id (vLLM {@code stop_reason},
     * SGLang {@code matched_stop}), or the finish reason is {@code eos} (Together); {@code length} means no
     * EOS; anything else cannot be told from the response.
     */
    private EosStatus eos(int[] ids, boolean pairedWithEntries) {
        if (finishReason == null) {
            return EosStatus.UNKNOWN;
        }
        if (ids.length == 0 || "length".equals(finishReason)) {
            return EosStatus.ABSENT;
        }
        if ("eos".equals(finishReason)) {
            return EosStatus.PRESENT;
        }
        boolean stopped = "stop".equals(finishReason) || "tool_calls".equals(finishReason);
        boolean named = stopId >= 0 && stopId == ids[ids.length - 1];
        return stopped && (pairedWithEntries && lastEntryIsSpecial || named) ? EosStatus.PRESENT : EosStatus.UNKNOWN;
    }

    /**
     * Whether {@code bytes} (0..255 each) are complete, valid UTF-8: true for a special token's text such as
     * {@code <|im_end|>}, false for half of a split emoji. Invalid entries count as not complete.
     */
    static boolean completeUtf8(JsonArray bytes) {
        int n = bytes.size();
        int i = 0;
        while (i < n) {
            int b = byteAt(bytes, i);
            int extra;
            if (b < 0) {
                return false;
            } else if (b < 0x80) {
                extra = 0;
            } else if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
            } else {
                return false;
            }
            if (i + extra >= n) {
                return false; // truncated sequence: the rest is in the next entry
            }
            for (int k = 1; k <= extra; k++) {
                int c = byteAt(bytes, i + k);
                if (c < 0x80 || c > 0xBF) {
                    return false;
                }
            }
            int second = extra > 0 ? byteAt(bytes, i + 1) : 0;
            // overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8
            if (b == 0xE0 && second < 0xA0 || b == 0xED && second > 0x9F
                    || b == 0xF0 && second < 0x90 || b == 0xF4 && second > 0x8F) {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }

    private static int byteAt(JsonArray bytes, int i) {
        JsonValue v = bytes.get(i);
        if (!(v instanceof jakarta.json.JsonNumber) || !((jakarta.json.JsonNumber) v).isIntegral()) {
            return -1;
        }
        long b = ((jakarta.json.JsonNumber) v).longValue();
        return b < 0 || b > 255 ? -1 : (int) b;
    }
}
