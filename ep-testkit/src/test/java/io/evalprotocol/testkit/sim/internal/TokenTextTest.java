package io.evalprotocol.testkit.sim.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTextTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void spellsPartialCharactersTheWayOpenAiDoes() {
        assertThat(TokenText.backslashReplace(bytes(240, 159, 146))).isEqualTo("\\xf0\\x9f\\x92");
        assertThat(TokenText.backslashReplace(bytes(153))).isEqualTo("\\x99");
        assertThat(TokenText.backslashReplace(bytes(32, 240, 159))).isEqualTo(" \\xf0\\x9f");
        assertThat(TokenText.backslashReplace("héllo".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo");
        assertThat(TokenText.legacyBytesToken(bytes(240, 159, 152))).isEqualTo("bytes:\\xf0\\x9f\\x98");
    }

    @Test
    void replacesPartialCharactersTheWayVllmDoes() {
        assertThat(TokenText.replaceDecode(bytes(240, 159, 146))).isEqualTo("\uFFFD");
    }

    @Test
    void releasesTextOnlyOnceACharacterIsComplete() {
        SimTokenizer tok = SimTokenizer.get();
        int[] ids = tok.encode("I 💙 it");
        String[] emitted = TokenText.emit(tok, ids, ids.length);
        assertThat(String.join("", emitted)).isEqualTo("I 💙 it");
        assertThat(emitted).contains("");
        for (String e : emitted) {
            assertThat(e).doesNotContain("\uFFFD");
        }
    }

    @Test
    void formatsFloatsLikePythonRepr() {
        assertThat(TokenText.pyFloat(0.0)).isEqualTo("0.0");
        assertThat(TokenText.pyFloat(-2.0)).isEqualTo("-2.0");
        assertThat(TokenText.pyFloat(0.0001)).isEqualTo("0.0001");
        assertThat(TokenText.pyFloat(0.00001)).isEqualTo("1e-05");
        assertThat(TokenText.pyFloat(-2.4e-7)).isEqualTo("-2.4e-07");
        assertThat(TokenText.pyFloat(-0.10651397705078125)).isEqualTo("-0.10651397705078125");
        assertThat(TokenText.pyFloat(1.5e16)).isEqualTo("1.5e+16");
    }

    @Test
    void writesLogprobMicrosWithoutExponents() {
        JsonOut o = new JsonOut();
        o.arr().micros(-1_929).micros(-100).micros(0).micros(-9_999_000_000L).micros(-2_500_000).endArr();
        assertThat(new String(o.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("[-0.001929,-0.0001,0.0,-9999.0,-2.5]");
    }

    @Test
    void escapesJsonStringsAndKeepsNonAsciiRaw() {
        JsonOut o = new JsonOut();
        o.obj().name("s").str("a\"b\\c\n\u0001é😊").key("\t").num(1).end();
        assertThat(new String(o.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001é😊\",\"\\t\":1}");
    }
}
