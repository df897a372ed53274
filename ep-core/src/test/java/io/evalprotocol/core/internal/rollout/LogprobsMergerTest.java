package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.core.internal.wire.WireJson;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogprobsMergerTest {
    private final WireJson json = new WireJson(100, 1_000_000, 1000);

    private JsonObject chunkLogprobs(String logprobs) {
        byte[] b = ("{\"logprobs\":" + logprobs + "}").getBytes(StandardCharsets.UTF_8);
        return json.readObject(b, 0, b.length, "chunk", true).getJsonObject("logprobs");
    }

    @Test
    void concatenatesArrayMembersKeepingNumberTextAndMemberOrder() {
        StreamAssembler.LogprobsMerger m = new StreamAssembler.LogprobsMerger();
        m.add(chunkLogprobs("{\"content\":[{\"token\":\"A\",\"logprob\":-2.4e-7}],\"refusal\":null}"));
        m.add(chunkLogprobs("{\"content\":[],\"refusal\":null}"));
        m.add(chunkLogprobs("{ \"content\" : [ {\"token\":\"\\u00e9\",\"logprob\":-9999.0} ] , \"refusal\":null}"));
        assertThat(m.result().toString()).isEqualTo(
                "{\"content\":[{\"token\":\"A\",\"logprob\":-2.4e-7},{\"token\":\"é\",\"logprob\":-9999.0}],\"refusal\":null}");
        assertThat(m.result()).isInstanceOf(RawJsonValue.class);
    }

    @Test
    void arrayReplacesEarlierNullAndNoChunkMeansNoLogprobs() {
        StreamAssembler.LogprobsMerger m = new StreamAssembler.LogprobsMerger();
        assertThat(m.result()).isNull();
        m.add(chunkLogprobs("{\"refusal\":null}"));
        m.add(chunkLogprobs("{\"refusal\":[{\"token\":\"no\"}]}"));
        assertThat(m.result().toString()).isEqualTo("{\"refusal\":[{\"token\":\"no\"}]}");
    }

    @Test
    void itemsPastManyBlocksComeOutWhole() {
        // past the merger's 64 KiB blocks, with entries cut across block ends
        StreamAssembler.LogprobsMerger m = new StreamAssembler.LogprobsMerger();
        java.util.Random r = new java.util.Random(3);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            String entry = "{\"token\":\"" + "abcdefgh".repeat(r.nextInt(20)) + "\",\"logprob\":-" + i + ".5}";
            m.add(chunkLogprobs("{\"content\":[" + entry + "],\"refusal\":null}"));
            expected.append(i > 0 ? "," : "").append(entry);
        }
        assertThat(expected.length()).isGreaterThan(3 * 65536);
        assertThat(m.result().toString()).isEqualTo("{\"content\":[" + expected + "],\"refusal\":null}");
    }
}
