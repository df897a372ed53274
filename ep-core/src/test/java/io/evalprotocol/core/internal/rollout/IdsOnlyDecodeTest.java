package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.ExecutionMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.JsonlRowReader;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.Fixtures;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TokenTrace#IDS_ONLY} against the default path, on the same bodies: the row is the full path's row minus
 * the provider payload, the token ids are identical, the flat logprobs are exactly what the pinned extractor
 * returned, bad bodies fail with the same error, and the JSON written reads back.
 */
class IdsOnlyDecodeTest {
    private static final Path SHARED = Fixtures.findUp("shared/fixtures");
    private static final int LIMIT = 20_000_000;
    private static final TokenIdExtractorRegistry LOADED = TokenIdExtractorRegistry.load();
    private static final EvaluationRow INPUT = EvaluationRow.of(List.of(Message.user("hi")));

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(SHARED)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sse") || (n.endsWith(".json") && !n.startsWith("eval-protocol-row")))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void idsOnlyRowIsTheFullRowMinusThePayloadOnEveryFixture(String fixture) throws IOException {
        byte[] body = Files.readAllBytes(SHARED.resolve(fixture));
        String hint = fixture.substring(0, fixture.indexOf('-'));
        boolean stream = fixture.endsWith(".sse");
        int compared = 0;
        for (String provider : new String[] {hint, null}) {
            compared += compare(provider, body, stream, fixture) ? 1 : 0;
        }
        if (fixture.startsWith("vllm-chat") || fixture.startsWith("fireworks-chat")) {
            assertThat(compared).as("decoded with token ids").isPositive();
        }
    }

    @Test
    void idsOnlyRowOnTheRealFireworksCapture() throws IOException {
        String line = Files.readAllLines(SHARED.resolve("real/fireworks-qwen3-8b-row.jsonl")).get(0);
        EvaluationRow row = EvalProtocolJson.readRow(line);
        Message assistant = row.messages().get(row.messages().size() - 1);
        JsonObjectBuilder message = Json.createObjectBuilder().add("role", "assistant")
                .add("content", assistant.text());
        JsonObject choice = Json.createObjectBuilder().add("index", 0).add("message", message)
                .add("logprobs", assistant.logprobs().orElseThrow()).add("finish_reason", "stop").build();
        String body = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"accounts/fireworks/models/qwen3-8b\","
                + "\"choices\":[" + EvalProtocolJson.writeValue(choice) + "]}";

        assertThat(compare("fireworks", body.getBytes(StandardCharsets.UTF_8), false, "real capture")).isTrue();
    }

    @Test
    void idsOnlyRowsOnGeneratedFireworksBodies() {
        Random r = new Random(23);
        int withIds = 0;
        for (int n = 0; n < 150; n++) {
            String body = GeneratedBodies.fireworks(r);
            if (compare("fireworks", body.getBytes(StandardCharsets.UTF_8), false, body)) {
                withIds++;
            }
        }
        assertThat(withIds).isGreaterThan(100);
    }

    @Test
    void badBodiesFailWithTheSameErrorInBothModes() {
        String good = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-0.5,\"token_id\":7}]},"
                + "\"token_ids\":[7],\"finish_reason\":\"stop\"}]}";
        List<String> bad = List.of(
                good.substring(0, good.length() - 3),
                good.replace("-0.5", "-0.5.1"),
                good.replace("\"token\":\"a\"", "\"token\":\"a\u0001\"").replace("\u0001", "\\x"),
                good + "x",
                good.replace("\"token_ids\":[7]", "\"token_ids\":[7,8]"),
                good.replace("\"token_id\":7", "\"token_id\":8"),
                good.replace("\"choices\":[{", "\"choices\":[1,{"),
                "[1,2]",
                "");
        for (String b : bad) {
            byte[] body = b.getBytes(StandardCharsets.UTF_8);
            Throwable full = catchThrowable(() -> decoder("fireworks", TokenTrace.FULL, null).decodeBody(INPUT, body));
            Throwable ids = catchThrowable(() -> decoder("fireworks", TokenTrace.IDS_ONLY, null).decodeBody(INPUT, body));
            assertThat(full).as(b).isNotNull();
            assertThat(ids).as(b).isNotNull().isInstanceOf(full.getClass()).hasMessage(full.getMessage());
        }
    }

    @Test
    void aStringPastTheLengthLimitFailsInBothModes() {
        String body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"" + "x".repeat(100_000) + "\",\"logprob\":-0.5,\"token_id\":7}]},"
                + "\"finish_reason\":\"stop\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        EngineConfig full = config("fireworks", TokenTrace.FULL, LOADED, 1000);
        EngineConfig ids = config("fireworks", TokenTrace.IDS_ONLY, LOADED, 1000);

        Throwable a = catchThrowable(() -> new ResponseDecoder(full).decodeBody(INPUT, bytes));
        Throwable b = catchThrowable(() -> new ResponseDecoder(ids).decodeBody(INPUT, bytes));

        assertThat(a).hasMessageContaining("maxJsonStringLength=1000");
        assertThat(b).isInstanceOf(a.getClass()).hasMessage(a.getMessage());
    }

    /**
     * Decodes {@code body} both ways and checks the ids-only row; false when the full path found no token ids (the
     * rows must then be equal but for the payload as well).
     */
    private static boolean compare(String provider, byte[] body, boolean stream, String what) {
        Recorder recorder = new Recorder();
        EvaluationRow full;
        try {
            full = decode(decoder(provider, TokenTrace.FULL, null), body, stream);
        } catch (RuntimeException e) {
            Throwable ids = catchThrowable(() -> decode(decoder(provider, TokenTrace.IDS_ONLY, null), body, stream));
            assertThat(ids).as(what).isNotNull().isInstanceOf(e.getClass()).hasMessage(e.getMessage());
            return false;
        }
        EvaluationRow ids = decode(decoder(provider, TokenTrace.IDS_ONLY, recorder), body, stream);

        assertThat(normalized(ids)).as(what).isEqualTo(normalized(full));
        assertThat(ids.executionMetadata().rawOutput()).as(what).isEmpty();
        Message fullMessage = last(full);
        Message idsMessage = last(ids);
        assertThat(idsMessage.tokenIds()).as(what).isEqualTo(fullMessage.tokenIds());
        ExtractedTokens extracted = recorder.tokens.get(0);
        TokenLogprobs expected = extracted == null ? null : extracted.logprobs().orElse(null);
        assertThat(idsMessage.flatLogprobs().orElse(null)).as(what).isEqualTo(expected);
        if (expected == null) {
            assertThat(idsMessage.logprobs()).as(what).isEmpty();
        } else {
            assertThat(idsMessage.logprobs().orElseThrow()).as(what).isInstanceOf(JsonArray.class);
        }
        checkOtherChoices(full, ids, recorder, what);
        checkWrittenRowReadsBack(ids, what);
        return idsMessage.tokenIds().isPresent();
    }

    private static void checkOtherChoices(EvaluationRow full, EvaluationRow ids, Recorder recorder, String what) {
        JsonValue fullChoices = full.executionMetadata().extra().map(e -> e.get(RowAssembler.CHOICES)).orElse(null);
        JsonValue idsChoices = ids.executionMetadata().extra().map(e -> e.get(RowAssembler.CHOICES)).orElse(null);
        if (fullChoices == null) {
            assertThat(idsChoices).as(what).isNull();
            return;
        }
        JsonArray a = fullChoices.asJsonArray();
        JsonArray b = idsChoices.asJsonArray();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            JsonObject fa = a.getJsonObject(i);
            JsonObject fb = b.getJsonObject(i);
            Message ma = EvalProtocolJson.readMessage(fa.getJsonObject("message").toString());
            Message mb = EvalProtocolJson.readMessage(fb.getJsonObject("message").toString());
            assertThat(mb.tokenIds()).isEqualTo(ma.tokenIds());
            ExtractedTokens t = recorder.tokens.get(fa.getInt("index"));
            TokenLogprobs expected = t == null ? null : t.logprobs().orElse(null);
            if (expected != null && expected.stream().anyMatch(Double::isNaN)) {
                // read back from JSON, a list with nulls is no longer a flat number list: compare element-wise
                JsonArray lp = fb.getJsonObject("message").getJsonArray("logprobs");
                assertThat(lp).hasSize(expected.size());
                for (int k = 0; k < expected.size(); k++) {
                    assertThat(expected.isMissing(k) ? lp.isNull(k) : lp.getJsonNumber(k).doubleValue() == expected.get(k))
                            .as(what).isTrue();
                }
            } else {
                assertThat(mb.flatLogprobs().orElse(null)).as(what).isEqualTo(expected);
            }
            assertThat(mb.toBuilder().logprobs(null).build()).isEqualTo(ma.toBuilder().logprobs(null).build());
        }
    }

    private static void checkWrittenRowReadsBack(EvaluationRow ids, String what) {
        String json = EvalProtocolJson.writeRow(ids);
        List<EvaluationRow> back = new ArrayList<>();
        try (JsonlRowReader r = JsonlRowReader.of(new ByteArrayInputStream((json + "\n").getBytes(StandardCharsets.UTF_8)))) {
            r.forEach(back::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Message written = last(ids);
        Message read = last(back.get(0));
        assertThat(read.tokenIds()).as(what).isEqualTo(written.tokenIds());
        boolean missing = written.flatLogprobs().map(v -> v.stream().anyMatch(Double::isNaN)).orElse(false);
        if (!missing) {
            assertThat(read.flatLogprobs()).as(what).isEqualTo(written.flatLogprobs());
            assertThat(read).as(what).isEqualTo(written);
        }
        assertThat(EvalProtocolJson.writeRow(back.get(0))).as(what).isEqualTo(json);
        // the token-native shape Python eval-protocol checks: a flat list as long as token_ids
        JsonObject parsed = Json.createReader(new StringReader(json)).readObject();
        JsonArray messages = parsed.getJsonArray("messages");
        JsonObject m = messages.getJsonObject(messages.size() - 1);
        if (m.containsKey("logprobs")) {
            assertThat(m.get("logprobs").getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
            assertThat(m.getJsonArray("logprobs")).hasSameSizeAs(m.getJsonArray("token_ids"));
        }
    }

    /** The row with the rollout's random and timing fields cleared and no logprobs on any message. */
    private static EvaluationRow normalized(EvaluationRow row) {
        List<Message> messages = new ArrayList<>();
        for (Message m : row.messages()) {
            messages.add(m.toBuilder().logprobs(null).build());
        }
        ExecutionMetadata.Builder em = row.executionMetadata().toBuilder().rolloutId(null).rolloutDurationSeconds(null)
                .rawOutput(null);
        row.executionMetadata().extra().ifPresent(extra -> {
            JsonObjectBuilder b = Json.createObjectBuilder(extra);
            b.remove(RowAssembler.CHOICES);
            em.extra(b.build());
        });
        return row.toBuilder().messages(messages).executionMetadata(em.build()).createdAt(null).build();
    }

    private static Message last(EvaluationRow row) {
        return row.messages().get(row.messages().size() - 1);
    }

    private static EvaluationRow decode(ResponseDecoder d, byte[] body, boolean stream) {
        return stream ? d.decodeStream(INPUT, body) : d.decodeBody(INPUT, body);
    }

    private static ResponseDecoder decoder(String provider, TokenTrace trace, Recorder recorder) {
        TokenIdExtractorRegistry loaded = LOADED;
        TokenIdExtractorRegistry registry = recorder == null ? loaded
                : TokenIdExtractorRegistry.of(loaded.extractors().stream().map(e -> recorder.wrap(e)).toList());
        return new ResponseDecoder(config(provider, trace, registry, LIMIT));
    }

    private static EngineConfig config(String provider, TokenTrace trace, TokenIdExtractorRegistry registry, int maxString) {
        return new EngineConfig(URI.create("http://127.0.0.1:1/v1"), null, "m", CompletionParams.builder().build(),
                provider, ExtractorSelectionPolicy.probe(), false, registry, 4, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), LIMIT, 1 << 20, 100, maxString, 1000, 1 << 22,
                RetryPolicy.none(), Clock.systemUTC(), null, false, 1, Map.of(), true, trace);
    }

    /** Wraps extractors to keep what each returned, per choice index. */
    private static final class Recorder {
        final Map<Integer, ExtractedTokens> tokens = new ConcurrentHashMap<>();

        TokenIdExtractor wrap(TokenIdExtractor e) {
            return new TokenIdExtractor() {
                @Override
                public String id() {
                    return e.id();
                }

                @Override
                public int priority() {
                    return e.priority();
                }

                @Override
                public Fidelity fidelity() {
                    return e.fidelity();
                }

                @Override
                public boolean supports(ProviderShape shape) {
                    return e.supports(shape);
                }

                @Override
                public void contribute(ExtractorRequest request) {
                    e.contribute(request);
                }

                @Override
                public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
                    ExtractedTokens t = e.extract(response, choiceIndex, context);
                    tokens.put(choiceIndex, t);
                    return t;
                }

                @Override
                public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
                    TokenIdAccumulator a = e.newAccumulator(choiceIndex, context);
                    return new TokenIdAccumulator() {
                        @Override
                        public void accept(JsonObject chunk) {
                            a.accept(chunk);
                        }

                        @Override
                        public ExtractedTokens finish() {
                            ExtractedTokens t = a.finish();
                            tokens.put(choiceIndex, t);
                            return t;
                        }
                    };
                }
            };
        }
    }
}
