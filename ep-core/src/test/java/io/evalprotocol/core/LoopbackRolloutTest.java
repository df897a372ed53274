package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.testsupport.LoopbackServer;
import io.evalprotocol.core.testsupport.RowSources;
import io.evalprotocol.errors.NoTokenIdExtractorException;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.errors.UnknownTokenIdExtractorException;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackRolloutTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    static String fixture(String name) {
        try (var in = LoopbackRolloutTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LoopbackServer server(LoopbackServer.Handler h) throws IOException {
        LoopbackServer s = new LoopbackServer(h);
        closeables.add(s);
        return s;
    }

    EpClient client(LoopbackServer s, java.util.function.UnaryOperator<EpClient.Builder> customize) {
        EpClient.Builder b = EpClient.builder()
                .environment(k -> null, k -> null)
                .baseUri(s.baseUri())
                .model("Qwen/Qwen2.5-7B-Instruct")
                .provider("vllm")
                .extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor())))
                .sleeper(d -> CompletableFuture.completedFuture(null))
                .maxConcurrentRequests(4);
        EpClient c = customize.apply(b).build();
        closeables.add(c);
        return c;
    }

    static EvaluationRow row(String text) {
        return EvaluationRow.builder().addMessage(Message.user(text)).build();
    }

    static JsonObject body(LoopbackServer.Request r) {
        return (JsonObject) io.evalprotocol.api.RawJsonValue.of(r.bodyText());
    }

    @Test
    void requestCarriesModelRequestMessagesParamsAndOnlyTheChosenExtractorsFlags() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            return true;
        });
        // A second extractor that would add its own flag if it were (wrongly) asked to contribute.
        FakeExtractors.Fake fireworks = new FakeExtractors.Fake("test.fireworks", 100, io.evalprotocol.spi.Fidelity.EXACT,
                sh -> sh.hintIs("fireworks")) {
            @Override
            public void contribute(ExtractorRequest request) {
                request.set("raw_output", JsonValue.TRUE);
            }
        };
        EpClient c = client(s, b -> b.extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor(), fireworks)))
                .completionParams(CompletionParams.builder().temperature(0.5).maxTokens(6).stop(List.of("\n"))
                        .putExtraBody("top_k", jakarta.json.spi.JsonProvider.provider().createValue(20)).build()));
        EvaluationRow in = EvaluationRow.builder()
                .addMessage(Message.system("sys"))
                .addMessage(Message.user("hi"))
                .addMessage(Message.assistant("stale answer to drop"))
                .build();
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(in).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        JsonObject sent = body(s.requests().get(0));
        assertThat(sent.getString("model")).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
        assertThat(sent.getJsonArray("messages")).hasSize(2);
        assertThat(sent.getJsonArray("messages").getJsonObject(1).getString("content")).isEqualTo("hi");
        assertThat(sent.getJsonArray("messages").getJsonObject(1).containsKey("token_ids")).isFalse();
        assertThat(sent.getJsonNumber("temperature").doubleValue()).isEqualTo(0.5);
        assertThat(sent.getInt("max_tokens")).isEqualTo(6);
        assertThat(sent.getInt("top_k")).isEqualTo(20);
        assertThat(sent.getBoolean("return_token_ids")).isTrue();
        assertThat(sent.containsKey("raw_output")).isFalse();
        assertThat(s.requests().get(0).header("accept")).isEqualTo("application/json");
        // the trailing assistant message is dropped from the row too, and the new one appended
        assertThat(out.messages()).hasSize(3);
        Message a = out.messages().get(2);
        assertThat(a.content()).contains("Hello! How can I assist");
        assertThat(a.tokenIds().get().toArray()).containsExactly(9707, 0, 2585, 646, 358, 7789);
        JsonObject alignment = out.executionMetadata().extra().get().getJsonObject("token_alignment");
        assertThat(alignment.getString("eos")).isEqualTo("ABSENT");
        assertThat(alignment.getBoolean("aligned")).isTrue();
    }

    @Test
    void logprobsAreKeptExactlyAsTheProviderSentThem() throws Exception {
        String body = "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null},\"logprobs\":{\"content\":[{\"token\":\"a\\u0001\","
                + "\"logprob\":-2.4e-7,\"bytes\":[97,1],\"top_logprobs\":[]},{\"token\":\"b\",\"logprob\":-9999.0,\"bytes\":null,"
                + "\"top_logprobs\":[]}],\"refusal\":null},\"finish_reason\":\"stop\",\"token_ids\":[1,2]}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}";
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", body);
            return true;
        });
        EvaluationRow out = new SingleTurnRolloutProcessor(client(s, b -> b)).process(row("x")).join();
        Message a = out.messages().get(1);
        assertThat(a.content()).contains(""); // null content becomes "" as in Python
        assertThat(a.logprobs().get().toString()).isEqualTo("{\"content\":[{\"token\":\"a\\u0001\",\"logprob\":-2.4e-7,"
                + "\"bytes\":[97,1],\"top_logprobs\":[]},{\"token\":\"b\",\"logprob\":-9999.0,\"bytes\":null,"
                + "\"top_logprobs\":[]}],\"refusal\":null}");
    }

    @Test
    void reasoningComesFromReasoningContentOrVllmsNewerReasoningFieldStreamedOrNot() throws Exception {
        String plain = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"42\","
                + "\"reasoning\":\"think hard\"},\"finish_reason\":\"stop\",\"token_ids\":[1,2]}]}";
        String sse = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning\":\"think \"},\"token_ids\":[1]}]}\n\n"
                + "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"hard\"},\"token_ids\":[]}]}\n\n"
                + "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"42\"},\"finish_reason\":\"stop\",\"token_ids\":[2]}]}\n\n"
                + "data: [DONE]\n\n";
        LoopbackServer s = server((req, ex) -> {
            if (body(req).containsKey("stream")) {
                ex.startChunked(200, "text/event-stream");
                ex.chunk(sse);
                ex.endChunks();
            } else {
                ex.respond(200, "application/json", req.index == 0 ? plain
                        : plain.replace("\"reasoning\"", "\"reasoning_content\""));
            }
            return true;
        });
        SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(client(s, b -> b));
        SingleTurnRolloutProcessor streamed = new SingleTurnRolloutProcessor(client(s, b -> b.completionParams(
                CompletionParams.builder().stream(true).build())));
        for (EvaluationRow out : List.of(p.process(row("a")).join(), p.process(row("b")).join(),
                streamed.process(row("c")).join())) {
            Message a = out.messages().get(1);
            assertThat(a.reasoningContent()).contains("think hard");
            assertThat(a.content()).contains("42");
            assertThat(a.tokenIds().get().toArray()).containsExactly(1, 2);
        }
    }

    @Test
    void cancellingOneRowsFutureAbortsItsRequest() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        LoopbackServer s = server((req, ex) -> {
            arrived.countDown();
            cancelled.await(10, TimeUnit.SECONDS);
            try {
                ex.startChunked(200, "application/json");
            } catch (IOException alreadyClosed) {
                // the cancel reached the connection first
            }
            closed.complete(ex.awaitClientClose());
            return false;
        });
        CompletableFuture<EvaluationRow> f = new SingleTurnRolloutProcessor(client(s, b -> b)).process(row("a"));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cancel(true)).isTrue();
        cancelled.countDown();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f).isCancelled();
    }

    @Test
    void eachRowRecordsTheFlagsItsOwnRequestWasSentWithFinishedOrFailed() throws Exception {
        AtomicInteger n = new AtomicInteger();
        LoopbackServer s = server((req, ex) -> {
            if (n.getAndIncrement() < 2) {
                ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            } else {
                ex.respond(400, "application/json", "{\"error\":{\"message\":\"no\"}}");
            }
            return true;
        });
        // Supports only what a response shows: the first request goes before it is chosen, so without its flag.
        FakeExtractors.Fake late = new FakeExtractors.Fake("test.late", 100, io.evalprotocol.spi.Fidelity.EXACT,
                sh -> sh.firstResponse().isPresent()) {
            @Override
            public void contribute(ExtractorRequest request) {
                request.setIfAbsent("return_token_ids", JsonValue.TRUE);
                request.setIfAbsent("logprobs", JsonValue.TRUE);
                request.set("top_k", jakarta.json.Json.createValue(5));
            }
        };
        SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(client(s, b -> b
                .extractorRegistry(TokenIdExtractorRegistry.of(List.of(late))).retryPolicy(RetryPolicy.none())
                .completionParams(CompletionParams.builder().maxTokens(6).logprobs(false)
                        .putExtraBody("top_k", jakarta.json.Json.createValue(20)).build())));
        List<EvaluationRow> rows = List.of(p.process(row("a")).join(), p.process(row("b")).join(),
                p.process(row("c")).join());

        assertThat(rows).extracting(r -> r.rolloutStatus().code())
                .containsExactly(StatusCode.FINISHED, StatusCode.FINISHED, StatusCode.INVALID_ARGUMENT);
        assertThat(body(s.requests().get(0)).containsKey("return_token_ids")).isFalse();
        assertThat(EvalProtocolJson.writeValue(rows.get(1).inputMetadata().completionParams()))
                .isEqualTo("{\"model\":\"Qwen/Qwen2.5-7B-Instruct\",\"max_tokens\":6,\"logprobs\":false,"
                        + "\"extra_body\":{\"top_k\":5,\"return_token_ids\":true}}");
        for (int i = 0; i < 3; i++) {
            assertThat(RecordedCompletionParamsTest.replayed(rows.get(i).inputMetadata().completionParams())).as("row %d", i)
                    .isEqualTo(RecordedCompletionParamsTest.sent(body(s.requests().get(i))));
        }
        assertThat(rows.get(2).inputMetadata().completionParams())
                .isSameAs(rows.get(1).inputMetadata().completionParams());
    }

    @Test
    void aBaseUrlWithAQueryReachesTheServerAfterThePathAndIsQuotedWithItsValuesRedacted() throws Exception {
        String secret = "SIG-RECOGNIZABLE-0123";
        AtomicInteger n = new AtomicInteger();
        LoopbackServer s = server((req, ex) -> {
            if (n.getAndIncrement() == 0) {
                ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            } else {
                ex.respond(404, "application/json", "{\"error\":{\"code\":\"DeploymentNotFound\"}}");
            }
            return true;
        });
        List<ProviderShape> shapes = Collections.synchronizedList(new ArrayList<>());
        ChoiceTokenIdsExtractor recording = new ChoiceTokenIdsExtractor() {
            @Override
            public boolean supports(ProviderShape shape) {
                shapes.add(shape);
                return super.supports(shape);
            }
        };
        String query = "api-version=2024-02-01&sig=" + secret;
        EpClient c = client(s, b -> b.baseUrl(s.baseUri() + "/openai/deployments/d?" + query)
                .extractorRegistry(TokenIdExtractorRegistry.of(List.of(recording))).retryPolicy(RetryPolicy.none()));
        SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(c);
        EvaluationRow finished = p.process(row("a")).join();
        EvaluationRow failed = p.process(row("b")).join();

        assertThat(finished.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(s.requests()).extracting(r -> r.path)
                .containsExactly("/v1/openai/deployments/d/chat/completions?" + query,
                        "/v1/openai/deployments/d/chat/completions?" + query);
        assertThat(failed.rolloutStatus().code()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(failed.rolloutStatus().message()).contains("POST " + s.baseUri()
                + "/openai/deployments/d/chat/completions?api-version=[REDACTED]&sig=[REDACTED]");
        assertThat(EvalProtocolJson.writeRow(finished) + EvalProtocolJson.writeRow(failed) + c).doesNotContain(secret);
        // extractors see the base URI without its query, and so does every message that quotes their shape
        assertThat(shapes).isNotEmpty().allSatisfy(shape -> assertThat(shape.baseUri())
                .contains(java.net.URI.create(s.baseUri() + "/openai/deployments/d")));
    }

    @Test
    void pinnedExtractorThatNoLongerSupportsTheResponseFailsThatRowOnly() throws Exception {
        AtomicInteger n = new AtomicInteger();
        String withIds = fixture("vllm-chat-return-token-ids.json");
        String withoutIds = withIds.replace("\"prompt_token_ids\"", "\"x_prompt\"").replace("\"token_ids\"", "\"x_ids\"");
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", n.getAndIncrement() == 0 ? withIds : withoutIds);
            return true;
        });
        SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(client(s, b -> b));
        EvaluationRow first = p.process(row("a")).join();
        EvaluationRow second = p.process(row("b")).join();
        assertThat(first.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(second.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(second.rolloutStatus().message()).contains(ChoiceTokenIdsExtractor.ID)
                .contains("does not switch extractors silently");
        assertThat(second.rolloutStatus().details().get(0).getString("reason")).isEqualTo("TOKEN_ID_EXTRACTION");
    }

    @Test
    void extractorThatThrowsFailsTheRowWithItsId() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            return true;
        });
        ChoiceTokenIdsExtractor broken = new ChoiceTokenIdsExtractor() {
            @Override
            public io.evalprotocol.spi.ExtractedTokens extract(JsonObject r, int i, io.evalprotocol.spi.ExtractionContext c) {
                throw new IllegalStateException("plugin bug");
            }
        };
        EpClient c = client(s, b -> b.extractorRegistry(TokenIdExtractorRegistry.of(List.of(broken))));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains(ChoiceTokenIdsExtractor.ID).contains("plugin bug");
        assertThatThrownBy(() -> c.rollout(row("b"))).isInstanceOf(TokenIdExtractionException.class);
    }

    @Test
    void withoutAnyMatchingExtractorRowsSucceedWithoutIdsAndSayWhy() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", fixture("openai-chat-logprobs.json"));
            return true;
        });
        SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(client(s, b -> b.provider("openai")));
        for (int i = 0; i < 2; i++) {
            EvaluationRow out = p.process(row("a")).join();
            assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
            Message a = out.messages().get(1);
            assertThat(a.tokenIds()).isEmpty();
            assertThat(a.logprobs()).isPresent();
            JsonObject extra = out.executionMetadata().extra().orElseThrow();
            assertThat(extra.getString("token_ids_unavailable")).startsWith("No TokenIdExtractor supports {provider=openai")
                    .contains("See the warning logged by").doesNotContain("Discovered:");
            assertThat(extra.containsKey("token_ids_extractor")).isFalse();
        }
        assertThat(body(s.requests().get(0)).containsKey("return_token_ids")).isFalse();
    }

    @Test
    void requireTokenIdsTurnsMissingIdsIntoRowErrors() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", fixture("openai-chat-logprobs.json"));
            return true;
        });
        EpClient c = client(s, b -> b.provider("openai").requireTokenIds(true));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FAILED_PRECONDITION);
        assertThat(out.rolloutStatus().message()).contains("requireTokenIds");
        assertThatThrownBy(() -> c.rollout(row("b"))).isInstanceOf(NoTokenIdExtractorException.class);
    }

    @Test
    void streamReadsFixtureIncrementallyAndEqualsTheNonStreamedShape() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.startChunked(200, "text/event-stream; charset=utf-8");
            // one event split across chunks, to cross buffer boundaries
            String sse = fixture("vllm-chat-stream.sse");
            for (int i = 0; i < sse.length(); i += 37) {
                ex.chunk(sse.substring(i, Math.min(sse.length(), i + 37)));
            }
            ex.endChunks();
            return true;
        });
        EpClient c = client(s, b -> b.completionParams(CompletionParams.builder().stream(true).logprobs(true).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        Message a = out.messages().get(1);
        assertThat(a.content()).contains("Hello!");
        assertThat(a.tokenIds().get().toArray()).containsExactly(9707, 0, 151645);
        assertThat(a.logprobs().get().toString()).isEqualTo("{\"content\":["
                + "{\"token\":\"Hello\",\"logprob\":-0.0071,\"bytes\":[72,101,108,108,111],\"top_logprobs\":[]},"
                + "{\"token\":\"!\",\"logprob\":-0.1925,\"bytes\":[33],\"top_logprobs\":[]},"
                + "{\"token\":\"<|im_end|>\",\"logprob\":-0.0002,\"bytes\":[60,124,105,109,95,101,110,100,124,62],\"top_logprobs\":[]}]}");
        JsonObject extra = out.executionMetadata().extra().orElseThrow();
        assertThat(extra.getJsonArray("prompt_token_ids")).hasSize(20);
        assertThat(extra.getJsonObject("token_alignment").getString("eos")).isEqualTo("PRESENT");
        assertThat(out.executionMetadata().usage().get().completionTokens()).hasValue(3);
        JsonObject sent = body(s.requests().get(0));
        assertThat(sent.getBoolean("stream")).isTrue();
        assertThat(sent.getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
        assertThat(s.requests().get(0).header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void errorEventMidStreamFailsTheRowWithTheProviderMessage() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.startChunked(200, "text/event-stream");
            ex.chunk("data: {\"id\":\"1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                    + "\"token_ids\":[1]}]}\n\n");
            ex.chunk("data: {\"error\":{\"message\":\"engine overloaded\",\"type\":\"ServiceUnavailable\",\"code\":503}}\n\n");
            ex.endChunks();
            return true;
        });
        EpClient c = client(s, b -> b.completionParams(CompletionParams.builder().stream(true).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("engine overloaded").contains("code: 503");
        assertThat(out.rolloutStatus().details().get(0).getString("reason")).isEqualTo("SSE_STREAM_ERROR");
        assertThatThrownBy(() -> c.rollout(row("b"))).isInstanceOf(io.evalprotocol.errors.SseStreamException.class);
    }

    @Test
    void streamEndingWithoutDoneIsTruncated() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.startChunked(200, "text/event-stream");
            ex.chunk("data: {\"id\":\"1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"token_ids\":[1]}]}\n\n");
            ex.endChunks();
            return true;
        });
        EpClient c = client(s, b -> b.completionParams(CompletionParams.builder().stream(true).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("ended before 'data: [DONE]'");
    }

    @Test
    void sseEventAboveLimitFailsNamingTheLimit() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.startChunked(200, "text/event-stream");
            ex.chunk("data: {\"pad\":\"" + "x".repeat(5000) + "\"}\n\n");
            ex.endChunks();
            return true;
        });
        EpClient c = client(s, b -> b.maxSseEventBytes(1024).completionParams(CompletionParams.builder().stream(true).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().message()).contains("1024 bytes").contains("maxSseEventBytes");
    }

    @Test
    void jsonNestingAboveLimitFailsNamingTheLimit() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", "{\"choices\":" + "[".repeat(50) + "]".repeat(50) + "}");
            return true;
        });
        EpClient c = client(s, b -> b.maxJsonNestingDepth(20));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("maxJsonNestingDepth=20");
    }

    @Test
    void serverIgnoringStreamFlagIsReadAsAPlainResponse() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            return true;
        });
        EpClient c = client(s, b -> b.completionParams(CompletionParams.builder().stream(true).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(out.messages().get(1).tokenIds().get().size()).isEqualTo(6);
    }

    @Test
    void rowWithoutMessagesIsAnInvalidArgumentRow() throws Exception {
        LoopbackServer s = server((req, ex) -> false);
        EpClient c = client(s, b -> b);
        EvaluationRow out = new SingleTurnRolloutProcessor(c).process(EvaluationRow.builder().build()).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(out.rolloutStatus().message()).contains("no messages");
        assertThat(s.requests()).isEmpty();
    }

    @Test
    void rowDeadlineCutsAHangingRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LoopbackServer s = server((req, ex) -> {
            release.await(10, TimeUnit.SECONDS);
            return false;
        });
        try {
            EpClient c = client(s, b -> b.rowDeadline(Duration.ofMillis(300)));
            EvaluationRow out = new SingleTurnRolloutProcessor(c).process(row("a")).join();
            assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
            assertThat(out.rolloutStatus().message()).contains("row deadline of PT0.3S");
        } finally {
            release.countDown();
        }
    }

    @Test
    void cancellingABatchDeliversEveryTakenRowOnceAndClosesConnections() throws Exception {
        CountDownLatch arrived = new CountDownLatch(4);
        CountDownLatch closedByClient = new CountDownLatch(4);
        LoopbackServer s = server((req, ex) -> {
            ex.startChunked(200, "text/event-stream");
            ex.chunk(": keep-alive\n\n");
            arrived.countDown();
            if (ex.awaitClientClose()) {
                closedByClient.countDown();
            }
            return false;
        });
        EpClient c = client(s, b -> b.completionParams(CompletionParams.builder().stream(true).build()));
        List<EvaluationRow> inputs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inputs.add(row("q" + i));
        }
        List<EvaluationRow> delivered = Collections.synchronizedList(new ArrayList<>());
        RolloutRun run = new SingleTurnRolloutProcessor(c).processAll(inputs, delivered::add);
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run.inFlight()).isEqualTo(4);
        run.cancel();
        RolloutSummary summary = run.await();
        assertThat(summary.rows()).isEqualTo(4);
        assertThat(summary.cancelled()).isEqualTo(4);
        assertThat(delivered).hasSize(4).allSatisfy(r -> assertThat(r.rolloutStatus().code()).isEqualTo(StatusCode.CANCELLED));
        assertThat(delivered.stream().map(r -> r.messages().get(0).content().get()).distinct()).hasSize(4);
        c.close();
        assertThat(closedByClient.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeCancelsRowsInFlightAndLeavesNoThreads() throws Exception {
        CountDownLatch arrived = new CountDownLatch(2);
        LoopbackServer s = server((req, ex) -> {
            arrived.countDown();
            ex.awaitClientClose();
            return false;
        });
        EpClient c = client(s, b -> b);
        SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(c);
        CompletableFuture<EvaluationRow> a = p.process(row("a"));
        CompletableFuture<EvaluationRow> b = p.process(row("b"));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sdkThreads()).isNotEmpty();
        c.close();
        assertThat(a.join().rolloutStatus().code()).isEqualTo(StatusCode.CANCELLED);
        assertThat(b.join().rolloutStatus().code()).isEqualTo(StatusCode.CANCELLED);
        assertThat(sdkThreads()).isEmpty();
        assertThat(p.process(row("c")).join().rolloutStatus().code()).isEqualTo(StatusCode.CANCELLED);
    }

    @Test
    void closeFromARowsContinuationDoesNotWaitForItsOwnWorker() throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        LoopbackServer s = server((req, ex) -> {
            // answer once the continuation is in place, so that the worker completing the row runs it
            registered.await(10, TimeUnit.SECONDS);
            ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            return true;
        });
        EpClient c = client(s, b -> b);
        CompletableFuture<String> closedOn = new CompletableFuture<>();
        new SingleTurnRolloutProcessor(c).process(row("a")).thenAccept(r -> {
            // runs on the SDK worker that completed the row
            c.close();
            // Waiting for the worker pool to end from inside it used to run into its 10 s bound, after which
            // shutdownNow() interrupted this very thread.
            closedOn.complete(Thread.currentThread().getName() + (Thread.currentThread().isInterrupted() ? " interrupted" : ""));
        });
        registered.countDown();
        assertThat(closedOn.get(30, TimeUnit.SECONDS)).startsWith("ep-rollout-").doesNotContain("interrupted");
        assertThat(sdkThreads()).allSatisfy(name -> assertThat(name).startsWith("ep-rollout-"));
    }

    @Test
    void everyRowComesOutExactlyOnceUnderMixedFailures() throws Exception {
        // Row i's fate is decided by its text: some fail for good, some once, some succeed.
        Map<String, AtomicInteger> seen = new java.util.concurrent.ConcurrentHashMap<>();
        LoopbackServer s = server((req, ex) -> {
            String text = body(req).getJsonArray("messages").getJsonObject(0).getString("content");
            int i = Integer.parseInt(text.substring(1));
            int attempt = seen.computeIfAbsent(text, k -> new AtomicInteger()).incrementAndGet();
            if (i % 5 == 0) {
                ex.respond(400, "application/json", "{\"error\":{\"message\":\"bad " + i + "\"}}");
            } else if (i % 5 == 1 && attempt == 1) {
                ex.respond(503, "application/json", "{\"error\":{\"message\":\"busy\"}}");
            } else if (i % 5 == 2) {
                ex.respond(200, "application/json", "{not json");
            } else {
                ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            }
            return true;
        });
        EpClient c = client(s, b -> b.maxConcurrentRequests(8));
        List<EvaluationRow> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inputs.add(row("r" + i));
        }
        Map<String, Integer> counts = new HashMap<>();
        RolloutSummary summary = new SingleTurnRolloutProcessor(c).processAll(inputs, r -> {
            counts.merge(r.messages().get(0).content().get(), 1, Integer::sum);
        }).await();
        assertThat(counts).hasSize(200).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(summary.rows()).isEqualTo(200);
        assertThat(summary.failed()).isEqualTo(80);
        assertThat(summary.finished()).isEqualTo(120);
        List<EvaluationRow> ordered = new SingleTurnRolloutProcessor(c).run(inputs.subList(0, 10));
        for (int i = 0; i < 10; i++) {
            assertThat(ordered.get(i).messages().get(0).content()).contains("r" + i);
            assertThat(ordered.get(i).rolloutStatus().code()).isEqualTo(
                    i % 5 == 0 ? StatusCode.INVALID_ARGUMENT : i % 5 == 2 ? StatusCode.DATA_LOSS : StatusCode.FINISHED);
        }
    }

    @Test
    void failingSourceStillDeliversRowsTakenAndFailsTheRun() throws Exception {
        LoopbackServer s = server((req, ex) -> {
            ex.respond(200, "application/json", fixture("vllm-chat-return-token-ids.json"));
            return true;
        });
        EpClient c = client(s, b -> b);
        Iterable<EvaluationRow> source = RowSources.failingAt(3,
                new io.evalprotocol.errors.InvalidDataException("bad line", "$", 4, null));
        List<EvaluationRow> delivered = Collections.synchronizedList(new ArrayList<>());
        RolloutRun run = new SingleTurnRolloutProcessor(c).processAll(source, delivered::add);
        // await() throws the source's own exception, as run() and EpClient.rollout() do, not a CompletionException
        assertThatThrownBy(run::await).isInstanceOf(io.evalprotocol.errors.InvalidDataException.class)
                .hasMessage("line 4: $: bad line");
        assertThat(delivered).hasSize(3);
        assertThatThrownBy(() -> run.completion().join()).hasCauseInstanceOf(io.evalprotocol.errors.InvalidDataException.class);
    }

    @Test
    void explicitUnknownExtractorFailsAtBuildListingDiscoveredOnes() throws Exception {
        LoopbackServer s = server((req, ex) -> false);
        assertThatThrownBy(() -> client(s, b -> b.tokenIdExtractor("vllm.tokenids")))
                .isInstanceOf(UnknownTokenIdExtractorException.class)
                .hasMessageContaining("vllm.tokenids").hasMessageContaining(ChoiceTokenIdsExtractor.ID);
    }

    @Test
    void explicitExtractorFromEnvironmentIsUsedBelowTheBuilderValue() throws Exception {
        LoopbackServer s = server((req, ex) -> false);
        Map<String, String> env = Map.of("EP_TOKEN_ID_EXTRACTOR", ChoiceTokenIdsExtractor.ID);
        EpClient c = EpClient.builder().environment(env::get, k -> null).baseUri(s.baseUri()).model("m")
                .extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor()))).build();
        closeables.add(c);
        assertThat(c.extractorSelectionPolicy().explicitId()).contains(ChoiceTokenIdsExtractor.ID);
        assertThat(c.extractorSelectionPolicy().explicitIdSource().get()).contains("EP_TOKEN_ID_EXTRACTOR");
    }

    static List<String> sdkThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && (n.startsWith("ep-http") || n.startsWith("ep-rollout") || n.startsWith("ep-scheduler"))) {
                names.add(n);
            }
        }
        return names;
    }

    @SuppressWarnings("unused")
    private static ProviderShape unused() {
        return null;
    }

    @SuppressWarnings("unused")
    private static InputMetadata unused2() {
        return null;
    }
}
