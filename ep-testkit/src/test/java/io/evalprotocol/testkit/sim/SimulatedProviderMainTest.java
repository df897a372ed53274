package io.evalprotocol.testkit.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedProviderMainTest {

    @Test
    void parsesTheDocumentedOptions() {
        SimulatedProvider sim = SimulatedProviderMain.parse(new String[] {"--flavour", "vllm", "--port", "0",
            "--seed=42", "--model", "my/model", "--fault-mix", "429=5", "--api-key", "k"}).build();
        assertThat(sim.flavour()).isEqualTo(Flavour.VLLM);
        assertThat(sim.model()).isEqualTo("my/model");
        assertThat(sim.faults().mix().totalPercent()).isEqualTo(5.0);
    }

    @Test
    void helpReturnsNoBuilderAndBadOptionsAreNamed() {
        assertThat(SimulatedProviderMain.parse(new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> SimulatedProviderMain.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> SimulatedProviderMain.parse(new String[] {"--flavour", "anthropic"}))
                .hasMessageContaining("openai, vllm, fireworks");
        assertThatThrownBy(() -> SimulatedProviderMain.parse(new String[] {"--port"}))
                .hasMessageContaining("needs a value");
    }
}
