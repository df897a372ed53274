package io.evalprotocol.testkit.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultMixTest {

    @Test
    void parsesKindsMillisAndPercentages() {
        FaultMix mix = FaultMix.parse("429:20=5, 500=1.5,503=1.5,reset=1,truncated=1,malformed=1,slow:300=1,html=0.5");
        assertThat(mix.totalPercent()).isEqualTo(12.5);
        assertThat(mix.entries().get(0).fault()).isEqualTo(Fault.rateLimited(Duration.ofMillis(20)));
        assertThat(mix.entries().get(6).fault()).isEqualTo(Fault.slow(Duration.ofMillis(300)));
        assertThat(mix.entries().get(7).fault().kind()).isEqualTo(FaultKind.WRONG_CONTENT_TYPE);
    }

    @Test
    void standardMixIsTwelvePercent() {
        assertThat(FaultMix.parse("standard").totalPercent()).isEqualTo(12.0);
    }

    @Test
    void rejectsBadSpecsWithTheOffendingEntry() {
        assertThatThrownBy(() -> FaultMix.parse("429=5,boom=1")).hasMessageContaining("boom");
        assertThatThrownBy(() -> FaultMix.parse("429")).hasMessageContaining("kind[:millis]=percent");
        assertThatThrownBy(() -> FaultMix.parse("500=60,503=50")).hasMessageContaining("110");
        assertThatThrownBy(() -> FaultMix.parse("200=1")).hasMessageContaining("400-599");
    }

    @Test
    void picksFaultsByCumulativePercentage() {
        FaultMix mix = FaultMix.builder().add(Fault.serverError(), 10).add(Fault.reset(), 5).build();
        assertThat(mix.pick(0.05)).isEqualTo(Fault.serverError());
        assertThat(mix.pick(0.12)).isEqualTo(Fault.reset());
        assertThat(mix.pick(0.15)).isNull();
    }
}
