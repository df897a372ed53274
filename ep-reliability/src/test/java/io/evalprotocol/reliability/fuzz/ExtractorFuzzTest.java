package io.evalprotocol.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

/**
 * Every built-in token-id extractor against hostile response bodies (see {@link ExtractorHarness}). One fuzz
 * test per extractor, because a fuzzing run drives exactly one. Seeds: every provider fixture.
 */
class ExtractorFuzzTest {
    @Test
    void everyBuiltInExtractorHasAFuzzTest() {
        assertThat(ExtractorHarness.builtInIds()).containsExactlyInAnyOrder(
                "vllm.token-ids", "vllm.logprob-token-ids", "fireworks.raw-output", "fireworks.token-ids",
                "openai.choice-token-ids", "openai.content-token-id", "openai.legacy-token-ids",
                "openai.tiktoken-reconstructed");
    }

    @FuzzTest(maxDuration = "60s")
    void vllmTokenIds(byte[] input) {
        ExtractorHarness.run("vllm.token-ids", input);
    }

    @FuzzTest(maxDuration = "60s")
    void vllmLogprobTokenIds(byte[] input) {
        ExtractorHarness.run("vllm.logprob-token-ids", input);
    }

    @FuzzTest(maxDuration = "60s")
    void fireworksRawOutput(byte[] input) {
        ExtractorHarness.run("fireworks.raw-output", input);
    }

    @FuzzTest(maxDuration = "60s")
    void fireworksTokenIds(byte[] input) {
        ExtractorHarness.run("fireworks.token-ids", input);
    }

    @FuzzTest(maxDuration = "60s")
    void openAiChoiceTokenIds(byte[] input) {
        ExtractorHarness.run("openai.choice-token-ids", input);
    }

    @FuzzTest(maxDuration = "60s")
    void openAiContentTokenId(byte[] input) {
        ExtractorHarness.run("openai.content-token-id", input);
    }

    @FuzzTest(maxDuration = "60s")
    void openAiLegacyTokenIds(byte[] input) {
        ExtractorHarness.run("openai.legacy-token-ids", input);
    }

    @FuzzTest(maxDuration = "60s")
    void openAiTiktokenReconstructed(byte[] input) {
        ExtractorHarness.run("openai.tiktoken-reconstructed", input);
    }
}
