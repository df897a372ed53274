package io.evalprotocol.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    @Test
    void sortsKeysDropsNullsAndNormalizesNumbers() {
        assertThat(CanonicalJson.of(json("{\"b\":[1.0,2.50,-0.0,1e2],\"a\":{\"z\":null,\"y\":\"q\\\"\\n\"},\"c\":null}")))
                .isEqualTo("{\"a\":{\"y\":\"q\\\"\\u000a\"},\"b\":[1,2.5,0,1E+2]}");
    }

    @Test
    void dropsTheNamedTopLevelMembersOnly() {
        assertThat(CanonicalJson.of(json("{\"pid\":1,\"x\":{\"pid\":2}}").asJsonObject(), Set.of("pid")))
                .isEqualTo("{\"x\":{\"pid\":2}}");
    }
}
