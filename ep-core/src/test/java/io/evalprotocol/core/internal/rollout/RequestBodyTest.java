package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelWriter;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestBody} reuses the text of the fields after {@code messages} between requests; every request
 * must still be byte for byte what one generator pass over the whole body writes (the previous
 * implementation, kept here as the reference).
 */
class RequestBodyTest {
    private static final ProviderShape SHAPE = ProviderShape.builder().providerHint("vllm")
            .baseUri(URI.create("http://127.0.0.1:1/v1")).model("m").apiKind(ApiKind.CHAT_COMPLETIONS).build();
    private static final String[] TEXTS = {"", "hello", "tab\tnew\nline", "quote \" back \\ slash /", "é 中文 😊",
        "\u0000\u001f control", "<|im_end|>", "\u2028\u2029"};

    @Test
    void writesWhatOneGeneratorPassWritesForGeneratedRequests() {
        Random rnd = new Random(42);
        for (int round = 0; round < 400; round++) {
            CompletionParams params = params(rnd);
            TokenIdExtractor extractor = extractor(rnd);
            RequestBody body = new RequestBody(params);
            for (int request = 0; request < 6; request++) {
                List<Message> messages = messages(rnd);
                List<JsonObject> rowTools = rnd.nextInt(4) == 0 ? tools(rnd) : null;
                byte[] expected = reference("model-" + round, messages, rowTools, params, SHAPE, extractor);
                byte[] actual = body.build("model-" + round, messages, rowTools, SHAPE, extractor);
                assertThat(new String(actual, StandardCharsets.UTF_8)).as("round %d, request %d", round, request)
                        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
                assertThat(actual).isEqualTo(expected);
            }
        }
    }

    @Test
    void writesTheFlagsAnExtractorContributesOnEveryRequestEvenWhenTheyChange() {
        AtomicInteger calls = new AtomicInteger();
        // equal values would be written alike, but these are not equal: the text must follow each request
        TokenIdExtractor alternating = extractor("alt", r -> r.set("flag", calls.incrementAndGet() % 2 == 0
                ? JsonValue.TRUE : Json.createValue(calls.get())));
        CompletionParams params = CompletionParams.builder().maxTokens(8).build();
        RequestBody body = new RequestBody(params);
        List<Message> messages = List.of(Message.user("hi"));
        for (int i = 0; i < 5; i++) {
            assertThat(body.build("m", messages, null, SHAPE, alternating))
                    .isEqualTo(reference("m", messages, null, params, SHAPE, alternatingReplay(calls.get())));
        }
        assertThat(calls).hasValue(5);
    }

    @Test
    void anExtractorThatFailsInContributeFailsTheRequestWithItsId() {
        TokenIdExtractor broken = extractor("broken", r -> {
            throw new IllegalStateException("boom");
        });
        RequestBody body = new RequestBody(CompletionParams.builder().build());
        assertThatThrownBy(() -> body.build("m", List.of(Message.user("hi")), null, SHAPE, broken))
                .isInstanceOf(TokenIdExtractionException.class).hasMessageContaining("broken")
                .hasMessageContaining("contribute() failed");
    }

    @Test
    void writesNoFieldsAfterMessagesWhenThereAreNone() {
        byte[] b = new RequestBody(CompletionParams.builder().build()).build("m", List.of(Message.user("hi")), null,
                SHAPE, null);
        assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    /** Replays what {@code alternating} set on call number {@code n}. */
    private static TokenIdExtractor alternatingReplay(int n) {
        return extractor("alt", r -> r.set("flag", n % 2 == 0 ? JsonValue.TRUE : Json.createValue(n)));
    }

    private static CompletionParams params(Random rnd) {
        CompletionParams.Builder b = CompletionParams.builder();
        if (rnd.nextBoolean()) {
            b.temperature(rnd.nextInt(3) == 0 ? 1.0 : rnd.nextDouble() * 2);
        }
        if (rnd.nextBoolean()) {
            b.topP(rnd.nextDouble());
        }
        if (rnd.nextBoolean()) {
            b.maxTokens(1 + rnd.nextInt(100_000));
        }
        if (rnd.nextInt(4) == 0) {
            b.n(1 + rnd.nextInt(4));
        }
        if (rnd.nextInt(3) == 0) {
            List<String> stop = new ArrayList<>();
            for (int i = rnd.nextInt(3); i >= 0; i--) {
                stop.add(text(rnd));
            }
            b.stop(stop);
        }
        if (rnd.nextInt(3) == 0) {
            b.seed(rnd.nextLong());
        }
        if (rnd.nextBoolean()) {
            b.logprobs(rnd.nextBoolean());
        }
        if (rnd.nextInt(3) == 0) {
            b.topLogprobs(rnd.nextInt(20));
        }
        if (rnd.nextInt(3) == 0) {
            b.tools(tools(rnd));
        }
        if (rnd.nextInt(4) == 0) {
            b.toolChoice(rnd.nextBoolean() ? Json.createValue("auto")
                    : Json.createObjectBuilder().add("type", "function").build());
        }
        if (rnd.nextInt(4) == 0) {
            b.stream(true);
        }
        if (rnd.nextInt(3) == 0) {
            b.putExtraBody("x_" + rnd.nextInt(5), Json.createValue(text(rnd)));
            b.putExtraBody("nested", Json.createObjectBuilder().add("k", Json.createArrayBuilder().add(1.5).add(-0.0)
                    .add(Long.MAX_VALUE).addNull()).build());
        }
        return b.build();
    }

    private static List<JsonObject> tools(Random rnd) {
        List<JsonObject> tools = new ArrayList<>();
        for (int i = rnd.nextInt(3); i >= 0; i--) {
            tools.add(Json.createObjectBuilder().add("type", "function").add("function", Json.createObjectBuilder()
                    .add("name", "f" + i).add("description", text(rnd))).build());
        }
        return tools;
    }

    private static List<Message> messages(Random rnd) {
        List<Message> m = new ArrayList<>();
        if (rnd.nextBoolean()) {
            m.add(Message.system(text(rnd)));
        }
        for (int i = rnd.nextInt(3); i >= 0; i--) {
            m.add(Message.user(text(rnd) + " " + text(rnd)));
            if (rnd.nextBoolean()) {
                m.add(Message.assistant(text(rnd)));
            }
        }
        m.add(Message.builder().role(io.evalprotocol.api.Role.USER).content(text(rnd).repeat(rnd.nextInt(300) + 1))
                .name(rnd.nextBoolean() ? "n" + rnd.nextInt(9) : null).build());
        return m;
    }

    private static String text(Random rnd) {
        return TEXTS[rnd.nextInt(TEXTS.length)];
    }

    /** An extractor that adds constants (as real ones do), a fresh value per request, or nothing. */
    private static TokenIdExtractor extractor(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return null;
            case 1:
                return extractor("constant", r -> r.setIfAbsent("return_token_ids", JsonValue.TRUE)
                        .setIfAbsent("logprobs", JsonValue.TRUE));
            case 2:
                return extractor("fresh", r -> r.setIfAbsent("top_logprobs", Json.createValue(1)));
            default:
                return extractor("none", r -> { });
        }
    }

    private static TokenIdExtractor extractor(String id, Consumer<ExtractorRequest> contribute) {
        return new TokenIdExtractor() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean supports(ProviderShape shape) {
                return true;
            }

            @Override
            public void contribute(ExtractorRequest request) {
                contribute.accept(request);
            }

            @Override
            public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** The request as the engine wrote it before the field text was reused: one generator pass. */
    private static byte[] reference(String model, List<Message> messages, List<JsonObject> rowTools, CompletionParams p,
            ProviderShape shape, TokenIdExtractor extractor) {
        BodyFields f = new BodyFields(shape);
        List<JsonObject> tools = rowTools != null ? rowTools : p.tools().orElse(null);
        if (tools != null) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            tools.forEach(a::add);
            f.put("tools", a.build());
        }
        p.temperature().ifPresent(v -> f.put("temperature", Json.createValue(v)));
        p.topP().ifPresent(v -> f.put("top_p", Json.createValue(v)));
        p.maxTokens().ifPresent(v -> f.put("max_tokens", Json.createValue(v)));
        p.n().ifPresent(v -> f.put("n", Json.createValue(v)));
        p.stop().ifPresent(v -> {
            JsonArrayBuilder a = Json.createArrayBuilder();
            v.forEach(a::add);
            f.put("stop", a.build());
        });
        p.seed().ifPresent(v -> f.put("seed", Json.createValue(v)));
        p.logprobs().ifPresent(v -> f.put("logprobs", v ? JsonValue.TRUE : JsonValue.FALSE));
        p.topLogprobs().ifPresent(v -> f.put("top_logprobs", Json.createValue(v)));
        p.toolChoice().ifPresent(v -> f.put("tool_choice", v));
        if (p.stream()) {
            f.put("stream", JsonValue.TRUE);
            f.put("stream_options", Json.createObjectBuilder().add("include_usage", true).build());
        }
        for (Map.Entry<String, JsonValue> e : p.extraBody().entrySet()) {
            f.put(e.getKey(), e.getValue());
        }
        if (extractor != null) {
            extractor.contribute(f);
        }
        Map<String, JsonValue> fields = new LinkedHashMap<>(f.fields());
        try (ByteArrayBuilder out = new ByteArrayBuilder(4096);
                JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeFieldName("messages");
            g.writeStartArray();
            for (Message m : messages) {
                ModelWriter.writeRequestMessage(g, m);
            }
            g.writeEndArray();
            for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
                g.writeFieldName(e.getKey());
                ModelWriter.writeJsonValue(g, e.getValue());
            }
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
