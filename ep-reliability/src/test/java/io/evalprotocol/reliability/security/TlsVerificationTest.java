package io.evalprotocol.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.EpClient;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.SingleTurnRolloutProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is verified by default: an untrusted certificate is rejected, and so is a trusted one issued for another
 * host; a trusted certificate for the host connects (the control that shows the rejections are the
 * verification's doing). Every server is on loopback; no request reaches a rejecting handshake's server.
 */
class TlsVerificationTest {
    private static final String KEY = "sk-tls-test-5b2f";

    @TempDir
    Path dir;

    private static String chatCompletion() throws IOException {
        try (InputStream in = TlsVerificationTest.class.getResourceAsStream("vllm-chat-return-token-ids.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static EvaluationRow rollout(String baseUrl) {
        try (EpClient client = EpClient.builder().baseUrl(baseUrl).apiKey(KEY).model("Qwen/Qwen2.5-7B-Instruct")
                .provider("vllm").retryPolicy(RetryPolicy.none()).build()) {
            return new SingleTurnRolloutProcessor(client)
                    .process(EvaluationRow.builder().addMessage(Message.user("hi")).build()).join();
        }
    }

    @Test
    void rejectsASelfSignedServerByDefault() throws Exception {
        Path cert = TlsFixtures.selfSigned(dir, "self-signed", "ip:127.0.0.1,dns:localhost");
        try (TlsFixtures.HttpsStub server = new TlsFixtures.HttpsStub(cert, chatCompletion())) {
            EvaluationRow out = rollout(server.baseUri("127.0.0.1").toString());
            assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.UNAVAILABLE);
            assertThat(out.rolloutStatus().message()).containsIgnoringCase("certif");
            assertThat(server.requests).hasValue(0);
        }
    }

    @Test
    void rejectsATrustedCertificateIssuedForAnotherHostAndAcceptsTheRightOne() throws Exception {
        Path otherHost = TlsFixtures.selfSigned(dir, "other-host", "dns:inference.example.invalid");
        Path thisHost = TlsFixtures.selfSigned(dir, "this-host", "ip:127.0.0.1");
        Path trust = TlsFixtures.trustStore(dir, otherHost, thisHost);
        String oldStore = System.getProperty("javax.net.ssl.trustStore");
        String oldPassword = System.getProperty("javax.net.ssl.trustStorePassword");
        String oldType = System.getProperty("javax.net.ssl.trustStoreType");
        // the JDK's default trust manager, which the SDK uses, reads these when a client is built
        System.setProperty("javax.net.ssl.trustStore", trust.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(TlsFixtures.PASSWORD));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try (TlsFixtures.HttpsStub wrong = new TlsFixtures.HttpsStub(otherHost, chatCompletion());
                TlsFixtures.HttpsStub right = new TlsFixtures.HttpsStub(thisHost, chatCompletion())) {
            EvaluationRow rejected = rollout(wrong.baseUri("127.0.0.1").toString());
            assertThat(rejected.rolloutStatus().code()).isEqualTo(StatusCode.UNAVAILABLE);
            assertThat(rejected.rolloutStatus().message()).containsIgnoringCase("127.0.0.1");
            assertThat(wrong.requests).hasValue(0);

            EvaluationRow accepted = rollout(right.baseUri("127.0.0.1").toString());
            assertThat(accepted.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
            assertThat(accepted.messages().get(1).tokenIds()).isPresent();
            assertThat(right.requests).hasValue(1);
        } finally {
            restore("javax.net.ssl.trustStore", oldStore);
            restore("javax.net.ssl.trustStorePassword", oldPassword);
            restore("javax.net.ssl.trustStoreType", oldType);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
