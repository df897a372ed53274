package io.evalprotocol.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Wiring check of the P4 load run on a few rows (loopback simulated provider); measures nothing. */
class RolloutLoadSmokeTest {
    @Test
    void sdkAndBareLoopBothCompleteEveryRow() throws Exception {
        RolloutLoad.Result r = RolloutLoad.run(4, 20, 2);
        assertThat(r.sdkFailures).isZero();
        assertThat(r.replyBytes).isBetween(1024, 4096);
        assertThat(r.sdkRowsPerSecond).isPositive();
        assertThat(r.bareRowsPerSecond).isPositive();
    }
}
