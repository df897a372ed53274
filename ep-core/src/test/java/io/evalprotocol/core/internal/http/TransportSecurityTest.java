package io.evalprotocol.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TransportSecurityTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://api.example.com/v1", "http://10.0.0.5:8000/v1", "http://192.168.1.20/v1",
            "HTTP://Inference.Internal:8000/v1", "http://[2001:db8::1]:8000/v1", "http://128.0.0.1/v1",
            "http://127.0.0.1.example.com/v1", "http://localhost.example.com/v1", "http://0.0.0.0:8000/v1"})
    void flagsAKeySentOverPlainHttpToAnotherMachine(String url) {
        assertThat(TransportSecurity.sendsKeyInClear(URI.create(url), true)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8000/v1", "http://127.1.2.3/v1", "http://localhost:8000/v1",
            "http://LOCALHOST./v1", "http://vllm.localhost:8000/v1", "http://[::1]:8000/v1",
            "http://[0:0:0:0:0:0:0:1]/v1", "https://api.example.com/v1", "https://10.0.0.5/v1"})
    void acceptsLoopbackAndHttps(String url) {
        assertThat(TransportSecurity.sendsKeyInClear(URI.create(url), true)).isFalse();
    }

    @Test
    void ignoresPlainHttpWithoutAKey() {
        assertThat(TransportSecurity.sendsKeyInClear(URI.create("http://api.example.com/v1"), false)).isFalse();
    }

    @Test
    void warningNamesTheHostAndTheRemedy() {
        assertThat(TransportSecurity.clearTextWarning(URI.create("http://api.example.com:8000/v1")))
                .isEqualTo("the API key is sent over plain http:// to api.example.com, where anyone on the network"
                        + " path can read it; use https://, or a loopback address for a local server");
    }
}
