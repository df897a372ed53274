package io.evalprotocol.benchmarks.bodies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatBodiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sameSpecAndSeedGiveTheSameBytes() {
        BodySpec spec = BodySpec.parse("lp-k5-300");
        assertThat(ChatBodies.generate(spec, 7).json()).isEqualTo(ChatBodies.generate(spec, 7).json());
        assertThat(ChatBodies.generate(spec, 7).json()).isNotEqualTo(ChatBodies.generate(spec, 8).json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lp-k0-700", "lp-k5-700", "ids-700"})
    void bodyIsValidJsonWhoseIdsLogprobsAndContentAgree(String name) throws Exception {
        ChatBodies.GeneratedCompletion c = ChatBodies.generate(BodySpec.parse(name), 11);
        JsonNode body = MAPPER.readTree(c.json());
        JsonNode choice = body.get("choices").get(0);
        int[] ids = c.completionTokenIds();

        assertThat(ints(choice.get("token_ids"))).containsExactly(ids);
        assertThat(ids[ids.length - 1]).isEqualTo(Vocabulary.EOS_ID);
        assertThat(ints(body.get("prompt_token_ids"))).containsExactly(c.promptTokenIds());
        assertThat(choice.get("message").get("content").asText()).isEqualTo(c.content());
        if (c.spec().kind().hasLogprobs()) {
            JsonNode content = choice.get("logprobs").get("content");
            assertThat(content).hasSize(ids.length);
            double[] flat = c.flatLogprobs();
            for (int i = 0; i < ids.length; i++) {
                assertThat(content.get(i).get("token_id").asInt()).isEqualTo(ids[i]);
                assertThat(content.get(i).get("logprob").asDouble()).isEqualTo(flat[i]);
                assertThat(content.get(i).get("top_logprobs")).hasSize(c.spec().kind() == BodySpec.Kind.LP_K5 ? 5 : 0);
            }
            assertThat(MAPPER.readTree(c.logprobsJson())).isEqualTo(choice.get("logprobs"));
        } else {
            assertThat(choice.get("logprobs").isNull()).isTrue();
        }
    }

    @Test
    void bodiesCarryMultiByteUtf8EscapesAndSplitTokens() {
        String json = new String(ChatBodies.generate(BodySpec.parse("lp-k5-4k"), 3).json(), StandardCharsets.UTF_8);
        assertThat(json).contains("\\n", "\\\"", "\\\\", "\\u", "\"token\":\"\",", "\\\\xf0\\\\x9f\\\\x92", "😊");
        assertThat(json.chars().anyMatch(ch -> ch > 0x7f && ch < 0x800)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lp-k0-500", "ids-500"})
    void sseTwinStreamsTheSameTokensContentAndLogprobs(String name) throws Exception {
        ChatBodies.GeneratedCompletion c = ChatBodies.generate(BodySpec.parse(name), 5);
        String sse = new String(c.sse(), StandardCharsets.UTF_8);
        List<Integer> ids = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        List<JsonNode> entries = new ArrayList<>();
        String[] events = sse.split("\n\n");
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
        for (int i = 0; i < events.length - 1; i++) {
            JsonNode choice = MAPPER.readTree(events[i].substring("data: ".length())).get("choices").get(0);
            content.append(choice.get("delta").path("content").asText(""));
            choice.path("token_ids").forEach(n -> ids.add(n.asInt()));
            choice.path("logprobs").path("content").forEach(entries::add);
        }
        assertThat(ids).containsExactly(boxed(c.completionTokenIds()));
        assertThat(content.toString()).isEqualTo(c.content());
        JsonNode twin = MAPPER.readTree(c.json()).get("choices").get(0).get("logprobs");
        if (c.spec().kind().hasLogprobs()) {
            assertThat(entries).containsExactlyElementsOf(twin.get("content"));
        } else {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void namesRoundTripAndBadNamesAreRejected() {
        assertThat(BodySpec.parse("lp-k5-128k").completionTokens()).isEqualTo(131072);
        assertThat(BodySpec.parse("ids-16k").name()).isEqualTo("ids-16k");
        assertThat(BodySpec.parse("lp-k0-40").name()).isEqualTo("lp-k0-40");
        assertThatThrownBy(() -> BodySpec.parse("lp-k7-1k")).hasMessageContaining("unknown body 'lp-k7-1k'");
    }

    @Test
    void logprobsAreFormattedLikePythonRepr() {
        assertThat(ChatBodies.pythonRepr(-0.000012345, 3)).isEqualTo("-1.23e-05");
        assertThat(ChatBodies.pythonRepr(-0.63332814, 8)).isEqualTo("-0.63332814");
        assertThat(ChatBodies.pythonRepr(-2.0, 5)).isEqualTo("-2.0");
        assertThat(ChatBodies.pythonRepr(-0.00042, 4)).isEqualTo("-0.00042");
    }

    private static int[] ints(JsonNode array) {
        int[] a = new int[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asInt();
        }
        return a;
    }

    private static Integer[] boxed(int[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }
}
