package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values past Parsson's cap of 15,000,000 parsing events per document, which a 70 MB logprobs object exceeds. */
class RawJsonLargeValueTest {
    private static final int ENTRIES = 2_600_000;
    private static String text;

    @BeforeAll
    static void buildText() {
        StringBuilder sb = new StringBuilder(ENTRIES * 16).append("{\"content\":[");
        for (int i = 0; i < ENTRIES; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i % 100).append('}');
        }
        text = sb.append("]}").toString();
    }

    @Test
    void theTextIsPastJsonPsParsingLimit() {
        // Parsson's streaming parser counts like its reader, without building a tree
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            assertThatThrownBy(() -> {
                while (parser.hasNext()) {
                    parser.next();
                }
            }).isInstanceOf(JsonException.class).hasMessageContaining("count exceeded");
        }
    }

    @Test
    void viewsAValuePastJsonPsParsingLimit() {
        JsonObject o = (JsonObject) RawJsonValue.trusted(text.getBytes(StandardCharsets.UTF_8));

        JsonArray content = o.getJsonArray("content");
        assertThat(content).hasSize(ENTRIES);
        assertThat(content.getJsonObject(ENTRIES - 1).getInt("id")).isEqualTo((ENTRIES - 1) % 100);
        assertThat(content.getJsonObject(12_345).get("absent")).isNull();
    }

    @Test
    void parsesTextPastJsonPsParsingLimit() {
        JsonObject o = (JsonObject) RawJsonValue.of(text);

        assertThat(((RawJsonValue) o).utf8Length()).isEqualTo(text.length());
        assertThat(o.getJsonArray("content").getJsonObject(7).getInt("id")).isEqualTo(7);
    }
}
