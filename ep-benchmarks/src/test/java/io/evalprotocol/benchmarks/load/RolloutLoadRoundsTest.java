package io.evalprotocol.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How a fork's rounds travel (one JSON line) and how the rounds of several forks pool into the P4 figures. */
class RolloutLoadRoundsTest {
    private static RolloutLoad.Rounds rounds(int concurrency, int warm, int failures, double... ratios) {
        double[] bare = new double[ratios.length];
        double[] sdk = new double[ratios.length];
        for (int i = 0; i < ratios.length; i++) {
            bare[i] = 1000 + i;
            sdk[i] = bare[i] * ratios[i];
        }
        return new RolloutLoad.Rounds(concurrency, 2241, failures, new int[] {warm}, ratios, bare, sdk, bare, bare,
                sdk, sdk, bare, sdk);
    }

    @Test
    void aForksLineReadsBackAsTheSameRounds() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RolloutLoad.Rounds r = rounds(64, 12, 1, 0.8, 0.9, 1.1);
        RolloutLoad.Rounds back = json.readValue(json.writeValueAsString(r), RolloutLoad.Rounds.class);
        assertThat(back.concurrency()).isEqualTo(64);
        assertThat(back.sdkFailures()).isEqualTo(1);
        assertThat(back.warmupPairs()).containsExactly(12);
        assertThat(back.ratios()).containsExactly(0.8, 0.9, 1.1);
        assertThat(back.sdkRowsPerSecond()).containsExactly(r.sdkRowsPerSecond());
    }

    @Test
    void pooledForksGiveTheMedianOfEveryRoundNotOfTheForksMedians() {
        RolloutLoad.Rounds a = rounds(64, 10, 0, 0.70, 0.72, 0.74);
        RolloutLoad.Rounds b = rounds(64, 20, 2, 0.95, 0.96, 0.97, 0.98, 0.99);
        RolloutLoad.Result r = new RolloutLoad.Result(a.pool(b));
        assertThat(r.rounds).isEqualTo(8);
        // medians of the forks: 0.72 and 0.97; of all eight rounds: (0.95 + 0.96) / 2
        assertThat(r.ratio).isEqualTo((0.95 + 0.96) / 2);
        assertThat(r.minRatio).isEqualTo(0.70);
        assertThat(r.maxRatio).isEqualTo(0.99);
        assertThat(r.warmupPairs).containsExactly(10, 20);
        assertThat(r.sdkFailures).isEqualTo(2);
    }

    @Test
    void roundsOfDifferentConcurrenciesDoNotPool() {
        assertThatThrownBy(() -> rounds(64, 1, 0, 1.0).pool(rounds(256, 1, 0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
    }
}
