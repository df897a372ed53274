package io.evalprotocol.provider.openai.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.provider.openai.OpenAiExtractors;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.ShapeProbes;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.Locale;

/**
 * OpenAI's own models never return token ids, but every {@code logprobs.content[]} entry carries
 * {@code bytes}: the exact bytes of that vocabulary token. This extractor looks each entry's bytes up in the
 * model's tiktoken vocabulary (o200k_base for gpt-4o/4.1/4.5/5 and o-series, cl100k_base for gpt-4 and
 * gpt-3.5). The text is never re-tokenized.
 *
 * <p>{@link Fidelity#RECONSTRUCTED}: off unless the user opts in. An entry with {@code bytes: null} (a special
 * token) or whose bytes are not exactly one vocabulary token fails the choice, naming the entry; partial ids
 * are never returned. OpenAI strips the EOS token, so the ids never end with it. Chat completions only
 * ({@code content} or, for a refusal, {@code refusal}); the legacy completions shape has no bytes.
 *
 * <p>Claims, when its model maps to a vocabulary: before the first response, with the {@code openai} hint or
 * OpenAI's API host; on a response, unless another provider is hinted or the response carries real ids.
 */
@AutoService(TokenIdExtractor.class)
public final class TiktokenReconstructingExtractor implements TokenIdExtractor {
    static final String CONTENT = "choices[].logprobs.content";
    static final String REFUSAL = "choices[].logprobs.refusal";

    public TiktokenReconstructingExtractor() {}

    @Override
    public String id() {
        return OpenAiExtractors.TIKTOKEN_RECONSTRUCTED;
    }

    @Override
    public int priority() {
        return OpenAiExtractors.TIKTOKEN_RECONSTRUCTED_PRIORITY;
    }

    @Override
    public Fidelity fidelity() {
        return Fidelity.RECONSTRUCTED;
    }

    @Override
    public boolean supports(ProviderShape shape) {
        boolean hinted = shape.hintIs(OpenAiExtractors.PROVIDER);
        if (shape.providerHint().isPresent() && !hinted) {
            return false;
        }
        JsonObject response = shape.firstResponse().orElse(null);
        if (response == null) {
            return (hinted || openAiHost(shape)) && Vocabulary.forModel(shape.model()) != null;
        }
        if (Vocabulary.forModel(modelOf(response, shape)) == null || ShapeProbes.choices(response) == null) {
            return false;
        }
        JsonValue object = response.get("object");
        if (object instanceof JsonString && ((JsonString) object).getString().startsWith("text_completion")) {
            return false;
        }
        return !GenericReader.hasChoiceTokenIds(response) && !GenericReader.hasContentTokenId(response)
                && !GenericReader.hasLegacyTokenIds(response);
    }

    private static boolean openAiHost(ProviderShape shape) {
        URI uri = shape.baseUri().orElse(null);
        String host = uri == null ? null : uri.getHost();
        return host != null && host.toLowerCase(Locale.ROOT).equals("api.openai.com");
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent("logprobs", JsonValue.TRUE);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        ChoiceReader w = ChoiceReader.of(id(), choiceIndex, context);
        JsonObject choice = w.choice(response);
        Reconstruction r = new Reconstruction(w, vocabulary(w, modelOf(response, context.shape())));
        r.add(choice);
        return r.finish();
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        ChoiceReader w = ChoiceReader.of(id(), choiceIndex, context);
        return new TokenIdAccumulator() {
            private Reconstruction r;

            @Override
            public void accept(JsonObject chunk) {
                JsonObject choice = w.chunkChoice(chunk);
                if (choice == null) {
                    return;
                }
                if (r == null) {
                    r = new Reconstruction(w, vocabulary(w, modelOf(chunk, context.shape())));
                }
                r.add(choice);
            }

            @Override
            public ExtractedTokens finish() {
                return r == null ? ExtractedTokens.none(id()) : r.finish();
            }
        };
    }

    /** The response's model (what actually answered), else the requested one. */
    private static String modelOf(JsonObject response, ProviderShape shape) {
        JsonValue m = response.get("model");
        return m instanceof JsonString ? ((JsonString) m).getString() : shape.model();
    }

    private static Vocabulary vocabulary(ChoiceReader w, String model) {
        Vocabulary v = Vocabulary.forModel(model);
        if (v == null) {
            throw w.fail("model '" + model + "' has no tiktoken vocabulary this extractor knows (o200k_base, "
                    + "cl100k_base); its ids cannot be reconstructed");
        }
        return v;
    }

    /** The entries of one choice, looked up one by one as they arrive. */
    private static final class Reconstruction {
        private final ChoiceReader w;
        private final Vocabulary vocabulary;
        private final Buffers.Ints ids = new Buffers.Ints();
        private final Buffers.Doubles logprobs = new Buffers.Doubles();
        private String channel;
        private byte[] scratch = new byte[64];

        Reconstruction(ChoiceReader w, Vocabulary vocabulary) {
            this.w = w;
            this.vocabulary = vocabulary;
        }

        void add(JsonObject choice) {
            JsonObject lp = w.object(choice, "logprobs", "choices[].logprobs");
            if (lp == null) {
                return;
            }
            JsonArray content = w.array(lp, "content", CONTENT);
            JsonArray refusal = w.array(lp, "refusal", REFUSAL);
            // a tool call gives null or []; a refusal fills `refusal` instead of `content`
            JsonArray entries = content != null && !content.isEmpty() ? content
                    : refusal != null && !refusal.isEmpty() ? refusal : null;
            if (entries == null) {
                return;
            }
            String path = entries == content ? CONTENT : REFUSAL;
            if (channel != null && !channel.equals(path)) {
                throw w.fail("the choice mixes " + channel + " and " + path);
            }
            channel = path;
            w.checkLimit(ids.size() + entries.size(), path);
            Vocabulary.ByteRanks ranks = vocabulary.ranks();
            for (int j = 0; j < entries.size(); j++) {
                int at = ids.size();
                JsonObject e = w.entry(entries, j, path);
                int length = bytes(e.get("bytes"), path, at);
                int rank = ranks.rank(scratch, length);
                if (rank < 0) {
                    throw w.fail("`" + path + "` entry " + at + ": its bytes are not one token of "
                            + ranks.name() + " (is the model right?)");
                }
                ids.add(rank);
                logprobs.add(w.logprob(e.get("logprob"), path + "[].logprob", at));
            }
        }

        /** Copies an entry's {@code bytes} into {@link #scratch}; returns the length. */
        private int bytes(JsonValue v, String path, int at) {
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
                throw w.fail("`" + path + "` entry " + at + " has bytes: null (a special token); its id cannot be "
                        + "reconstructed, and partial ids are never returned");
            }
            if (!(v instanceof JsonArray)) {
                throw w.fail("`" + path + "` entry " + at + " bytes is " + ChoiceReader.kind(v) + ", expected an array");
            }
            JsonArray a = (JsonArray) v;
            if (a.size() > scratch.length) {
                scratch = new byte[Math.max(a.size(), scratch.length * 2)];
            }
            for (int i = 0; i < a.size(); i++) {
                JsonValue b = a.get(i);
                long x = b instanceof JsonNumber && ((JsonNumber) b).isIntegral() ? ((JsonNumber) b).longValue() : -1;
                if (x < 0 || x > 255) {
                    throw w.fail("`" + path + "` entry " + at + " bytes[" + i + "] is not a byte (0..255)");
                }
                scratch[i] = (byte) x;
            }
            return a.size();
        }

        ExtractedTokens finish() {
            ExtractedTokens.Builder b = ExtractedTokens.builder(w.extractorId());
            if (channel == null) {
                return b.build();
            }
            String idsField = channel + "[].bytes";
            return b.completionTokenIds(TokenIds.wrap(ids.toArray()), idsField)
                    .logprobs(TokenLogprobs.wrap(logprobs.toArray()), channel + "[].logprob")
                    .eos(EosStatus.ABSENT)
                    .build();
        }
    }
}
