package io.evalprotocol.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {
    @Test
    void theEndpointPathGoesBeforeTheQuery() {
        assertThat(Urls.resolve(URI.create("https://x.openai.azure.com/openai/deployments/d?api-version=2024-02-01"),
                "chat/completions")).hasToString(
                        "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-02-01");
        assertThat(Urls.resolve(URI.create("http://127.0.0.1:8000/v1"), "chat/completions"))
                .hasToString("http://127.0.0.1:8000/v1/chat/completions");
        assertThat(Urls.resolve(URI.create("http://127.0.0.1:8000/v1/"), "chat/completions"))
                .hasToString("http://127.0.0.1:8000/v1/chat/completions");
        assertThat(Urls.resolve(URI.create("http://h"), "chat/completions")).hasToString("http://h/chat/completions");
        assertThat(Urls.resolve(URI.create("http://h?a=1"), "chat/completions")).hasToString("http://h/chat/completions?a=1");
        // the query's encoding is kept as it was written
        assertThat(Urls.resolve(URI.create("https://h/d%20x?a=%2F%26&b=c%3Dd"), "chat/completions"))
                .hasToString("https://h/d%20x/chat/completions?a=%2F%26&b=c%3Dd");
    }

    @Test
    void quotedUrlsKeepTheParameterNamesAndNoValue() {
        assertThat(Urls.redacted(URI.create("https://x.openai.azure.com/openai/deployments/d/chat/completions"
                + "?api-version=2024-02-01&sig=SECRET"))).isEqualTo("https://x.openai.azure.com/openai/deployments/d"
                        + "/chat/completions?api-version=[REDACTED]&sig=[REDACTED]");
        assertThat(Urls.redacted(URI.create("https://h/v1?SECRET"))).isEqualTo("https://h/v1?[REDACTED]");
        assertThat(Urls.redacted(URI.create("https://h/v1?a=&&b=SECRET&"))).isEqualTo("https://h/v1?a=[REDACTED]&&b=[REDACTED]&");
        assertThat(Urls.redacted(URI.create("https://h/v1?"))).isEqualTo("https://h/v1?");
        assertThat(Urls.redacted(URI.create("http://127.0.0.1:8000/v1"))).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(Urls.redacted(URI.create("http://[::1]:8000/v1?k=SECRET"))).isEqualTo("http://[::1]:8000/v1?k=[REDACTED]");
        assertThat(Urls.redacted(URI.create("https://user:SECRET@h:443/v1#SECRET"))).isEqualTo("https://h:443/v1");
    }

    @Test
    void theShapesBaseUriHasNoQuery() {
        assertThat(Urls.withoutQuery(URI.create("https://h/openai/deployments/d?api-version=1")))
                .hasToString("https://h/openai/deployments/d");
        URI plain = URI.create("http://127.0.0.1:8000/v1");
        assertThat(Urls.withoutQuery(plain)).isSameAs(plain);
    }
}
