package io.evalprotocol.benchmarks.ceilings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CeilingsTest {
    @Test
    void byteScanCountsStructuralCharactersOutsideStringsOnly() {
        byte[] json = "{\"a\":[1,2,{\"b\":\"x,\\\"}:[\"}]}".getBytes(StandardCharsets.UTF_8);
        // { : [ , , { : } ] }
        assertThat(Ceilings.structuralBytes(json)).isEqualTo(10);
    }

    @Test
    void jacksonCeilingVisitsEveryToken() {
        byte[] json = "{\"a\":[1,\"s\",null]}".getBytes(StandardCharsets.UTF_8);
        // START_OBJECT(1) FIELD_NAME(5) START_ARRAY(3) INT(7) STRING(6) NULL(11) END_ARRAY(4) END_OBJECT(2)
        assertThat(Ceilings.jacksonTokens(json)).isEqualTo(1 + 5 + 3 + 7 + 6 + 11 + 4 + 2);
    }
}
