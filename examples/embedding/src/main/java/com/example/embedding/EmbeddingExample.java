package com.example.embedding;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EpClient;
import io.evalprotocol.core.SingleTurnRolloutProcessor;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Rolls out three rows against a simulated vLLM server and prints the exact token ids of each answer.
 * Against a real server, replace the simulated provider with its URL and model:
 * {@code EpClient.builder().baseUrl("http://127.0.0.1:8000/v1").model("Qwen/Qwen3-8B").provider("vllm")}.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing to {@code out}; returns the output rows. */
    public static List<EvaluationRow> run(PrintStream out) {
        List<EvaluationRow> rows = List.of(
                EvaluationRow.of(List.of(Message.user("What is 17 + 25?"))),
                EvaluationRow.of(List.of(Message.system("Answer with one word."), Message.user("Capital of Norway?"))),
                EvaluationRow.of(List.of(Message.user("What is 12 * 7?"))));

        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(7).build().start();
                EpClient client = EpClient.builder()
                        .baseUri(sim.baseUri())
                        .model(sim.model())
                        .provider("vllm")
                        .completionParams(CompletionParams.builder().logprobs(true).maxTokens(64).build())
                        .requireTokenIds(true)
                        .build()) {
            List<EvaluationRow> results = new SingleTurnRolloutProcessor(client).run(rows);
            for (EvaluationRow row : results) {
                if (row.rolloutStatus().isError()) {
                    throw new IllegalStateException("rollout failed: " + row.rolloutStatus());
                }
                Message answer = row.lastAssistantMessage().orElseThrow();
                TokenIds ids = answer.tokenIds().orElseThrow(() -> new IllegalStateException("no token ids"));
                out.println(row.messages().get(row.messages().size() - 2).text());
                out.println("  answer:    " + answer.text().strip().replace("\n", " "));
                out.println("  token ids: " + Arrays.toString(ids.toArray()) + " (" + ids.size() + ")");
            }
            return results;
        }
    }
}
