package com.example.ep.sglang.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.ep.sglang.SglangExtractors;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * With the packaged plugin jar on the class path beside ep-core and the SDK's own provider modules, ep-core's
 * registry discovers the plugin and picks it for SGLang responses, and only for those.
 */
class SglangPluginSelectionIT {
    private final TokenIdExtractorRegistry registry = TokenIdExtractorRegistry.load();

    @Test
    void discoversThePluginFromItsJar() {
        TokenIdExtractor plugin = registry.find(SglangExtractors.TOKEN_IDS).orElseThrow();
        assertThat(plugin.getClass().getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith(".jar");
        assertThat(registry.find("openai.choice-token-ids")).as("the SDK's generic extractor is there too").isPresent();
    }

    @Test
    void isSelectedForAnSglangResponseWithoutAHint() {
        ProviderShape shape = ProviderShape.builder().build()
                .withFirstResponse(Fixtures.json(SglangTokenIdsExtractorCompatibilityTest.fixture("sglang-chat.json")));
        assertThat(registry.select(shape, ExtractorSelectionPolicy.probe()).id()).isEqualTo(SglangExtractors.TOKEN_IDS);
    }

    @Test
    void isSelectedBeforeTheFirstResponseForTheSglangHint() {
        ProviderShape shape = ProviderShape.builder().providerHint("sglang").build();
        assertThat(registry.select(shape, ExtractorSelectionPolicy.probe()).id()).isEqualTo(SglangExtractors.TOKEN_IDS);
    }

    @Test
    void leavesOtherProvidersToTheirExtractors() {
        ProviderShape vllm = ProviderShape.builder().build().withFirstResponse(
                Fixtures.json(SglangTokenIdsExtractorCompatibilityTest.fixture("vllm-chat-return-token-ids.json")));
        assertThat(registry.select(vllm, ExtractorSelectionPolicy.probe()).id()).isEqualTo("vllm.token-ids");
    }
}
