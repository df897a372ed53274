package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.StatusCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.StringAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.junit.jupiter.api.Test;

class Http2PriorKnowledgeTest {
    @Test
    void speaksCleartextHttp2WhenToldTheServerSupportsIt() throws Exception {
        List<ProtocolVersion> versions = new CopyOnWriteArrayList<>();
        String body = LoopbackRolloutTest.fixture("vllm-chat-return-token-ids.json");
        HttpAsyncServer server = H2ServerBootstrap.bootstrap()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setCanonicalHostName("127.0.0.1")
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_2)
                .register("*", new AsyncServerRequestHandler<Message<HttpRequest, String>>() {
                    @Override
                    public AsyncRequestConsumer<Message<HttpRequest, String>> prepare(HttpRequest request,
                            EntityDetails entityDetails, HttpContext context) {
                        return new BasicRequestConsumer<>(new StringAsyncEntityConsumer());
                    }

                    @Override
                    public void handle(Message<HttpRequest, String> message, ResponseTrigger trigger, HttpContext context)
                            throws org.apache.hc.core5.http.HttpException, java.io.IOException {
                        versions.add(context.getProtocolVersion());
                        trigger.submitResponse(AsyncResponseBuilder.create(200)
                                .setEntity(body, ContentType.APPLICATION_JSON).build(), context);
                    }
                })
                .create();
        server.start();
        try {
            ListenerEndpoint endpoint = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    URIScheme.HTTP).get(10, TimeUnit.SECONDS);
            int port = ((InetSocketAddress) endpoint.getAddress()).getPort();
            try (EpClient client = EpClient.builder()
                    .environment(k -> null, k -> null)
                    .baseUri(URI.create("http://127.0.0.1:" + port + "/v1"))
                    .model("m").provider("vllm")
                    .extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor())))
                    .http2PriorKnowledge(true)
                    .build()) {
                SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(client);
                List<EvaluationRow> out = p.run(List.of(
                        EvaluationRow.builder().addMessage(io.evalprotocol.api.Message.user("a")).build(),
                        EvaluationRow.builder().addMessage(io.evalprotocol.api.Message.user("b")).build()));
                assertThat(out).allSatisfy(r -> {
                    assertThat(r.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
                    assertThat(r.messages().get(1).tokenIds()).isPresent();
                });
            }
            assertThat(versions).hasSize(2).allSatisfy(v -> assertThat(v.getMajor()).isEqualTo(2));
        } finally {
            server.close(CloseMode.IMMEDIATE);
        }
    }
}
