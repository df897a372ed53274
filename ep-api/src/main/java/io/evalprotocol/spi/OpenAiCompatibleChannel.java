package io.evalprotocol.spi;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Objects;

/**
 * The token ids of one choice of an OpenAI-compatible chat or completions response, with the logprobs that
 * belong to them and whether the ids end with the EOS token: the conventions that vLLM, Fireworks, SGLang,
 * Together and other OpenAI-compatible servers share, for extractors of such servers. Fed from a body in one
 * go ({@link #addChoice} with {@code choices[i]}) or from a stream chunk by chunk (this choice's part of every
 * chunk, in order), then {@link #assemble}d once.
 *
 * <p>Id fields, in the order {@link Source#ANY} takes them (the first one present is the source):
 * <ol>
 *   <li>{@code choices[i].token_ids} ({@code return_token_ids}): every generated id;</li>
 *   <li>{@code logprobs.content[].token_id}: an id on every logprob entry; an entry without one while others
 *       have one is an error; a {@code -1} ({@link LogprobColumns#MISSING_TOKEN_ID}) drops all ids, as
 *       eval-protocol does, never a partial list;</li>
 *   <li>legacy (completions) {@code logprobs.token_ids[]} ({@code -1} drops all ids too), then a streamed
 *       {@code delta.token_id} (one id per chunk).</li>
 * </ol>
 *
 * <p>Logprobs: from {@code logprobs.content[]} ({@code sampling_logprob} when every entry has one, which is
 * what RL needs, else {@code logprob}) or legacy {@code logprobs.token_logprobs}; a response mixing both
 * formats is an error. They are reported only when they belong to the id source's channel:
 * <ul>
 *   <li>with {@code token_ids}: entries of equal count pair, and every entry's {@code token_id} (when it has
 *       one, and not {@code -1}) must equal the id at its index; a different count is an error
 *       ({@link TokenIdExtractionException#misaligned}), except when the server parsed reasoning
 *       ({@code reasoning_content}) or tool calls out of the message, where the logprobs may cover only the
 *       visible text: then no logprobs are reported;</li>
 *   <li>with {@code content[].token_id}: the same entries, aligned by construction;</li>
 *   <li>with legacy ids: {@code token_logprobs}, which must have as many values;</li>
 *   <li>with {@code delta.token_id}: none.</li>
 * </ul>
 *
 * <p>EOS ({@link EosStatus}): {@code UNKNOWN} without a finish reason; {@code ABSENT} for no ids or finish
 * reason {@code length}; {@code PRESENT} for finish reason {@code eos} (Together), or for {@code stop} /
 * {@code tool_calls} when the last logprob entry of the same channel is a special token (an empty
 * {@code token} whose {@code bytes} are complete UTF-8, as Fireworks writes {@code <|im_end|>}) or the server
 * names the stop token and it is the last id (vLLM's {@code stop_reason}, SGLang's {@code matched_stop});
 * otherwise {@code UNKNOWN}.
 *
 * <p>All values are checked as {@link ChoiceReader} checks them, with the same messages; {@code idsPath} and
 * {@code logprobsPath} name the fields in messages and in {@link ExtractedTokens}' source fields. Not
 * thread-safe: one instance per choice per response, used by one thread.
 */
public final class OpenAiCompatibleChannel {
    /** Which id fields may be the source. */
    public enum Source {
        /** {@code token_ids}, then {@code content[].token_id}, then legacy ids, then {@code delta.token_id}. */
        ANY,
        /** Only {@code choices[].token_ids}. */
        TOKEN_IDS,
        /** Only {@code logprobs.content[].token_id}. */
        CONTENT,
        /** Only legacy {@code logprobs.token_ids[]} (and, in streams, {@code delta.token_id}). */
        LEGACY
    }

    private final ChoiceReader r;
    private final Source source;
    private final String idsPath;
    private final String logprobsPath;
    /** Every {@code logprobs.content[]} entry so far, appended chunk after chunk. */
    private final LogprobColumns entries;

    private final Growable.Ints ids = new Growable.Ints();
    private boolean sawIds;

    private boolean sawContent;
    /**
     * The latest {@code logprobs} object whose {@code content} added entries, and how many it added: its last one
     * is the last entry, which decides EOS. Looked at once, in {@link #assemble}: reading the token and bytes of
     * every chunk's last entry would cost a streamed response more than reading the entries themselves.
     */
    private JsonObject lastEntries;
    /**
     * The last entry itself when it came from {@link #addLogprobs}: a view made from the positions the columns
     * recorded, without looking the {@code content} array up again (for a body, a lookup indexes the whole
     * array: a second pass over every entry).
     */
    private JsonObject lastEntry;

    private boolean sawLegacy;
    private boolean sawLegacyIds;
    private boolean sawLegacyLogprobs;
    private boolean sawMissingLegacyId;
    private final Growable.Ints legacyIds = new Growable.Ints();
    private final Growable.Doubles legacyLogprobs = new Growable.Doubles();

    private boolean sawDeltaIds;
    private final Growable.Ints deltaIds = new Growable.Ints();

    private boolean parsedApart;
    private String finishReason;
    private long stopId = -1;

    private OpenAiCompatibleChannel(ChoiceReader reader, Source source, String idsPath, String logprobsPath) {
        this.r = Objects.requireNonNull(reader, "reader");
        this.source = Objects.requireNonNull(source, "source");
        this.idsPath = Objects.requireNonNull(idsPath, "idsPath");
        this.logprobsPath = Objects.requireNonNull(logprobsPath, "logprobsPath");
        this.entries = new LogprobColumns(LogprobColumns.Spec.of(logprobsPath + ".content").withTokenIdsOrMissing()
                .withSamplingLogprobs(), 64);
    }

    /**
     * A channel reading with {@code reader}; {@code idsPath} (e.g. {@code choices[].token_ids}) and
     * {@code logprobsPath} (e.g. {@code choices[].logprobs}) are how messages and results name the fields.
     */
    public static OpenAiCompatibleChannel of(ChoiceReader reader, Source source, String idsPath, String logprobsPath) {
        return new OpenAiCompatibleChannel(reader, source, idsPath, logprobsPath);
    }

    /**
     * Takes a choice of a body, or this choice's part of one stream chunk: its {@code token_ids},
     * {@code logprobs}, {@code message} or {@code delta} (reasoning or tool calls parsed out;
     * {@code delta.token_id}), {@code finish_reason} and the stop token it names ({@code stop_reason},
     * {@code matched_stop}).
     */
    public void addChoice(JsonObject choice) {
        int[] chunkIds = r.ids(choice, "token_ids", idsPath);
        if (chunkIds != null) {
            addIds(chunkIds);
        }
        addLogprobs(r.object(choice, "logprobs", logprobsPath));
        JsonObject message = r.object(choice, "message", "choices[].message");
        JsonObject delta = message != null ? null : r.object(choice, "delta", "choices[].delta");
        noteMessage(message != null ? message : delta);
        JsonValue deltaId = delta == null ? null : delta.get("token_id");
        if (deltaId != null && deltaId.getValueType() != JsonValue.ValueType.NULL) {
            // Together streams one id per chunk here
            sawDeltaIds = true;
            r.checkLimit(deltaIds.size() + 1, "choices[].delta.token_id");
            deltaIds.add(r.id(deltaId, "choices[].delta.token_id", deltaIds.size()));
        }
        String finish = r.string(choice, "finish_reason", "choices[].finish_reason");
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

    /**
     * Takes this choice's part of a plain stream chunk, with the same effect as {@link #addChoice} with the chunk's
     * choice as JSON-P: {@code token_ids}, {@code logprobs.content[]} and {@code finish_reason} (a plain chunk has
     * nothing else this channel reads). The caller checks that the chunk's choice is this one.
     */
    public void addPlain(PlainChunk chunk) {
        int[] chunkIds = chunk.tokenIds();
        if (chunkIds != null) {
            r.checkLimit(chunkIds.length, idsPath); // as ChoiceReader.ids does for the array alone
            addIds(chunkIds);
        }
        if (chunk.hasLogprobs()) {
            if (sawLegacy) {
                throw mixed();
            }
            int before = entries.size;
            appendPlain(chunk, before);
            sawContent = true;
            if (entries.size > before) {
                // the special-token check wants the entry as JSON-P, which only an empty token can need
                lastEntries = chunk.tokenIsEmpty(chunk.entryCount() - 1) ? plainLogprobs(chunk) : null;
                lastEntry = null;
            }
        }
        String finish = chunk.finishReason();
        if (finish != null) {
            finishReason = finish; // stop_reason and matched_stop are null in a plain chunk
        }
    }

    /** The entries of a plain chunk, appended as {@link LogprobColumns#appendJsonP} appends them. */
    private void appendPlain(PlainChunk chunk, int offset) {
        LogprobColumns.Spec spec = entries.spec();
        int n = chunk.entryCount();
        r.checkLimit(offset + n, spec.path());
        entries.reserve(n);
        for (int e = 0; e < n; e++) {
            int j = entries.size++;
            entries.flags[j] = 0;
            entries.logprob[j] = chunk.logprob(e);
            if (chunk.hasSamplingLogprob(e)) {
                entries.setSampling(j, chunk.samplingLogprob(e));
            } else {
                entries.sampling[j] = Double.NaN;
            }
            if (chunk.hasTokenId(e)) {
                entries.setTokenId(j, chunk.tokenId(e)); // the spec allows MISSING_TOKEN_ID
            }
        }
    }

    private static JsonObject plainLogprobs(PlainChunk chunk) {
        return chunk.json().getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs");
    }

    /** Adds ids of the {@code token_ids} kind read from elsewhere (e.g. Fireworks' {@code raw_output}). */
    public void addIds(int[] more) {
        sawIds = true;
        r.checkLimit(ids.size() + more.length, idsPath);
        ids.addAll(more);
    }

    /** Sets the finish reason, for callers that feed ids and logprobs with {@link #addIds} and {@link #addLogprobs}. */
    public void finishReason(String finish) {
        finishReason = finish;
    }

    /** Takes a {@code logprobs} object (null: nothing), in the {@code content[]} or the legacy format. */
    public void addLogprobs(JsonObject lp) {
        if (lp == null) {
            return;
        }
        if (sawLegacy) {
            if (r.array(lp, "content", entries.spec().path()) != null) {
                throw mixed();
            }
        } else {
            int before = entries.size;
            if (r.appendContent(lp, before, entries)) {
                sawContent = true;
                if (entries.size > before) {
                    lastEntry = entries.entry(entries.size - 1);
                    lastEntries = null;
                }
                return;
            }
        }
        JsonArray legacy = r.array(lp, "token_ids", logprobsPath + ".token_ids");
        JsonArray values = r.array(lp, "token_logprobs", logprobsPath + ".token_logprobs");
        if (legacy == null && values == null) {
            return;
        }
        if (sawContent) {
            throw mixed();
        }
        sawLegacy = true;
        if (legacy != null) {
            sawLegacyIds = true;
            r.checkLimit(legacyIds.size() + legacy.size(), logprobsPath + ".token_ids");
            for (int i = 0; i < legacy.size(); i++) {
                int id = r.idOrMissing(legacy.get(i), logprobsPath + ".token_ids", legacyIds.size());
                sawMissingLegacyId |= id == LogprobColumns.MISSING_TOKEN_ID;
                legacyIds.add(id);
            }
        }
        if (values != null) {
            sawLegacyLogprobs = true;
            r.checkLimit(legacyLogprobs.size() + values.size(), logprobsPath + ".token_logprobs");
            legacyLogprobs.addAll(r.logprobs(values, logprobsPath + ".token_logprobs"));
        }
    }

    private TokenIdExtractionException mixed() {
        return r.fail("`" + logprobsPath + "` mixes the content[] and the legacy format");
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

    /** Whether the last {@code content[]} entry is a special token; its chunk's array was read without errors. */
    private boolean lastEntryIsSpecial() {
        if (lastEntry != null) {
            return isSpecialTokenEntry(lastEntry);
        }
        if (lastEntries == null) {
            return false;
        }
        JsonArray content = lastEntries.getJsonArray("content");
        return isSpecialTokenEntry(content.getJsonObject(content.size() - 1));
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

    /**
     * Adds the ids, logprobs and EOS status of this channel to {@code b} and builds the result. Call it once,
     * after the last chunk.
     *
     * @throws TokenIdExtractionException when ids and logprobs of the same channel disagree
     */
    public ExtractedTokens assemble(ExtractedTokens.Builder b) {
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
        if (entries.tokenIdCount > 0 && (source == Source.ANY || source == Source.CONTENT)) {
            if (entries.tokenIdCount < entries.size) {
                throw r.fail("`" + logprobsPath + ".content` entry " + entries.firstWithoutTokenId()
                        + " has no token_id while others have");
            }
            if (entries.missingCount > 0) {
                return b.build(); // eval-protocol drops all ids when one is unknown, never a partial list
            }
            int[] a = Arrays.copyOf(entries.tokenId, entries.size);
            b.completionTokenIds(TokenIds.wrap(a), logprobsPath + ".content[].token_id");
            setEntryLogprobs(b);
            return b.eos(eos(a, true)).build();
        }
        if (source == Source.CONTENT) {
            return b.build();
        }
        if (sawLegacyIds) {
            if (sawMissingLegacyId) {
                return b.build();
            }
            int[] a = legacyIds.toArray();
            String field = logprobsPath + ".token_ids";
            b.completionTokenIds(TokenIds.wrap(a), field);
            if (sawLegacyLogprobs) {
                if (legacyLogprobs.size() != a.length) {
                    throw TokenIdExtractionException.misaligned(r.extractorId(), r.choiceIndex(), field, a.length,
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
        int n = entries.size;
        if (n != a.length) {
            if (parsedApart) {
                return false; // parsed logprobs may cover the visible text only: another channel
            }
            throw TokenIdExtractionException.misaligned(r.extractorId(), r.choiceIndex(), idsPath, a.length,
                    valuesField(), n);
        }
        for (int j = 0; j < n; j++) {
            int id = entries.tokenId == null || (entries.flags[j] & LogprobColumns.HAS_TOKEN_ID) == 0 ? -1
                    : entries.tokenId[j];
            if (id >= 0 && id != a[j]) {
                throw r.fail("`" + logprobsPath + ".content` entry " + j + " has token_id " + id
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
            throw TokenIdExtractionException.misaligned(r.extractorId(), r.choiceIndex(), field, a.length,
                    logprobsPath + ".token_logprobs", legacyLogprobs.size());
        }
        if (sawLegacyIds) {
            int[] legacy = legacyIds.toArray();
            for (int j = 0; j < Math.min(legacy.length, a.length); j++) {
                if (legacy[j] >= 0 && legacy[j] != a[j]) {
                    throw r.fail("`" + logprobsPath + ".token_ids` entry " + j + " is " + legacy[j] + " but `"
                            + field + "` has " + a[j] + " there");
                }
            }
        }
        b.logprobs(TokenLogprobs.wrap(legacyLogprobs.toArray()), logprobsPath + ".token_logprobs");
        return false;
    }

    private void setEntryLogprobs(ExtractedTokens.Builder b) {
        double[] values = allSampling() ? entries.sampling : entries.logprob;
        b.logprobs(TokenLogprobs.wrap(Arrays.copyOf(values, entries.size)), valuesField());
    }

    /** Whether every entry has sampling_logprob (what RL needs); else the raw model logprob counts. */
    private boolean allSampling() {
        return entries.samplingCount == entries.size;
    }

    private String valuesField() {
        return logprobsPath + ".content[]." + (allSampling() && entries.size > 0 ? "sampling_logprob" : "logprob");
    }

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
        return stopped && (pairedWithEntries && lastEntryIsSpecial() || named) ? EosStatus.PRESENT : EosStatus.UNKNOWN;
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
        if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
            return -1;
        }
        long b = ((JsonNumber) v).longValue();
        return b < 0 || b > 255 ? -1 : (int) b;
    }
}
