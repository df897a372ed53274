package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpClientBuilderTest {
    private static final String KEY = "sk-RECOGNIZABLE-builder-key-42";

    private static EpClient.Builder builder(Map<String, String> env, Map<String, String> props) {
        return EpClient.builder()
                .environment(env::get, props::get)
                .extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor())));
    }

    @Test
    void requiresAModelAndSaysWhereToSetIt() {
        assertThatThrownBy(() -> builder(Map.of(), Map.of()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("`model` is required").hasMessageContaining("EP_MODEL");
    }

    @Test
    void fromEnvReadsEnvironmentAndSystemPropertiesWin() {
        Map<String, String> env = Map.of("EP_BASE_URL", "http://10.0.0.1:8000/v1/", "EP_MODEL", "env-model",
                "EP_API_KEY", KEY, "EP_PROVIDER", "VLLM", "EP_MAX_CONCURRENT_REQUESTS", "7");
        Map<String, String> props = Map.of("ep.model", "prop-model", "ep.max-concurrent-requests", "9");
        try (EpClient c = builder(env, props).fromEnv().build()) {
            assertThat(c.model()).isEqualTo("prop-model");
            assertThat(c.baseUri()).isEqualTo(URI.create("http://10.0.0.1:8000/v1"));
            assertThat(c.provider()).contains("vllm");
            assertThat(c.maxConcurrentRequests()).isEqualTo(9);
            assertThat(c.toString()).contains("apiKey=[REDACTED]").doesNotContain(KEY);
        }
    }

    @Test
    void tokenTraceIsFullUnlessSetByBuilderPropertyOrEnvironment() {
        try (EpClient c = builder(Map.of(), Map.of()).model("m").build()) {
            assertThat(c.tokenTrace()).isEqualTo(TokenTrace.FULL);
        }
        try (EpClient c = builder(Map.of("EP_TOKEN_TRACE", "IDS_ONLY"), Map.of()).fromEnv().model("m").build()) {
            assertThat(c.tokenTrace()).isEqualTo(TokenTrace.IDS_ONLY);
        }
        try (EpClient c = builder(Map.of("EP_TOKEN_TRACE", "ids-only"), Map.of("ep.token-trace", "full")).fromEnv()
                .model("m").build()) {
            assertThat(c.tokenTrace()).isEqualTo(TokenTrace.FULL);
        }
        try (EpClient c = builder(Map.of(), Map.of()).fromEnv().tokenTrace(TokenTrace.IDS_ONLY).model("m").build()) {
            assertThat(c.tokenTrace()).isEqualTo(TokenTrace.IDS_ONLY);
        }
        assertThatThrownBy(() -> builder(Map.of("EP_TOKEN_TRACE", "compact"), Map.of()).fromEnv())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EP_TOKEN_TRACE")
                .hasMessageContaining("'compact'");
        assertThat(TokenTrace.of(" Ids-Only ")).isEqualTo(TokenTrace.IDS_ONLY);
        assertThat(TokenTrace.IDS_ONLY.id()).isEqualTo("ids-only");
    }

    @Test
    void builderCallsAfterFromEnvOverrideIt() {
        Map<String, String> env = Map.of("EP_MODEL", "env-model", "EP_PROVIDER", "fireworks");
        try (EpClient c = builder(env, Map.of()).fromEnv().model("mine").provider("vllm")
                .baseUrl("http://127.0.0.1:1/v1").build()) {
            assertThat(c.model()).isEqualTo("mine");
            assertThat(c.provider()).contains("vllm");
        }
    }

    @Test
    void malformedEnvironmentValuesAreRejectedNamingTheVariable() {
        assertThatThrownBy(() -> builder(Map.of("EP_MAX_CONCURRENT_REQUESTS", "lots"), Map.of()).fromEnv())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EP_MAX_CONCURRENT_REQUESTS");
        assertThatThrownBy(() -> builder(Map.of("EP_REQUIRE_TOKEN_IDS", "maybe"), Map.of()).fromEnv())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EP_REQUIRE_TOKEN_IDS");
    }

    @Test
    void explicitExtractorPrecedenceIsBuilderThenPropertyThenEnvironment() {
        Map<String, String> env = Map.of("EP_TOKEN_ID_EXTRACTOR", "from.env");
        Map<String, String> props = Map.of("ep.token-id-extractor", ChoiceTokenIdsExtractor.ID);
        try (EpClient c = builder(env, props).model("m").baseUrl("http://127.0.0.1:1/v1").build()) {
            assertThat(c.extractorSelectionPolicy().explicitId()).contains(ChoiceTokenIdsExtractor.ID);
            assertThat(c.extractorSelectionPolicy().explicitIdSource().get()).contains("ep.token-id-extractor");
        }
        try (EpClient c = builder(env, props).model("m").baseUrl("http://127.0.0.1:1/v1")
                .tokenIdExtractor(ChoiceTokenIdsExtractor.ID.toUpperCase(java.util.Locale.ROOT)).build()) {
            assertThat(c.extractorSelectionPolicy().explicitIdSource()).contains("builder");
        }
    }

    @Test
    void rejectsUnusableBaseUrls() {
        assertThatThrownBy(() -> EpClient.builder().baseUrl("ftp://host/v1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpClient.builder().baseUrl("v1/chat")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpClient.builder().baseUrl("https://user:" + KEY + "@host/v1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(KEY);
        // a fragment is never sent; it is not quoted either (a secret pasted in the wrong place), nor is the query
        assertThatThrownBy(() -> EpClient.builder().baseUrl("https://host/v1?sig=" + KEY + "#" + KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment")
                .hasMessageContaining("https://host/v1?sig=[REDACTED]").hasMessageNotContaining(KEY);
        // a URL that does not parse is not quoted: its query may hold a key
        assertThatThrownBy(() -> EpClient.builder().baseUrl("https://host/v1?sig=" + KEY + " x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Illegal character in query")
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> EpClient.builder().baseUrl("ftp://host/v1?sig=" + KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(KEY);
        assertThat(EpClient.builder().baseUrl("https://host/v1/").model("m").extractorRegistry(
                TokenIdExtractorRegistry.of(java.util.List.of())).build()).satisfies(c -> {
                    assertThat(c.baseUri()).hasToString("https://host/v1");
                    c.close();
                });
    }

    @Test
    void aBaseUrlWithAQueryIsKeptForTheRequestsAndQuotedWithItsValuesRedacted() {
        String azure = "https://x.openai.azure.com/openai/deployments/d/?api-version=2024-02-01&sig=" + KEY;
        try (EpClient c = EpClient.builder().baseUrl(azure).model("m")
                .extractorRegistry(TokenIdExtractorRegistry.of(java.util.List.of())).build()) {
            // the trailing slash of the path goes, the query stays as written
            assertThat(c.baseUri()).hasToString("https://x.openai.azure.com/openai/deployments/d?api-version=2024-02-01"
                    + "&sig=" + KEY);
            assertThat(c.toString()).contains("baseUri=https://x.openai.azure.com/openai/deployments/d"
                    + "?api-version=[REDACTED]&sig=[REDACTED]").doesNotContain(KEY);
            assertThat(c.engine().config().chatCompletionsUri()).hasToString("https://x.openai.azure.com/openai"
                    + "/deployments/d/chat/completions?api-version=2024-02-01&sig=" + KEY);
            assertThat(c.engine().config().toString()).doesNotContain(KEY);
        }
        // an empty query is no query
        assertThat(EpClient.builder().baseUrl("https://host/v1/?").model("m").extractorRegistry(
                TokenIdExtractorRegistry.of(java.util.List.of())).build()).satisfies(c -> {
                    assertThat(c.baseUri()).hasToString("https://host/v1");
                    c.close();
                });
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> EpClient.builder().maxConcurrentRequests(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpClient.builder().responseTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpClient.builder().maxResponseBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpClient.builder().header("Authorization", "Bearer x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
    }

    @Test
    void apiKeyNeverPrintsItself() {
        ApiKey k = ApiKey.of(KEY);
        assertThat(k.toString()).isEqualTo("ApiKey[REDACTED]");
        assertThat(k.redact("echo " + KEY + " done")).isEqualTo("echo [REDACTED] done");
        assertThat(ApiKey.of(KEY + "\n")).isEqualTo(k); // a trailing newline from a file or env var is trimmed
        assertThatThrownBy(() -> ApiKey.of("sk-with space-" + KEY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(KEY);
        assertThat(EpClient.builder().apiKey(KEY).toString()).doesNotContain(KEY);
    }

    @Test
    void extraBodyCannotReplaceModelMessagesStreamOrN() {
        assertThatThrownBy(() -> CompletionParams.builder().putExtraBody("messages", jakarta.json.JsonValue.EMPTY_JSON_ARRAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messages");
        assertThatThrownBy(() -> CompletionParams.builder().putExtraBody("stream", jakarta.json.JsonValue.TRUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CompletionParams.builder().stream(");
        assertThatThrownBy(() -> CompletionParams.builder().extraBody(Map.of("n", jakarta.json.Json.createValue(4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CompletionParams.builder().n(");
        assertThatThrownBy(() -> CompletionParams.builder().n(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompletionParams.builder().temperature(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeIsIdempotent() {
        EpClient c = builder(Map.of(), Map.of()).model("m").baseUrl("http://127.0.0.1:1/v1").build();
        c.close();
        c.close();
    }
}
