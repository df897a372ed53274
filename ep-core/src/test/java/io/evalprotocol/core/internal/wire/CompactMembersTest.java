package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactMembersTest {
    private static List<String> members(String json) {
        List<String> out = new ArrayList<>();
        CompactMembers.forEach(json.getBytes(StandardCharsets.UTF_8), (b, ks, ke, vs, ve) ->
                out.add(new String(b, ks, ke - ks, StandardCharsets.UTF_8) + "=" + new String(b, vs, ve - vs, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void splitsMembersRespectingNestingAndStrings() {
        assertThat(members("{\"content\":[{\"token\":\"a,]}\\\"\",\"x\":[1,[2]]}],\"refusal\":null,\"n\":-1.5e-7,\"s\":\"}\"}"))
                .containsExactly("\"content\"=[{\"token\":\"a,]}\\\"\",\"x\":[1,[2]]}]", "\"refusal\"=null",
                        "\"n\"=-1.5e-7", "\"s\"=\"}\"");
    }

    @Test
    void handlesEmptyObjectAndRejectsNonObjects() {
        assertThat(members("{}")).isEmpty();
        assertThatThrownBy(() -> members("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
