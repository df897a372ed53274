package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    private static boolean canonical(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return CanonicalJson.isCanonical(b, 0, b.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":[1,-2.4e-7,1E5,true,false,null],\"b\":{}}",
        "[\"tab\\there\",\"q\\\"\\\\\",\"\\u0000\\u001f\\u000b\",\"é😊\u2028\u007f / x\"]",
        "[\"\\b\\f\\n\\r\\t\"]",
    })
    void acceptsWhatTheWriterWouldWrite(String json) {
        assertThat(canonical(json)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": 1}",
        "[1,\n2]",
        "[\"\\/\"]",
        "[\"\\u00e9\"]",
        "[\"\\u001F\"]",
        "[\"\\u000a\"]",
        "[\"\\ud83d\\ude0a\"]",
        "[NaN]",
        "[-Infinity]",
    })
    void rejectsAnythingTheWriterWouldWriteDifferently(String json) {
        assertThat(canonical(json)).isFalse();
    }
}
