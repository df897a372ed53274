package io.evalprotocol.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    /**
     * The index must hold exactly the ranks of the .tiktoken file jtokkit ships (base64 bytes, space, rank per
     * line): same count, and every line's bytes found at its rank.
     */
    @Test
    void indexEqualsTheBundledTiktokenFiles() throws IOException {
        for (Vocabulary v : Vocabulary.values()) {
            Vocabulary.ByteRanks ranks = v.ranks();
            int lines = 0;
            try (InputStream in = Encodings.class.getResourceAsStream(v.encodingName() + ".tiktoken");
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    int space = line.indexOf(' ');
                    byte[] bytes = Base64.getDecoder().decode(line.substring(0, space));
                    int rank = Integer.parseInt(line.substring(space + 1));
                    assertThat(ranks.rank(bytes, bytes.length)).as("%s rank %s", v, rank).isEqualTo(rank);
                    lines++;
                }
            }
            assertThat(ranks.size()).as("%s ordinary tokens", v).isEqualTo(lines);
        }
    }

    @Test
    void findsPartialUtf8TokensByTheirBytes() {
        Vocabulary.ByteRanks o200k = Vocabulary.O200K_BASE.ranks();
        byte[] firstHalfOfBlueHeart = {(byte) 240, (byte) 159, (byte) 146};
        assertThat(o200k.rank(firstHalfOfBlueHeart, 3)).isEqualTo(31446);
        assertThat(o200k.rank(new byte[] {(byte) 153}, 1)).isEqualTo(247);
    }

    @Test
    void answersMinusOneForBytesThatAreNotOneToken() {
        byte[] twoTokens = "Hello world!".getBytes(StandardCharsets.UTF_8);
        assertThat(Vocabulary.O200K_BASE.ranks().rank(twoTokens, twoTokens.length)).isEqualTo(-1);
        byte[] special = "<|endoftext|>".getBytes(StandardCharsets.UTF_8);
        assertThat(Vocabulary.CL100K_BASE.ranks().rank(special, special.length))
                .as("special tokens are not in the index").isEqualTo(-1);
        assertThat(Vocabulary.CL100K_BASE.ranks().rank(new byte[0], 0)).isEqualTo(-1);
    }

    @Test
    void mapsModelsToTheirEncodingLikeTiktoken() {
        for (String m : new String[] {"gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "gpt-4.1-nano", "gpt-4.5-preview",
            "gpt-5", "gpt-5-mini", "o1", "o1-mini", "o3-mini", "o4-mini-2025-04-16", "chatgpt-4o-latest",
            "ft:gpt-4o-2024-08-06:acme::abc", "openai/gpt-4o"}) {
            assertThat(Vocabulary.forModel(m)).as(m).isEqualTo(Vocabulary.O200K_BASE);
        }
        for (String m : new String[] {"gpt-4", "gpt-4-0613", "gpt-4-turbo", "gpt-3.5-turbo", "gpt-3.5-turbo-instruct",
            "gpt-35-turbo", "ft:gpt-3.5-turbo:acme::x"}) {
            assertThat(Vocabulary.forModel(m)).as(m).isEqualTo(Vocabulary.CL100K_BASE);
        }
        for (String m : new String[] {"gpt-oss-120b", "Qwen/Qwen3-8B", "accounts/fireworks/models/qwen3-8b",
            "text-davinci-003", "", "o2"}) {
            assertThat(Vocabulary.forModel(m)).as(m).isNull();
        }
        assertThat(Vocabulary.forModel(null)).isNull();
    }
}
