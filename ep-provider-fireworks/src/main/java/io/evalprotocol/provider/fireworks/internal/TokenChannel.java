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
 * One id channel of one Fireworks choice, fed from a body in one go or from a stream chunk by chunk:
 * {@code token_ids}, the {@code logprobs} entries (new {@code content[]} or legacy format) and what the
 * message and finish reason say. {@link #assemble} then picks the id source in Fireworks' order
 * ({@code token_ids}, then {@code content[].token_id}, then legacy {@code token_ids[]}) and pairs logprobs
 * only when they belong to the same channel.
 *
 * <p>Pairing rule for {@code token_ids} with {@code logprobs.content}: equal lengths pair (and every entry's
 * {@code token_id} must then equal the id at its index); different lengths are an error, except when the
 * server parsed reasoning or tool calls out of the message, where the parsed logprobs may cover only the
 * visible text (a different channel): then no flat logprobs are reported.
 */
final class TokenChannel {
    /** Fireworks' LP/v1 traces write -1 for an id they do not know (eval-protocol's MISSING_TOKEN_ID). */
    static final int MISSING_ID = -1;
    private static final int NO_ID_FIELD = -2;

    private final Wire w;
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

    private boolean parsedApart;
    private String finishReason;

    TokenChannel(Wire w, String idsPath, String logprobsPath) {
        this.w = w;
        this.idsPath = idsPath;
        this.logprobsPath = logprobsPath;
    }

    /** Takes a choice of a body, or this choice's part of one stream chunk. */
    void addChoice(JsonObject choice) {
        int[] delta = w.ids(choice, "token_ids", idsPath);
        if (delta != null) {
            addIds(delta);
        }
        addLogprobs(w.object(choice, "logprobs", logprobsPath));
        JsonObject message = w.object(choice, "message", "choices[].message");
        noteMessage(message != null ? message : w.object(choice, "delta", "choices[].delta"));
        String finish = w.string(choice, "finish_reason", "choices[].finish_reason");
        if (finish != null) {
            finishReason = finish;
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
        w.checkLimit(entries + content.size(), path);
        for (int j = 0; j < content.size(); j++) {
            int at = entries + j;
            JsonObject e = w.entry(content, j, path);
            logprob.add(w.logprob(e.get("logprob"), path + "[].logprob", at));
            JsonValue s = e.get("sampling_logprob");
            if (s == null) {
                allSampling = false;
                sampling.add(Double.NaN);
            } else {
                sampling.add(w.logprob(s, path + "[].sampling_logprob", at));
            }
            JsonValue id = e.get("token_id");
            if (id == null) {
                entryIds.add(NO_ID_FIELD);
            } else {
                entriesWithId++;
                entryIds.add(entryId(id, path + "[].token_id", at));
            }
            lastEntryIsSpecial = isSpecialTokenEntry(e);
        }
        entries += content.size();
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
                && FireworksShapes.completeUtf8((JsonArray) bytes);
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
        if (sawIds) {
            int[] a = ids.toArray();
            b.completionTokenIds(TokenIds.wrap(a), idsPath);
            boolean paired = false;
            if (sawContent) {
                paired = pairEntries(b, a);
            } else if (sawLegacyLogprobs) {
                paired = pairLegacy(b, a, idsPath);
            }
            return b.eos(eos(a.length, paired)).build();
        }
        if (entriesWithId > 0) {
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
            return b.eos(eos(a.length, true)).build();
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
            return b.eos(eos(a.length, false)).build();
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
     * token; {@code length} means no EOS; anything else cannot be told from Fireworks' response.
     */
    private EosStatus eos(int count, boolean pairedWithEntries) {
        if (finishReason == null) {
            return EosStatus.UNKNOWN;
        }
        if (count == 0 || "length".equals(finishReason)) {
            return EosStatus.ABSENT;
        }
        boolean stopped = "stop".equals(finishReason) || "tool_calls".equals(finishReason);
        return stopped && pairedWithEntries && lastEntryIsSpecial ? EosStatus.PRESENT : EosStatus.UNKNOWN;
    }
}
