package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.Role;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.ToolCall;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelWriterTest {

    private interface Write {
        void to(JsonGenerator g) throws IOException;
    }

    private static String write(Write w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            w.to(g);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void requestMessageDropsTraceOnlyFields() throws IOException {
        Message m = Message.builder().role(Role.ASSISTANT).content("").reasoningContent("thinking")
                .addToolCall(ToolCall.function("call_1", "f", "{\"x\":1}"))
                .controlPlaneStep(Json.createObjectBuilder().add("reward", 1).build())
                .weight(0).logprobs(RawJsonValue.of("{\"content\":[]}")).tokenIds(TokenIds.of(1, 2))
                .putAdditionalProperty("cache", Json.createValue("x"))
                .build();

        assertThat(write(g -> ModelWriter.writeRequestMessage(g, m))).isEqualTo(
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_1\","
                        + "\"function\":{\"arguments\":\"{\\\"x\\\":1}\",\"name\":\"f\"},\"type\":\"function\"}]}");
    }

    @Test
    void requestMessagesFitIntoACallersRequestBody() throws IOException {
        String body = write(g -> {
            g.writeStartObject();
            g.writeStringField("model", "m");
            g.writeFieldName("messages");
            g.writeStartArray();
            ModelWriter.writeRequestMessage(g, Message.system("s"));
            ModelWriter.writeRequestMessage(g, Message.user("u"));
            g.writeEndArray();
            g.writeFieldName("logprobs_options");
            ModelWriter.writeJsonValue(g, RawJsonValue.of("{\"top_logprobs\": 2}"));
            g.writeEndObject();
        });

        assertThat(body).isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                + "{\"role\":\"user\",\"content\":\"u\"}],\"logprobs_options\":{\"top_logprobs\":2}}");
    }
}
