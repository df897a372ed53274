package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.ExecutionMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.wire.CompactJson;
import io.evalprotocol.core.internal.wire.IntJsonArray;
import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.api.TokenIds;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The extractor's {@code prompt_token_ids} go into {@code execution_metadata.extra} as ints ({@link IntJsonArray}),
 * turned into text only when the row is written, and {@code extra} and its {@code token_alignment} are built as
 * {@code WireObject}s instead of with JSON-P's builders. The row must be what it was when the assembler wrote the
 * ids to text at once and used JSON-P's builders: the same JSONL bytes, equal rows (and hash codes) both ways, the
 * same {@code toString}, and the same row after a JSONL round trip.
 */
class PromptIdsRowTest {
    private static final JsonProvider JSONP = JsonProvider.provider();
    private static final int LIMIT = 20_000_000;

    @Test
    void rowsAreTheRowsThePromptIdsWrittenAsTextGave() {
        Random r = new Random(17);
        int withPromptIds = 0;
        for (TokenTrace trace : new TokenTrace[] {TokenTrace.FULL, TokenTrace.IDS_ONLY}) {
            ResponseDecoder decoder = new ResponseDecoder(config(trace));
            for (int n = 0; n < 300; n++) {
                int[] prompt = new int[n < 2 ? n : r.nextInt(n % 5 == 0 ? 3000 : 50)];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = r.nextInt(4) == 0 ? r.nextInt(10) : r.nextInt(200_000);
                }
                EvaluationRow input = EvaluationRow.of(List.of(Message.user("hi " + n)));
                boolean hadExtra = n % 3 == 0;
                if (hadExtra) { // the input's own extra comes first; a trace key it has keeps its place, new value
                    input = input.toBuilder().executionMetadata(input.executionMetadata().toBuilder().extra(
                            JSONP.createObjectBuilder().add("a", 1).add(RowAssembler.EXTRACTOR, "old").build()).build())
                            .build();
                }
                EvaluationRow row = decoder.decodeBody(input, vllmBody(r, prompt));

                JsonObject extra = row.executionMetadata().extra().orElseThrow();
                JsonValue ids = extra.get(RowAssembler.PROMPT_IDS);
                if (hadExtra) {
                    assertThat(extra.keySet()).startsWith("a", RowAssembler.EXTRACTOR);
                    assertThat(extra.getString(RowAssembler.EXTRACTOR)).isNotEqualTo("old");
                }
                assertThat(extra.keySet()).containsSubsequence(RowAssembler.EXTRACTOR, RowAssembler.PROMPT_IDS,
                        RowAssembler.ALIGNMENT);
                assertThat(ids).isInstanceOf(IntJsonArray.class);
                withPromptIds++;
                EvaluationRow asText = withExtra(row, RowAssembler.PROMPT_IDS, written(prompt));

                String json = EvalProtocolJson.writeRow(row);
                assertThat(json).isEqualTo(EvalProtocolJson.writeRow(asText));
                assertThat(row).isEqualTo(asText);
                assertThat(asText).isEqualTo(row);
                assertThat(row.hashCode()).isEqualTo(asText.hashCode());
                assertThat(extra.toString()).isEqualTo(asText.executionMetadata().extra().orElseThrow().toString());
                assertThat(extra.get(RowAssembler.ALIGNMENT)).isInstanceOf(JsonObject.class)
                        .isEqualTo(asText.executionMetadata().extra().orElseThrow().get(RowAssembler.ALIGNMENT));
                EvaluationRow back = EvalProtocolJson.readRow(json);
                assertThat(back.executionMetadata().extra().orElseThrow().get(RowAssembler.PROMPT_IDS)).isEqualTo(ids);
                assertThat(EvalProtocolJson.writeRow(back)).isEqualTo(json);
            }
        }
        assertThat(withPromptIds).isEqualTo(600);
    }

    @Test
    void promptIdsAreTheResponsesOwnArrayOnlyWhenItHoldsExactlyTheExtractorsIds() {
        WireJson wire = new WireJson(100, 1000, 1000);
        byte[] body = "{\"prompt_token_ids\":[5,6,7],\"other\":[5,6],\"mixed\":[5,6,7.0]}".getBytes(StandardCharsets.UTF_8);
        JsonObject response = wire.readObject(body, 0, body.length, "body", true);
        JsonValue own = response.get("prompt_token_ids");
        assertThat(own).isInstanceOf(IntJsonArray.class);

        assertThat(RowAssembler.promptIds(TokenIds.of(5, 6, 7), own)).isSameAs(own);

        for (TokenIds other : List.of(TokenIds.of(5, 6, 8), TokenIds.of(5, 6), TokenIds.of(5, 6, 7, 8), TokenIds.empty())) {
            JsonArray copy = RowAssembler.promptIds(other, own);
            assertThat(copy).isNotSameAs(own).isInstanceOf(IntJsonArray.class);
            assertThat(((IntJsonArray) copy).toIntArray()).isEqualTo(other.toArray());
        }
        JsonArray parsson = JSONP.createArrayBuilder().add(5).add(6).add(7).build();
        assertThat(RowAssembler.promptIds(TokenIds.of(5, 6, 7), parsson)).isNotSameAs(parsson).isEqualTo(parsson);
        assertThat(RowAssembler.promptIds(TokenIds.of(5, 6, 7), response.get("mixed")))
                .isInstanceOf(IntJsonArray.class).isEqualTo(own);
        assertThat(RowAssembler.promptIds(TokenIds.of(5, 6, 7), null)).isEqualTo(own);
    }

    /** What the assembler put there before: the ids written to exact text at once. */
    private static JsonValue written(int[] ids) {
        CompactJson out = new CompactJson(ids.length * 7 + 2);
        out.startArray();
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                out.comma();
            }
            out.number(ids[i]);
        }
        out.endArray();
        return out.toRawValue();
    }

    /**
     * {@code row} with {@code extra} rebuilt by JSON-P's builders (as the assembler built it before), nested
     * objects included, and {@code key} set to {@code value}.
     */
    private static EvaluationRow withExtra(EvaluationRow row, String key, JsonValue value) {
        JsonObjectBuilder b = JSONP.createObjectBuilder();
        row.executionMetadata().extra().orElseThrow().forEach((k, v) -> b.add(k, k.equals(key) ? value : jsonp(v)));
        ExecutionMetadata em = row.executionMetadata().toBuilder().extra(b.build()).build();
        return row.toBuilder().executionMetadata(em).build();
    }

    private static JsonValue jsonp(JsonValue v) {
        if (v instanceof JsonObject) {
            JsonObjectBuilder b = JSONP.createObjectBuilder();
            ((JsonObject) v).forEach((k, x) -> b.add(k, jsonp(x)));
            return b.build();
        }
        return v;
    }

    private static byte[] vllmBody(Random r, int[] prompt) {
        StringBuilder ids = new StringBuilder();
        int completion = 1 + r.nextInt(20);
        for (int i = 0; i < completion; i++) {
            ids.append(i > 0 ? "," : "").append(r.nextInt(150_000));
        }
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < prompt.length; i++) {
            p.append(i > 0 ? "," : "").append(prompt[i]);
        }
        String body = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764115200,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hé \\u00e9 😊\","
                + "\"tool_calls\":[],\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":\"stop\","
                + "\"stop_reason\":null,\"token_ids\":[" + ids + "]}],\"usage\":{\"prompt_tokens\":" + prompt.length
                + ",\"total_tokens\":" + (prompt.length + completion) + ",\"completion_tokens\":" + completion
                + "},\"prompt_logprobs\":null,\"prompt_token_ids\":[" + p + "]}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static EngineConfig config(TokenTrace trace) {
        return new EngineConfig(URI.create("http://127.0.0.1:1/v1"), null, "m", CompletionParams.builder().build(),
                "vllm", ExtractorSelectionPolicy.probe(), false, TokenIdExtractorRegistry.load(), 4,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), LIMIT, 1 << 20, 100, LIMIT, 1000,
                1 << 22, RetryPolicy.none(), Clock.systemUTC(), null, false, 1, Map.of(), true, trace);
    }
}
