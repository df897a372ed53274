package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.ContentPart;
import io.evalprotocol.api.EvaluateResult;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.ExecutionMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.Role;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.api.ToolCall;
import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EvalProtocolJsonTest {

    private static final String ROW_PREFIX = "{\"messages\":[";
    private static final String ROW_SUFFIX = "],\"input_metadata\":{\"completion_params\":{}},"
            + "\"rollout_status\":{\"code\":101,\"message\":\"Rollout is running\",\"details\":[]},"
            + "\"execution_metadata\":{}}";

    @Test
    void writesPythonDefaultsForARowBuiltFromMessages() {
        EvaluationRow row = EvaluationRow.builder().addMessage(Message.user("hi")).build();

        assertThat(EvalProtocolJson.writeRow(row))
                .isEqualTo(ROW_PREFIX + "{\"role\":\"user\",\"content\":\"hi\"}" + ROW_SUFFIX);
    }

    @Test
    void escapesStringsAsPydanticDoes() {
        Message m = Message.user("q\"b\\s/ é😊\u2028\u007f\b\f\n\r\t\u0000\u001f");

        assertThat(EvalProtocolJson.writeMessage(m)).isEqualTo(
                "{\"role\":\"user\",\"content\":\"q\\\"b\\\\s/ é😊\u2028\u007f\\b\\f\\n\\r\\t\\u0000\\u001f\"}");
    }

    @Test
    void escapesUnpairedSurrogatesInsteadOfWritingInvalidUtf8() {
        // Python cannot serialize such a string at all; an escape keeps the text and the file valid UTF-8
        assertThat(EvalProtocolJson.writeMessage(Message.user("a\ud800b")))
                .isEqualTo("{\"role\":\"user\",\"content\":\"a\\ud800b\"}");
    }

    @Test
    void writesTextPartsTextFirstAndImagePartsTypeFirst() {
        Message m = Message.builder().role(Role.USER).contentParts(java.util.List.of(
                ContentPart.text("look"),
                ContentPart.imageUrl(Json.createObjectBuilder().add("url", "https://x/y.png").build())))
                .build();

        assertThat(EvalProtocolJson.writeMessage(m)).isEqualTo("{\"role\":\"user\",\"content\":["
                + "{\"text\":\"look\",\"type\":\"text\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}");
    }

    @Test
    void nullContentIsOmittedAndEmptyContentKept() {
        Message toolCall = Message.builder().role(Role.ASSISTANT).content("")
                .addToolCall(ToolCall.function("call_1", "f", "{}")).build();
        Message nullContent = Message.builder().role(Role.ASSISTANT).content(null).build();

        assertThat(EvalProtocolJson.writeMessage(toolCall)).isEqualTo("{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"id\":\"call_1\",\"function\":{\"arguments\":\"{}\",\"name\":\"f\"},"
                + "\"type\":\"function\"}]}");
        assertThat(EvalProtocolJson.writeMessage(nullContent)).isEqualTo("{\"role\":\"assistant\"}");
        assertThat(EvalProtocolJson.readMessage("{\"role\":\"assistant\"}").hasNullContent()).isTrue();
        assertThat(EvalProtocolJson.readMessage("{\"role\":\"assistant\",\"content\":null}").hasNullContent())
                .isTrue();
    }

    @Test
    void writesFlatLogprobsBuiltInJavaWithPythonFloats() {
        Message m = Message.builder().role(Role.ASSISTANT).content("ab")
                .tokenIds(TokenIds.of(1, 2)).flatLogprobs(TokenLogprobs.of(-1.0500000000000001e-5, 0.0)).build();

        assertThat(EvalProtocolJson.writeMessage(m)).isEqualTo("{\"role\":\"assistant\",\"content\":\"ab\","
                + "\"logprobs\":[-0.000010500000000000001,0.0],\"token_ids\":[1,2]}");
    }

    @Test
    void writesJsonPValuesWithPythonNumbers() {
        JsonValue v = Json.createObjectBuilder()
                .add("int", 3).add("float", 3.0).add("tiny", 5.5e-6).add("big", new java.math.BigInteger("123456789012345678901234"))
                .add("null", JsonValue.NULL).add("list", Json.createArrayBuilder().add(true).add("s"))
                .build();

        assertThat(EvalProtocolJson.writeValue(v)).isEqualTo(
                "{\"int\":3,\"float\":3.0,\"tiny\":5.5e-6,\"big\":123456789012345678901234,\"null\":null,"
                        + "\"list\":[true,\"s\"]}");
    }

    @Test
    void keepsNumberTextOfFreeFormValues() {
        JsonValue v = EvalProtocolJson.readValue("{ \"a\" : [1E-7, 1.50, -0.0, 1e2, 12345678901234567890123] }");

        assertThat(v).isInstanceOf(RawJsonValue.class);
        assertThat(EvalProtocolJson.writeValue(v)).isEqualTo("{\"a\":[1E-7,1.50,-0.0,1e2,12345678901234567890123]}");
        assertThat(v.asJsonObject().getJsonArray("a").getJsonNumber(0).doubleValue()).isEqualTo(1e-7);
    }

    @Test
    void rawValuesEqualPlainJsonPValues() {
        JsonValue raw = EvalProtocolJson.readValue("{\"a\":1,\"b\":[true,null]}");
        JsonValue plain = Json.createObjectBuilder().add("a", 1)
                .add("b", Json.createArrayBuilder().add(true).addNull()).build();

        assertThat(raw).isEqualTo(plain);
        assertThat(plain).isEqualTo(raw);
        assertThat(raw.hashCode()).isEqualTo(plain.hashCode());
    }

    @Test
    void turnsNanFromPythonJsonIntoNullAsPythonWritesIt() {
        EvaluationRow row = EvalProtocolJson.readRow(ROW_PREFIX + ROW_SUFFIX.replace("\"execution_metadata\":{}",
                "\"execution_metadata\":{\"rollout_duration_seconds\":NaN,\"extra\":{\"x\":[Infinity,1]}}"));

        assertThat(EvalProtocolJson.writeRow(row)).isEqualTo(ROW_PREFIX + ROW_SUFFIX.replace(
                "\"execution_metadata\":{}",
                "\"execution_metadata\":{\"rollout_duration_seconds\":null,\"extra\":{\"x\":[null,1]}}"));
    }

    @Test
    void keepsUnknownKeysInOrderAtEveryLevel() {
        String json = "{\"zeta\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"cache\":{\"k\":2}}],"
                + "\"input_metadata\":{\"b\":1,\"completion_params\":{},\"a\":2},\"alpha\":[3]}";

        EvaluationRow row = EvalProtocolJson.readRow(json);

        assertThat(row.additionalProperties()).containsOnlyKeys("zeta", "alpha");
        assertThat(EvalProtocolJson.writeRow(row)).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"x\","
                + "\"cache\":{\"k\":2}}],\"input_metadata\":{\"completion_params\":{},\"b\":1,\"a\":2},"
                + "\"rollout_status\":{\"code\":101,\"message\":\"Rollout is running\",\"details\":[]},"
                + "\"execution_metadata\":{},\"zeta\":1,\"alpha\":[3]}");
    }

    @Test
    void dropsNullExtrasAsExcludeNoneDoes() {
        EvaluationRow row = EvalProtocolJson.readRow("{\"messages\":[],\"gone\":null}");

        assertThat(row.additionalProperties()).isEmpty();
    }

    @Test
    void formatsCreatedAtAsPydantic() {
        EvaluationRow base = EvaluationRow.builder().build();

        assertThat(EvalProtocolJson.writeRow(base.toBuilder()
                .createdAt(Instant.parse("2025-12-15T16:33:31.522715123Z")).build()))
                .contains("\"created_at\":\"2025-12-15T16:33:31.522715Z\"");
        assertThat(EvalProtocolJson.writeRow(base.toBuilder().createdAt(Instant.parse("2025-01-02T03:04:05Z")).build()))
                .contains("\"created_at\":\"2025-01-02T03:04:05Z\"");
        assertThat(EvalProtocolJson.writeRow(base.toBuilder().createdAt(Instant.parse("2025-01-02T03:04:05.5Z")).build()))
                .contains("\"created_at\":\"2025-01-02T03:04:05.500000Z\"");
    }

    @Test
    void readsCreatedAtWithOffsetsAndWithoutZone() {
        assertThat(EvalProtocolJson.readRow("{\"created_at\":\"2025-01-02T05:04:05.25+02:00\"}").createdAt())
                .contains(Instant.parse("2025-01-02T03:04:05.250Z"));
        assertThat(EvalProtocolJson.readRow("{\"created_at\":\"2025-01-02 03:04:05\"}").createdAt())
                .contains(Instant.parse("2025-01-02T03:04:05Z"));
    }

    @Test
    void writesNonFiniteTypedFloatsAsNull() {
        EvaluationRow row = EvaluationRow.builder()
                .evaluationResult(EvaluateResult.builder().score(Double.NaN).build())
                .executionMetadata(ExecutionMetadata.builder().rolloutDurationSeconds(Double.POSITIVE_INFINITY).build())
                .build();

        assertThat(EvalProtocolJson.writeRow(row))
                .contains("\"evaluation_result\":{\"score\":null,")
                .contains("\"rollout_duration_seconds\":null");
    }

    @Test
    void acceptsProviderLogprobsObjectWithoutTokenOrBytes() {
        // the Fireworks tracing adapter's minimal shape
        Message m = EvalProtocolJson.readMessage("{\"role\":\"assistant\",\"content\":\"hi\","
                + "\"logprobs\":{\"content\":[{\"logprob\":-0.1,\"token_id\":5},{\"logprob\":-0.2,\"token_id\":6}]},"
                + "\"token_ids\":[5,6,7]}");

        assertThat(m.tokenIds()).contains(TokenIds.of(5, 6, 7));
        assertThat(m.flatLogprobs()).isEmpty();
    }

    @Test
    void acceptsAlignedFlatLogprobs() {
        Message m = EvalProtocolJson.readMessage("{\"role\":\"assistant\",\"logprobs\":[-0.5,0],\"token_ids\":[1,2]}");

        assertThat(m.flatLogprobs()).contains(TokenLogprobs.of(-0.5, 0));
    }

    @Test
    void rejectsMisalignedFlatLogprobsNamingTheMessageAndBothLengths() {
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"logprobs\":[-0.5,-0.25],\"token_ids\":[1,2,3]}]}";

        assertThatThrownBy(() -> EvalProtocolJson.readRow(json))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("$.messages[1]: ")
                .hasMessageContaining("3 ids").hasMessageContaining("2 values")
                .satisfies(e -> assertThat(((InvalidDataException) e).path()).contains("$.messages[1]"));
    }

    @Test
    void namesThePathOfANegativeTokenId() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            ids.append(i).append(',');
        }
        ids.append("-1");
        String json = "{\"messages\":[{\"role\":\"user\"},{\"role\":\"user\"},{\"role\":\"user\"},"
                + "{\"role\":\"assistant\",\"token_ids\":[" + ids + "]}]}";

        assertThatThrownBy(() -> EvalProtocolJson.readRow(json))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("$.messages[3].token_ids[17]: token id -1 is negative");
    }

    @Test
    void rejectsTokenIdsBeyond32Bits() {
        assertThatThrownBy(() -> EvalProtocolJson.readMessage("{\"role\":\"assistant\",\"token_ids\":[1,2147483648]}"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("$.token_ids[1]: token id 2147483648 does not fit in 32 bits");
    }

    @Test
    void rejectsNonIntegerTokenIds() {
        assertThatThrownBy(() -> EvalProtocolJson.readMessage("{\"role\":\"assistant\",\"token_ids\":[1,\"2\"]}"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("$.token_ids[1]: expected a token id (a non-negative integer), got a string");
    }

    @Test
    void namesThePathOfAWrongType() {
        assertThatThrownBy(() -> EvalProtocolJson.readRow("{\"execution_metadata\":{\"usage\":{\"total_tokens\":\"many\"}}}"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("$.execution_metadata.usage.total_tokens: expected an integer, got a string");
        assertThatThrownBy(() -> EvalProtocolJson.readRow("{\"input_metadata\":{\"completion_params\":[]}}"))
                .hasMessage("$.input_metadata.completion_params: expected an object or null, got an array");
    }

    @Test
    void requiresARoleOnEveryMessage() {
        assertThatThrownBy(() -> EvalProtocolJson.readRow("{\"messages\":[{\"content\":\"x\"}]}"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("$.messages[0]: message has no `role`");
    }

    @Test
    void reportsMalformedJsonWithItsPath() {
        assertThatThrownBy(() -> EvalProtocolJson.readRow("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},]}"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("malformed JSON")
                .hasMessageStartingWith("$.messages[");
    }

    @Test
    void rejectsTrailingContent() {
        assertThatThrownBy(() -> EvalProtocolJson.readRow("{\"messages\":[]} {}"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("after the end");
    }

    @Test
    void statusRoundTripsThroughItsFactories() {
        EvaluationRow row = EvaluationRow.builder()
                .rolloutStatus(Status.error(io.evalprotocol.api.StatusCode.DEADLINE_EXCEEDED, "timed out",
                        java.util.List.of(Status.errorInfo("TIMEOUT", Status.DOMAIN,
                                Json.createObjectBuilder().add("attempts", 3).build()))))
                .build();

        String json = EvalProtocolJson.writeRow(row);

        assertThat(json).contains("\"rollout_status\":{\"code\":4,\"message\":\"timed out\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"TIMEOUT\",\"domain\":\"evalprotocol.io\","
                + "\"metadata\":{\"attempts\":3}}]}");
        assertThat(EvalProtocolJson.readRow(json)).isEqualTo(row);
    }
}
