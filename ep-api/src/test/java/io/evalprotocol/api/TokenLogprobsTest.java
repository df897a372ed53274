package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenLogprobsTest {
    @Test
    void missingValuesAreNaNAndReportedAsMissing() {
        TokenLogprobs lp = TokenLogprobs.of(-0.5, Double.NaN, -9999.0);

        assertThat(lp.isMissing(0)).isFalse();
        assertThat(lp.isMissing(1)).isTrue();
        assertThat(lp.get(2)).as("sentinels are kept as they came").isEqualTo(-9999.0);
    }

    @Test
    void ofCopiesAndEqualityIsByContent() {
        double[] source = {-0.1, -0.2};
        TokenLogprobs lp = TokenLogprobs.of(source);
        source[0] = 0;

        assertThat(lp).isEqualTo(TokenLogprobs.of(-0.1, -0.2)).isNotEqualTo(TokenLogprobs.of(-0.1));
        assertThat(lp.concat(TokenLogprobs.of(-0.3)).toArray()).containsExactly(-0.1, -0.2, -0.3);
    }
}
