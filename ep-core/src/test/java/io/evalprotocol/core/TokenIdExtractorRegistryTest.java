package io.evalprotocol.core;

import static io.evalprotocol.core.FakeExtractors.fake;
import static io.evalprotocol.core.FakeExtractors.hint;
import static io.evalprotocol.core.FakeExtractors.reconstructed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.AmbiguousTokenIdExtractorException;
import io.evalprotocol.errors.IncompatiblePluginException;
import io.evalprotocol.errors.NoTokenIdExtractorException;
import io.evalprotocol.errors.UnknownTokenIdExtractorException;
import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenIdExtractorRegistryTest {
    private static final ProviderShape VLLM = ProviderShape.builder().providerHint("vllm").model("Qwen/Qwen3-8B")
            .baseUri(URI.create("http://127.0.0.1:8000/v1")).build();
    private static final ProviderShape UNHINTED = ProviderShape.builder().model("gpt-4o").build();

    private final TokenIdExtractor vllmIds = fake("vllm.token-ids", 200, hint("vllm"));
    private final TokenIdExtractor vllmLogprobIds = fake("vllm.logprob-token-ids", 100, hint("vllm"));
    private final TokenIdExtractor fireworks = fake("fireworks.raw-output", 300, hint("fireworks"));

    @Test
    void highestPrioritySupportingExtractorWins() {
        var registry = TokenIdExtractorRegistry.of(List.of(vllmLogprobIds, fireworks, vllmIds));

        assertThat(registry.select(VLLM, ExtractorSelectionPolicy.probe())).isSameAs(vllmIds);
    }

    @Test
    void registeredExtractorsAreListedByDescendingPriorityThenId() {
        var registry = TokenIdExtractorRegistry.of(List.of(vllmLogprobIds, vllmIds, fireworks));

        assertThat(registry.registered()).extracting(RegisteredExtractor::id)
                .containsExactly("fireworks.raw-output", "vllm.token-ids", "vllm.logprob-token-ids");
        assertThat(registry.registered().get(0).describe())
                .isEqualTo("fireworks.raw-output (priority 300, EXACT, registered directly)");
    }

    @Test
    void explicitIdWinsOverProbingEvenIfItWouldDecline() {
        var registry = TokenIdExtractorRegistry.of(List.of(vllmIds, vllmLogprobIds));

        var chosen = registry.select(UNHINTED, ExtractorSelectionPolicy.explicit("VLLM.logprob-token-ids ", false));

        assertThat(chosen).isSameAs(vllmLogprobIds);
    }

    @Test
    void unknownExplicitIdListsDiscoveredIdsAndWhereTheIdCameFrom() {
        var registry = TokenIdExtractorRegistry.of(List.of(vllmIds, vllmLogprobIds));
        var policy = ExtractorSelectionPolicy.resolve(null, false, "vllm.tokenids", null);

        assertThatThrownBy(() -> registry.select(VLLM, policy))
                .isInstanceOf(UnknownTokenIdExtractorException.class)
                .hasMessageContaining("No TokenIdExtractor with id 'vllm.tokenids'")
                .hasMessageContaining("system property -Dep.token-id-extractor")
                .hasMessageContaining("Did you mean 'vllm.token-ids'?")
                .hasMessageContaining("vllm.token-ids (priority 200, EXACT, registered directly)")
                .hasMessageContaining("vllm.logprob-token-ids (priority 100, EXACT, registered directly)");
    }

    @Test
    void noSupportingExtractorIsAnErrorListingEveryDeclinedExtractorAndTheFixes() {
        var registry = TokenIdExtractorRegistry.of(List.of(vllmIds, fireworks));

        assertThatThrownBy(() -> registry.select(UNHINTED, ExtractorSelectionPolicy.probe()))
                .isInstanceOf(NoTokenIdExtractorException.class)
                .hasMessageContaining("No TokenIdExtractor supports {provider=?, model=gpt-4o")
                .hasMessageContaining("fireworks.raw-output (priority 300, EXACT, registered directly)")
                .hasMessageContaining("vllm.token-ids (priority 200, EXACT, registered directly)")
                .hasMessageContaining("all declined")
                .hasMessageContaining("EP_TOKEN_ID_EXTRACTOR=<id>")
                .hasMessageContaining("provider hint");
        assertThat(registry.probe(UNHINTED, ExtractorSelectionPolicy.probe())).isEmpty();
    }

    @Test
    void emptyRegistrySaysNothingWasDiscoveredAndWhichModulesToAdd() {
        var registry = TokenIdExtractorRegistry.of(List.of());

        assertThatThrownBy(() -> registry.select(VLLM, ExtractorSelectionPolicy.probe()))
                .isInstanceOf(NoTokenIdExtractorException.class)
                .hasMessageContaining("No extractor was discovered at all")
                .hasMessageContaining("io.evalprotocol:ep-provider-vllm");
    }

    @Test
    void tieAtTheTopPriorityIsAnErrorNamingBothAndHowToChoose() {
        var sglang = fake("sglang.token-ids", 200, shape -> true);
        var registry = TokenIdExtractorRegistry.of(List.of(vllmIds, sglang, vllmLogprobIds));

        assertThatThrownBy(() -> registry.select(VLLM, ExtractorSelectionPolicy.probe()))
                .isInstanceOf(AmbiguousTokenIdExtractorException.class)
                .hasMessageContaining("with the same priority 200")
                .hasMessageContaining("sglang.token-ids (priority 200")
                .hasMessageContaining("vllm.token-ids (priority 200")
                .hasMessageNotContaining("vllm.logprob-token-ids")
                .hasMessageContaining("tokenIdExtractor(\"<id>\")");
    }

    @Test
    void tieBelowTheWinnerIsNotAnError() {
        var a = fake("a.ids", 5, shape -> true);
        var b = fake("b.ids", 5, shape -> true);
        var registry = TokenIdExtractorRegistry.of(List.of(a, b, vllmIds));

        assertThat(registry.select(VLLM, ExtractorSelectionPolicy.probe())).isSameAs(vllmIds);
    }

    @Test
    void reconstructedExtractorIsChosenOnlyWhenOptedIn() {
        var tiktoken = reconstructed("openai.tiktoken", 500, hint("openai"));
        var registry = TokenIdExtractorRegistry.of(List.of(tiktoken, vllmIds));
        var openai = ProviderShape.builder().providerHint("openai").model("gpt-4o").build();

        assertThatThrownBy(() -> registry.select(openai, ExtractorSelectionPolicy.probe()))
                .isInstanceOf(NoTokenIdExtractorException.class)
                .hasMessageContaining("RECONSTRUCTED extractor(s) [openai.tiktoken] would accept it")
                .hasMessageContaining("allowReconstructedTokenIds(true)");
        assertThat(registry.select(openai, ExtractorSelectionPolicy.probe().withAllowReconstructed(true)))
                .isSameAs(tiktoken);
    }

    @Test
    void reconstructedExtractorIsNeverPreferredOverAnExactOneWithoutOptIn() {
        var tiktoken = reconstructed("openai.tiktoken", 999, shape -> true);
        var registry = TokenIdExtractorRegistry.of(List.of(tiktoken, vllmIds));

        assertThat(registry.select(VLLM, ExtractorSelectionPolicy.probe())).isSameAs(vllmIds);
    }

    @Test
    void duplicateIdIsRejectedNamingBothClasses() {
        var other = fake("vllm.token-ids", 1, shape -> false);

        assertThatThrownBy(() -> TokenIdExtractorRegistry.of(List.of(vllmIds, other)))
                .isInstanceOf(IncompatiblePluginException.class)
                .hasMessageContaining("Duplicate token-id extractor id 'vllm.token-ids'")
                .hasMessageContaining(FakeExtractors.Fake.class.getName())
                .hasMessageContaining("remove one of the two plugin jars");
    }

    @Test
    void malformedIdIsRejectedWithTheExpectedFormat() {
        assertThatThrownBy(() -> TokenIdExtractorRegistry.of(List.of(fake("VLLM Token Ids", 1, s -> true))))
                .isInstanceOf(IncompatiblePluginException.class)
                .hasMessageContaining("malformed id 'VLLM Token Ids'")
                .hasMessageContaining("'<vendor>.<shape>'");
    }

    @Test
    void pluginBuiltForAnotherSpiVersionIsRejected() {
        assertThatThrownBy(() -> TokenIdExtractorRegistry.of(List.of(new FakeExtractors.FutureSpiExtractor())))
                .isInstanceOf(IncompatiblePluginException.class)
                .hasMessageContaining("built for SPI version 99 but this ep-core supports version 1");
    }

    @Test
    void supportsThatThrowsCountsAsDecliningInsteadOfBreakingSelection() {
        var broken = fake("broken.ids", 1000, shape -> {
            throw new IllegalStateException("boom");
        });
        var registry = TokenIdExtractorRegistry.of(List.of(broken, vllmIds));

        assertThat(registry.select(VLLM, ExtractorSelectionPolicy.probe())).isSameAs(vllmIds);
    }

    @Test
    void explicitIdPrecedenceIsBuilderThenSystemPropertyThenEnvironment() {
        assertThat(ExtractorSelectionPolicy.resolve("a.b", false, "c.d", "e.f").explicitId()).contains("a.b");
        assertThat(ExtractorSelectionPolicy.resolve(" ", false, "c.d", "e.f").explicitId()).contains("c.d");
        var fromEnv = ExtractorSelectionPolicy.resolve(null, false, null, "e.f");
        assertThat(fromEnv.explicitId()).contains("e.f");
        assertThat(fromEnv.explicitIdSource()).contains("environment variable EP_TOKEN_ID_EXTRACTOR");
        assertThat(ExtractorSelectionPolicy.resolve(null, true, null, null).explicitId()).isEmpty();
    }

    @Test
    void discoversAPluginOnTheClassPath(@TempDir Path dir) throws Exception {
        ClassLoader loader = TestPlugins.classPathPlugin(dir, "com.example.cp", "CpExtractor", "example.class-path");

        var registry = TokenIdExtractorRegistry.load(loader);

        var found = registry.registered().stream().filter(r -> r.id().equals("example.class-path"))
                .collect(Collectors.toList());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).source()).startsWith("file:").contains(dir.getFileName().toString());
        assertThat(found.get(0).fidelity()).isEqualTo(Fidelity.EXACT);
        assertThat(registry.select(ProviderShape.builder().providerHint("example").build(),
                ExtractorSelectionPolicy.probe()).id()).isEqualTo("example.class-path");
    }

    @Test
    void discoversAPluginOnTheModulePath(@TempDir Path dir) throws Exception {
        ClassLoader loader = TestPlugins.modulePathPlugin(
                dir, "com.example.modular", "com.example.modular.internal", "ModExtractor", "example.module-path");

        var registry = TokenIdExtractorRegistry.load(loader);

        assertThat(registry.registered()).filteredOn(r -> r.id().equals("example.module-path"))
                .singleElement()
                .satisfies(r -> assertThat(r.source()).isEqualTo("module com.example.modular"));
    }

    @Test
    void brokenPluginFailsLoadingWithTheCauseAndTheWayOut(@TempDir Path dir) throws Exception {
        ClassLoader loader = TestPlugins.servicesFileOnly(dir, "com.example.DoesNotExist");

        assertThatThrownBy(() -> TokenIdExtractorRegistry.load(loader))
                .isInstanceOf(IncompatiblePluginException.class)
                .hasMessageContaining("com.example.DoesNotExist")
                .hasMessageContaining("ignoreBrokenPlugins(true)");
    }

    @Test
    void brokenPluginCanBeSkippedAndIsThenReportedInProblemsAndErrors(@TempDir Path dir) throws Exception {
        Path plugin = dir.resolve("plugin");
        ClassLoader good = TestPlugins.classPathPlugin(plugin, "com.example.ok", "OkExtractor", "example.ok");
        ClassLoader withBroken = TestPlugins.servicesFileOnly(dir.resolve("broken"), "com.example.DoesNotExist");
        ClassLoader both = new java.net.URLClassLoader(
                ((java.net.URLClassLoader) withBroken).getURLs(), good);

        var registry = TokenIdExtractorRegistry.builder().classLoader(both).ignoreBrokenPlugins(true).build();

        assertThat(registry.find("example.ok")).isPresent();
        assertThat(registry.problems()).singleElement().asString().contains("com.example.DoesNotExist");
        // a hint no extractor claims (the built-in providers on this test's path do claim "vllm")
        ProviderShape unclaimed = ProviderShape.builder().providerHint("acme").build();
        assertThatThrownBy(() -> registry.select(unclaimed, ExtractorSelectionPolicy.probe()))
                .hasMessageContaining("Plugins that failed to load")
                .hasMessageContaining("com.example.DoesNotExist");
    }
}
