package io.evalprotocol.benchmarks.runner;

import io.evalprotocol.api.Message;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.benchmarks.bodies.BodySpec;
import io.evalprotocol.benchmarks.bodies.ChatBodies;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.spi.ExtractedTokens;
import java.nio.charset.StandardCharsets;
import org.openjdk.jol.info.GraphLayout;

/**
 * P3: retained heap (JOL's object-graph walk) of what the SDK keeps per response. Measures the SDK's own
 * in-memory types filled with a generated completion: the assistant {@link Message} as the SDK reads it
 * (provider logprobs kept as exact text, token ids as {@code int[]}), and the ids-only result: the extractor's
 * {@link ExtractedTokens} (completion and prompt ids, flat logprobs) and the assistant message the
 * {@code TokenTrace.IDS_ONLY} path builds from it (token ids + flat logprobs, no payload), whichever is larger.
 */
final class Footprint {
    /** Bytes per token and payload ratio of one body. */
    static final class Result {
        final double idsOnlyBytesPerToken;
        final long idsOnlyTokens;
        final double messageBytes;
        final double payloadJsonBytes;

        Result(double idsOnlyBytesPerToken, long idsOnlyTokens, double messageBytes, double payloadJsonBytes) {
            this.idsOnlyBytesPerToken = idsOnlyBytesPerToken;
            this.idsOnlyTokens = idsOnlyTokens;
            this.messageBytes = messageBytes;
            this.payloadJsonBytes = payloadJsonBytes;
        }
    }

    private Footprint() {}

    static Result measure(BodySpec spec) {
        ChatBodies.GeneratedCompletion c = ChatBodies.completion(spec);
        int[] ids = c.completionTokenIds();
        int[] prompt = c.promptTokenIds();
        ExtractedTokens.Builder b = ExtractedTokens.builder("bench.ids-only")
                .completionTokenIds(TokenIds.wrap(ids), "choices[].token_ids")
                .promptTokenIds(TokenIds.wrap(prompt), "prompt_token_ids");
        double[] flat = c.flatLogprobs();
        if (flat != null) {
            b.logprobs(TokenLogprobs.wrap(flat), "logprobs.content[].logprob");
        }
        ExtractedTokens tokens = b.build();
        long allTokens = ids.length + prompt.length;
        // what RowAssembler keeps on the message with TokenTrace.IDS_ONLY (prompt ids go to extra, as JSON text)
        Message idsOnlyMessage = Message.builder().role("assistant").content(null)
                .tokenIds(tokens.completionTokenIds().orElseThrow())
                .flatLogprobs(tokens.logprobs().orElse(null)).build();
        double perToken = Math.max((double) GraphLayout.parseInstance(tokens).totalSize() / allTokens,
                (double) GraphLayout.parseInstance(idsOnlyMessage).totalSize() / ids.length);

        if (!spec.kind().hasLogprobs()) {
            return new Result(perToken, allTokens, Double.NaN, Double.NaN);
        }
        String logprobs = c.logprobsJson();
        StringBuilder json = new StringBuilder(logprobs.length() + c.content().length() * 2 + ids.length * 8);
        json.append("{\"role\":\"assistant\",\"content\":\"\",\"logprobs\":").append(logprobs).append(",\"token_ids\":[");
        for (int i = 0; i < ids.length; i++) {
            json.append(i == 0 ? "" : ",").append(ids[i]);
        }
        json.append("]}");
        Message m = EvalProtocolJson.readMessage(json.toString().getBytes(StandardCharsets.UTF_8));
        // the payload goal is about what keeping logprobs + ids costs; content is the reply text every path keeps
        long message = GraphLayout.parseInstance(m).totalSize();
        return new Result(perToken, allTokens, message,
                logprobs.getBytes(StandardCharsets.UTF_8).length);
    }
}
