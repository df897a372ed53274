package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.testsupport.LoopbackServer;
import io.evalprotocol.spi.ExtractionContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limits that protect a client from a hostile or broken server, end to end through {@link EpClient}: each
 * failure names the option that raises the limit. (maxResponseBytes, maxSseEventBytes and
 * maxJsonNestingDepth are pinned in SimRolloutTest and LoopbackRolloutTest.)
 */
class ResponseLimitsTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private LoopbackServer serving(String contentType, String body) throws IOException {
        LoopbackServer s = new LoopbackServer((req, ex) -> {
            ex.respond(200, contentType, body);
            return true;
        });
        closeables.add(s);
        return s;
    }

    private EvaluationRow rollout(LoopbackServer s, UnaryOperator<EpClient.Builder> customize) {
        EpClient c = customize.apply(EpClient.builder()
                .environment(k -> null, k -> null)
                .baseUri(s.baseUri())
                .model("Qwen/Qwen2.5-7B-Instruct")
                .provider("vllm")
                .sleeper(d -> CompletableFuture.completedFuture(null))
                .retryPolicy(RetryPolicy.none())).build();
        closeables.add(c);
        return new SingleTurnRolloutProcessor(c).process(EvaluationRow.builder().addMessage(Message.user("hi")).build())
                .join();
    }

    @Test
    void aStringLongerThanMaxJsonStringLengthFailsTheRowNamingTheLimit() throws Exception {
        String body = LoopbackRolloutTest.fixture("vllm-chat-return-token-ids.json")
                .replace("\"object\": \"chat.completion\"", "\"object\": \"" + "x".repeat(5000) + "\"");
        assertThat(body).contains("x".repeat(5000));
        LoopbackServer s = serving("application/json", body);

        EvaluationRow out = rollout(s, b -> b.maxJsonStringLength(1000));
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("maxJsonStringLength=1000")
                .contains("EpClient.builder().maxJsonStringLength(");
        assertThat(rollout(s, b -> b.maxJsonStringLength(5000)).rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
    }

    @Test
    void aNumberLongerThanMaxJsonNumberLengthFailsTheRowNamingTheLimit() throws Exception {
        String body = LoopbackRolloutTest.fixture("vllm-chat-return-token-ids.json")
                .replaceFirst("\"created\": \\d+", "\"created\": " + "7".repeat(60));
        assertThat(body).contains("7".repeat(60));
        LoopbackServer s = serving("application/json", body);

        EvaluationRow out = rollout(s, b -> b.maxJsonNumberLength(20));
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("maxJsonNumberLength=20")
                .contains("EpClient.builder().maxJsonNumberLength(");
    }

    @Test
    void moreTokenIdsThanMaxTokenIdsFailTheRowNamingTheLimit() throws Exception {
        // the fixture's assistant message carries 6 completion ids; its 20 prompt ids are hidden so that the
        // completion ids are what reaches the limit
        LoopbackServer s = serving("application/json", LoopbackRolloutTest.fixture("vllm-chat-return-token-ids.json")
                .replace("\"prompt_token_ids\"", "\"x_prompt_token_ids\""));

        EvaluationRow out = rollout(s, b -> b.maxTokenIds(5));
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("more than the limit of 5").contains("maxTokenIds");
        assertThat(out.rolloutStatus().details().get(0).getString("reason")).isEqualTo("TOKEN_ID_EXTRACTION");

        EvaluationRow ok = rollout(s, b -> b.maxTokenIds(6));
        assertThat(ok.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(ok.messages().get(1).tokenIds().orElseThrow().size()).isEqualTo(6);
    }

    @Test
    void moreStreamedTokenIdsThanMaxTokenIdsFailTheRowNamingTheLimit() throws Exception {
        LoopbackServer s = serving("text/event-stream", LoopbackRolloutTest.fixture("vllm-chat-stream.sse"));
        UnaryOperator<EpClient.Builder> streamed = b -> b.completionParams(CompletionParams.builder().stream(true).build());

        int ids = rollout(s, streamed).messages().get(1).tokenIds().orElseThrow().size();
        EvaluationRow out = rollout(s, b -> streamed.apply(b).maxTokenIds(ids - 1));
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("more than the limit of " + (ids - 1)).contains("maxTokenIds");
    }

    @Test
    void maxTokenIdsDefaultsToTheSpiDefaultAndRejectsNonPositiveValues() {
        assertThat(EpClient.DEFAULT_MAX_TOKEN_IDS).isEqualTo(ExtractionContext.DEFAULT_MAX_TOKEN_IDS);
        assertThatThrownBy(() -> EpClient.builder().maxTokenIds(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTokenIds must be at least 1, was 0");
    }
}
