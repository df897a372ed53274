package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonFloatsTest {

    @ParameterizedTest
    @CsvSource({
        // observed in Python eval-protocol output (provider-shapes.md section 6.4)
        "5.5e-6, 5.5e-6",
        "0.000010500000000000001, 0.000010500000000000001",
        "-1.07e-6, -1.07e-6",
        "-0.00001419, -0.00001419",
        "0.0, 0.0",
        // edges of the positional range
        "-0.0, -0.0",
        "1e-5, 0.00001",
        "9.999999999999999e-6, 9.999999999999999e-6",
        "9999999999999998.0, 9999999999999998.0",
        "1e15, 1000000000000000.0",
        "1e16, 1e+16",
        "1.5e16, 1.5e+16",
        "123456789012345680.0, 1.2345678901234568e+17",
        "100.0, 100.0",
        "0.1, 0.1",
        "0.412, 0.412",
        "2.269724717000031, 2.269724717000031",
        // Java's Double.toString gives 4.9E-324 and 2.0E-3-style output; Python writes the shortest
        "4.9e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "2.2250738585072014e-308, 2.2250738585072014e-308",
        "0.001, 0.001",
        "1e23, 1e+23",
        "2e23, 2e+23",
    })
    void formatsLikePydantic(double value, String expected) {
        assertThat(PythonFloats.format(value)).isEqualTo(expected);
    }

    @Test
    void matchesEveryValueInTheTableGeneratedWithPydantic() throws IOException {
        int checked = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("python-floats.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                double v = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, space), 16));
                assertThat(PythonFloats.format(v)).as("bits %s", line.substring(0, space))
                        .isEqualTo(line.substring(space + 1));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(2000);
    }

    @Test
    void isTheShortestTextThatReadsBackTheSameDouble() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            String text = PythonFloats.format(v);
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(v);
            assertThat(significantDigits(text)).as("%s for %s", text, v).isEqualTo(shortestDigits(v));
        }
    }

    @Test
    void rejectsNanAndInfinities() {
        assertThatThrownBy(() -> PythonFloats.format(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PythonFloats.format(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Reference: the fewest significant digits whose correctly rounded decimal reads back as v. */
    private static int shortestDigits(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            if (exact.round(new MathContext(p)).doubleValue() == v) {
                return p;
            }
        }
        throw new AssertionError("no 17-digit round trip for " + v);
    }

    private static int significantDigits(String text) {
        String mantissa = text.replace("-", "");
        int e = mantissa.indexOf('e');
        if (e >= 0) {
            mantissa = mantissa.substring(0, e);
        }
        String digits = mantissa.replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(digits.length(), 1);
    }
}
