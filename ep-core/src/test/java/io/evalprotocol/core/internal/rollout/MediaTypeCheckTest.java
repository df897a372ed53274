package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MediaTypeCheckTest {
    /** The rule the check stands for: the lower-cased header starts with application/json or contains +json. */
    private static boolean byLowerCasing(String ct) {
        String mime = ct.toLowerCase(Locale.ROOT);
        return mime.startsWith("application/json") || mime.contains("+json");
    }

    @Test
    void acceptsJsonMediaTypesInAnyAsciiCaseAndNothingElse() {
        List<String> types = List.of("application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
                "Application/Json;charset=UTF-8", "application/problem+json", "application/vnd.api+JSON; v=1",
                "application/jsonl", "text/json", "application/x-ndjson", "text/plain", "text/event-stream",
                "application/js", "+jso", "a+b+json", "a+b+jsox", " application/json", "application/jſon",
                "application/\u212Aon", "+JSON", "+");
        for (String ct : types) {
            assertThat(ResponseDecoder.isJson(ct)).as(ct).isEqualTo(byLowerCasing(ct));
        }
    }

    @Test
    void comparesOnlyAsciiLettersWithoutCase() {
        assertThat(ResponseDecoder.startsWithIgnoreAsciiCase("TEXT/Event-Stream", 0, "text/event-stream")).isTrue();
        assertThat(ResponseDecoder.startsWithIgnoreAsciiCase("text/event-strea", 0, "text/event-stream")).isFalse();
        // U+017F (long s) upper-cases to 'S', but it is not the ASCII letter s
        assertThat(ResponseDecoder.startsWithIgnoreAsciiCase("text/event-ſtream", 0, "text/event-stream")).isFalse();
    }
}
