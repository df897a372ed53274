package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KnownNamesTest {
    private static String[] names() throws ReflectiveOperationException {
        Field f = KnownNames.class.getDeclaredField("NAMES");
        f.setAccessible(true);
        return (String[]) f.get(null);
    }

    private static String lookup(String text) {
        // at an offset inside a larger array, as in a body
        byte[] b = ("xx\"" + text + "\"yy").getBytes(StandardCharsets.UTF_8);
        return KnownNames.lookup(b, 3, b.length - 6);
    }

    @Test
    void findsEveryKnownNameAsTheInternedLiteral() throws Exception {
        for (String name : names()) {
            assertThat(lookup(name)).isSameAs(name.intern());
        }
        assertThat(lookup("choices")).isSameAs("choices");
    }

    @Test
    void findsNamesAtTheStartAndAtTheVeryEndOfTheArray() throws Exception {
        for (String name : names()) {
            byte[] alone = name.getBytes(StandardCharsets.US_ASCII);
            assertThat(KnownNames.lookup(alone, 0, alone.length)).as(name).isSameAs(name.intern());
            byte[] atEnd = ("{\"" + name).getBytes(StandardCharsets.US_ASCII);
            assertThat(KnownNames.lookup(atEnd, 2, alone.length)).as(name).isSameAs(name.intern());
            // a known name followed by more bytes is another name
            byte[] longer = (name + "x").getBytes(StandardCharsets.US_ASCII);
            assertThat(KnownNames.lookup(longer, 0, longer.length)).as(name + "x").isIn(null, name + "x");
        }
    }

    @Test
    void answersNullForEveryOtherName() throws Exception {
        assertThat(lookup("")).isNull();
        assertThat(lookup("choice")).isNull();
        assertThat(lookup("choicess")).isNull();
        assertThat(lookup("Choices")).isNull();
        assertThat(lookup("a_very_long_member_name_not_known_here")).isNull();
        Random r = new Random(5);
        for (String name : names()) {
            // one byte changed anywhere
            for (int i = 0; i < name.length(); i++) {
                char c = (char) ('a' + r.nextInt(26));
                if (c == name.charAt(i)) {
                    continue;
                }
                String other = name.substring(0, i) + c + name.substring(i + 1);
                assertThat(lookup(other)).as(other).isIn(null, other);
            }
        }
    }

    @Test
    void readerKeysAreTheInternedNamesWhenKnownAndEqualStringsOtherwise() {
        WireJson wire = new WireJson(100, 1000, 1000);
        byte[] b = "{\"choices\":[{\"index\":0,\"custom_field\":1,\"m\\u006fdel\":2}]}".getBytes(StandardCharsets.UTF_8);
        JsonObject o = wire.readObject(b, 0, b.length, "response body", true);
        String choices = o.keySet().iterator().next();
        assertThat(choices).isSameAs("choices");
        JsonObject c = o.getJsonArray("choices").getJsonObject(0);
        assertThat(c.keySet()).containsExactly("index", "custom_field", "model");
        assertThat(c.keySet().iterator().next()).isSameAs("index");
        assertThat(c.getInt("model")).isEqualTo(2);
    }
}
