package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonSupportTest {

    /** Advances to the first token for which {@code stop} holds and returns its path. */
    private static String pathAt(String json, String text) throws IOException {
        try (JsonParser p = JsonSupport.factory().createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t.isScalarValue() && p.getText().equals(text)) {
                    return JsonSupport.path(p);
                }
            }
        }
        throw new AssertionError(text + " not found");
    }

    @Test
    void rendersJsonPathsWithIndexesAndNames() throws IOException {
        assertThat(pathAt("{\"a\":[0,{\"b\":[\"x\",\"target\"]}]}", "target")).isEqualTo("$.a[1].b[1]");
        assertThat(pathAt("[\"target\"]", "target")).isEqualTo("$[0]");
        assertThat(pathAt("\"target\"", "target")).isEqualTo("$");
    }

    @Test
    void quotesNamesThatAreNotIdentifiers() throws IOException {
        assertThat(pathAt("{\"Helpful & Relevant [GEval]\":{\"it's\":\"target\"}}", "target"))
                .isEqualTo("$['Helpful & Relevant [GEval]']['it\\'s']");
    }

    @Test
    void pointsAtAContainerItself() throws IOException {
        try (JsonParser p = JsonSupport.factory().createParser("{\"m\":[{\"x\":1}]}")) {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            p.nextToken();
            assertThat(p.currentToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(JsonSupport.path(p)).isEqualTo("$.m[0]");
        }
    }
}
