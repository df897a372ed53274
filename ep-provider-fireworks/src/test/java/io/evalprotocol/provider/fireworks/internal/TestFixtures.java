package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.Fixtures;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's shared provider fixtures ({@code shared/fixtures}, found by walking up from the module
 * directory; CI keeps {@code shared/} beside the checkout) and this module's own twins in test resources.
 */
final class TestFixtures {
    private TestFixtures() {}

    static final Path SHARED = Fixtures.findUp("shared/fixtures");

    static String shared(String name) {
        return Fixtures.read(SHARED.resolve(name));
    }

    static JsonObject sharedJson(String name) {
        return Fixtures.json(shared(name));
    }

    static List<JsonObject> sharedSse(String name) {
        return Fixtures.sse(shared(name));
    }

    /** A fixture of this module, from {@code src/test/resources/fixtures/}. */
    static String local(String name) {
        try (InputStream in = TestFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource fixtures/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shared response shapes of other providers, each with the hint its user would give. */
    static List<ExtractorFixture> otherProviders() {
        return List.of(
                ExtractorFixture.builder("vllm-chat-return-token-ids").body(shared("vllm-chat-return-token-ids.json")).build(),
                ExtractorFixture.builder("vllm-chat-return-token-ids hinted").providerHint("vllm")
                        .body(shared("vllm-chat-return-token-ids.json")).build(),
                ExtractorFixture.builder("vllm-chat-tokens-as-ids").body(shared("vllm-chat-tokens-as-ids.json")).build(),
                ExtractorFixture.builder("vllm-chat-stream").stream(shared("vllm-chat-stream.sse")).build(),
                ExtractorFixture.builder("vllm-completions-token-ids").body(shared("vllm-completions-token-ids.json")).build(),
                ExtractorFixture.builder("sglang-chat").body(shared("sglang-chat.json")).build(),
                ExtractorFixture.builder("sglang-completions-stream").stream(shared("sglang-completions-stream.sse")).build(),
                ExtractorFixture.builder("openai-chat-logprobs").providerHint("openai")
                        .body(shared("openai-chat-logprobs.json")).build(),
                ExtractorFixture.builder("openai-chat-no-logprobs").body(shared("openai-chat-no-logprobs.json")).build(),
                ExtractorFixture.builder("openai-chat-toolcall").body(shared("openai-chat-toolcall.json")).build(),
                ExtractorFixture.builder("openai-chat-stream").stream(shared("openai-chat-stream.sse")).build(),
                ExtractorFixture.builder("openai-completions-legacy-logprobs")
                        .body(shared("openai-completions-legacy-logprobs.json")).build(),
                ExtractorFixture.builder("openai-responses-logprobs").body(shared("openai-responses-logprobs.json")).build(),
                ExtractorFixture.builder("together-chat-logprobs").body(shared("together-chat-logprobs.json")).build(),
                ExtractorFixture.builder("together-chat-stream").stream(shared("together-chat-stream.sse")).build(),
                ExtractorFixture.builder("fireworks body hinted as vllm").providerHint("vllm")
                        .body(shared("fireworks-chat-logprobs.json")).build());
    }

    /**
     * The real Fireworks capture (an eval-protocol row, shared/fixtures/real) as the chat response it came
     * from: the assistant message's logprobs object is the choice's, kept unchanged.
     */
    static JsonObject realFireworksResponse() {
        String line = Fixtures.read(SHARED.resolve("real/fireworks-qwen3-8b-row.jsonl")).lines().findFirst().orElseThrow();
        JsonObject row = Fixtures.json(line);
        JsonObject message = row.getJsonArray("messages").getJsonObject(1);
        return Json.createObjectBuilder()
                .add("id", "real-capture")
                .add("object", "chat.completion")
                .add("model", row.getJsonObject("input_metadata").getJsonObject("completion_params").getString("model"))
                .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("index", 0)
                        .add("message", Json.createObjectBuilder()
                                .add("role", "assistant").add("content", message.getString("content")))
                        .add("finish_reason", row.getJsonObject("execution_metadata").getString("finish_reason"))
                        .add("logprobs", message.getJsonObject("logprobs"))))
                .build();
    }
}
