package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonNumber;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawJsonNumberTest {

    @Test
    void doubleValueEqualsJsonPsBigDecimalValueOnGeneratedDecimals() {
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextBoolean()) {
                sb.append('-');
            }
            int digits = 1 + random.nextInt(19);
            int point = random.nextInt(digits + 1);
            for (int i = 0; i < digits; i++) {
                if (i == point && i > 0) {
                    sb.append('.');
                }
                sb.append((char) ('0' + (i == 0 && point > 1 ? 1 + random.nextInt(9) : random.nextInt(10))));
            }
            if (random.nextInt(8) == 0) {
                sb.append(random.nextBoolean() ? "e" : "E-").append(random.nextInt(30));
            }
            check(sb.toString());
        }
        for (String s : new String[] {"0", "-0", "0.0", "-0.0", "-9999.0", "1e-7", "-2.4e-7", "0.1", "0.30000000000000004",
            "123456789012345", "1234567890123456", "9007199254740993", "0.0000000000000000000001",
            "0.00000000000000000000001", "1e22", "1e23", "-0.6931471805599453"}) {
            check(s);
        }
    }

    private static void check(String text) {
        byte[] b = ("[" + text + "]").getBytes(StandardCharsets.US_ASCII);
        JsonNumber raw = new RawJsonNumber(b, 1, b.length - 1, false);
        assertThat(raw.doubleValue()).as(text).isEqualTo(new BigDecimal(text).doubleValue());
    }
}
