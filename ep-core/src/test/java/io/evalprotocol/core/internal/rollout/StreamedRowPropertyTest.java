package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.http.BodySink;
import io.evalprotocol.errors.InvalidResponseException;
import io.evalprotocol.errors.SseStreamException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A streamed response must give the row its non-streamed twin gives: on generated completions (Fireworks, vLLM
 * and OpenAI flavours, n = 1 and 2, every escape form and multi-byte UTF-8 split across tokens, logprobs with
 * alternatives, reasoning, tool calls, usage-only chunks, events laid out with whitespace so that some take the
 * fallback reader, CRLF line ends, the stream cut into arbitrary network buffers, direct buffers).
 */
class StreamedRowPropertyTest {
    private static final String[] TOKEN_PARTS = {
        "a", " the", "Hello", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u00e9", "\\u00E9", "\\ud83d\\ude0a", "\\u2028", "\u007f", " ",
        "<|im_end|>", "\\\\xf0\\\\x9f",
    };
    private static final String[] LOGPROBS = {"0", "-0.0", "-0.00419", "-1e-05", "-2.5E-7", "-9999.0", "-3", "-12.75"};
    private static final String[] PROVIDERS = {"fireworks", "vllm", "openai"};
    private static final int LIMIT = 20_000_000;

    private final EvaluationRow input = EvaluationRow.of(List.of(Message.user("hi")));

    @Test
    void streamedRowEqualsTheNonStreamedTwinOnGeneratedCompletions() {
        Random r = new Random(23);
        for (int n = 0; n < 400; n++) {
            String provider = PROVIDERS[r.nextInt(PROVIDERS.length)];
            int choices = r.nextInt(4) == 0 ? 2 : 1;
            // every flavour sends ids here: without them the extractor choice (and its warning) differs by design
            Completion c = new Completion(r, choices);
            // ids-only rows too: their stream merges no logprobs, and their flat logprobs come from the accumulators
            TokenTrace trace = r.nextInt(3) == 0 ? TokenTrace.IDS_ONLY : TokenTrace.FULL;
            ResponseDecoder decoder = new ResponseDecoder(config(provider, choices, trace), UnaryOperator.identity());
            byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
            byte[] sse = c.sse(r).getBytes(StandardCharsets.UTF_8);
            String what = provider + " n=" + choices + " " + trace + ": " + c.body();
            EvaluationRow plain = decoder.decodeBody(input, body);
            EvaluationRow streamed = streamed(decoder, sse, r);
            Message a = plain.messages().get(plain.messages().size() - 1);
            Message b = streamed.messages().get(streamed.messages().size() - 1);
            assertThat(EvalProtocolJson.writeMessage(b)).as(what).isEqualTo(EvalProtocolJson.writeMessage(a));
            assertThat(b).as(what).isEqualTo(a);
            assertThat(streamed.messages()).as(what).isEqualTo(plain.messages());
            assertThat(streamed.executionMetadata().extra()).as(what).isEqualTo(plain.executionMetadata().extra());
            assertThat(streamed.executionMetadata().usage()).as(what).isEqualTo(plain.executionMetadata().usage());
            assertThat(streamed.executionMetadata().finishReason()).as(what)
                    .isEqualTo(plain.executionMetadata().finishReason());
            assertThat(b.tokenIds()).as(what).isPresent();
        }
    }

    @Test
    void aBrokenEventFailsTheStreamNamingItsNumberWhicheverReaderReadsIt() {
        ResponseDecoder decoder = new ResponseDecoder(config("fireworks", 1), UnaryOperator.identity());
        String ok = "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"a\"},\"finish_reason\":null,\"token_ids\":[5]}]}\n\n";
        for (String broken : List.of("{\"choices\":[{\"index\":0,}]}", "{\"choices\": [1, 2", "{\"a\":\"\u0001\"}",
                "{\"a\":01}", "[1]")) {
            byte[] sse = (ok + ok + "data: " + broken + "\n\n" + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> decoder.decodeStream(input, sse)).as(broken)
                    .isInstanceOf(InvalidResponseException.class)
                    .hasMessageContaining("stream event 3");
        }
        byte[] error = (ok + "data: {\"error\":{\"message\":\"overloaded\",\"code\":503}}\n\ndata: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> decoder.decodeStream(input, error)).isInstanceOf(SseStreamException.class)
                .hasMessageContaining("stream event 2").hasMessageContaining("overloaded (code: 503)");
    }

    /** Feeds the stream in random pieces, some from direct buffers, as the HTTP client would. */
    private static EvaluationRow streamed(ResponseDecoder decoder, byte[] sse, Random r) {
        ExtractorPins.Pin pin = decoder.pins().pin("m", true);
        pin.forRequest();
        BodySink sink = decoder.newSink(pin, true);
        sink.start("text/event-stream", -1);
        int at = 0;
        while (at < sse.length) {
            int n = r.nextInt(3) == 0 ? sse.length - at : Math.min(sse.length - at, 1 + r.nextInt(700));
            ByteBuffer piece;
            if (r.nextInt(4) == 0) {
                piece = ByteBuffer.allocateDirect(n);
                piece.put(sse, at, n).flip();
            } else {
                byte[] copy = new byte[n + 10];
                System.arraycopy(sse, at, copy, 5, n);
                piece = ByteBuffer.wrap(copy, 5, n).slice();
            }
            sink.data(piece);
            if (piece.hasArray()) {
                java.util.Arrays.fill(piece.array(), (byte) 'x'); // the network buffer is reused
            }
            at += n;
        }
        sink.end();
        return decoder.toRow(EvaluationRow.of(List.of(Message.user("hi"))), List.of(Message.user("hi")), sink, pin,
                pin.request().completionParams, System.nanoTime());
    }

    /** One generated completion, rendered as a body and as an event stream. */
    private static final class Completion {
        final int choices;
        final boolean hasIds;
        final boolean withLogprobs;
        final boolean withUsage;
        final int[] prompt;
        final List<List<Token>> tokens = new ArrayList<>();
        final String[] finish;
        final String[] reasoning;
        final String[] toolArguments;
        final String ws;

        Completion(Random r, int choices) {
            this.choices = choices;
            hasIds = true;
            withLogprobs = r.nextInt(4) > 0;
            withUsage = r.nextBoolean();
            ws = r.nextInt(4) > 0 ? "" : new String[] {" ", "\t", "  "}[r.nextInt(3)]; // a line break would end the SSE line
            prompt = new int[1 + r.nextInt(5)];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = r.nextInt(151_000);
            }
            finish = new String[choices];
            reasoning = new String[choices];
            toolArguments = new String[choices];
            for (int c = 0; c < choices; c++) {
                List<Token> list = new ArrayList<>();
                for (int i = r.nextInt(12); i >= 0; i--) {
                    list.add(new Token(r));
                }
                tokens.add(list);
                finish[c] = r.nextInt(3) == 0 ? "length" : "stop";
                if (r.nextInt(6) == 0) {
                    reasoning[c] = "think" + TOKEN_PARTS[r.nextInt(TOKEN_PARTS.length)];
                }
                if (r.nextInt(6) == 0) {
                    toolArguments[c] = "{\\\"q\\\":\\\"" + TOKEN_PARTS[r.nextInt(6)] + "\\\"}";
                    finish[c] = "tool_calls";
                }
            }
        }

        String body() {
            StringBuilder sb = new StringBuilder("{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"created\":17,")
                    .append("\"model\":\"m\",\"choices\":[");
            for (int c = 0; c < choices; c++) {
                List<Token> list = tokens.get(c);
                StringBuilder content = new StringBuilder();
                list.forEach(t -> content.append(t.text));
                sb.append(c > 0 ? "," : "").append("{\"index\":").append(c).append(",\"message\":{\"role\":\"assistant\",")
                        .append("\"content\":\"").append(content).append('"');
                if (reasoning[c] != null) {
                    sb.append(",\"reasoning_content\":\"").append(reasoning[c]).append('"');
                }
                if (toolArguments[c] != null) {
                    sb.append(",\"tool_calls\":[{\"id\":\"call_").append(c).append("\",\"type\":\"function\",")
                            .append("\"function\":{\"name\":\"search\",\"arguments\":\"").append(toolArguments[c])
                            .append("\"}}]");
                }
                sb.append("},\"logprobs\":");
                if (withLogprobs) {
                    sb.append("{\"content\":[");
                    for (int i = 0; i < list.size(); i++) {
                        sb.append(i > 0 ? "," : "").append(list.get(i).entry);
                    }
                    sb.append("]}");
                } else {
                    sb.append("null");
                }
                sb.append(",\"finish_reason\":\"").append(finish[c]).append('"');
                if (hasIds) {
                    sb.append(",\"token_ids\":[");
                    for (int i = 0; i < list.size(); i++) {
                        sb.append(i > 0 ? "," : "").append(list.get(i).id);
                    }
                    sb.append(']');
                }
                sb.append('}');
            }
            sb.append(']');
            if (withUsage) {
                sb.append(",\"usage\":{\"prompt_tokens\":").append(prompt.length).append(",\"completion_tokens\":3,")
                        .append("\"total_tokens\":").append(prompt.length + 3).append('}');
            }
            if (hasIds) {
                sb.append(",\"prompt_token_ids\":").append(ids(prompt));
            }
            return sb.append('}').toString();
        }

        String sse(Random r) {
            String eol = r.nextInt(4) == 0 ? "\r\n" : "\n";
            List<String> events = new ArrayList<>();
            for (int c = 0; c < choices; c++) {
                String first = envelope(c, "{\"role\":\"assistant\",\"content\":\"\"}", null, null, null);
                if (c == 0 && hasIds) {
                    first = first.substring(0, first.length() - 1) + ",\"prompt_token_ids\":" + ids(prompt) + "}";
                }
                events.add(first);
                if (reasoning[c] != null) {
                    events.add(envelope(c, "{\"reasoning_content\":\"" + reasoning[c] + "\"}", null, null, null));
                }
                if (toolArguments[c] != null) {
                    events.add(envelope(c, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_" + c + "\",\"type\":\"function\","
                            + "\"function\":{\"name\":\"search\",\"arguments\":\"\"}}]}", null, null, null));
                    events.add(envelope(c, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                            + toolArguments[c] + "\"}}]}", null, null, null));
                }
            }
            // tokens of the choices interleaved, one event each
            int[] next = new int[choices];
            boolean more = true;
            while (more) {
                more = false;
                for (int c = 0; c < choices; c++) {
                    List<Token> list = tokens.get(c);
                    if (next[c] < list.size()) {
                        Token t = list.get(next[c]++);
                        boolean last = next[c] == list.size();
                        events.add(envelope(c, "{\"content\":\"" + t.text + "\"}",
                                withLogprobs ? "{\"content\":[" + t.entry + "]}" : null,
                                last ? finish[c] : null, hasIds ? "[" + t.id + "]" : null));
                        more = true;
                    }
                }
            }
            if (withUsage) {
                events.add("{\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":17,\"model\":\"m\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt.length + ",\"completion_tokens\":3,"
                        + "\"total_tokens\":" + (prompt.length + 3) + "}}");
            }
            StringBuilder sb = new StringBuilder();
            for (String e : events) {
                if (!ws.isEmpty() && r.nextInt(3) == 0) {
                    e = e.replace(",\"", "," + ws + "\"");
                }
                sb.append("data: ").append(e).append(eol).append(eol);
                if (r.nextInt(10) == 0) {
                    sb.append(": keep-alive").append(eol).append(eol);
                }
            }
            return sb.append("data: [DONE]").append(eol).append(eol).toString();
        }

        private String envelope(int c, String delta, String logprobs, String finish, String ids) {
            return "{\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":17,\"model\":\"m\","
                    + "\"choices\":[{\"index\":" + c + ",\"delta\":" + delta + ",\"logprobs\":"
                    + (logprobs == null ? "null" : logprobs) + ",\"finish_reason\":"
                    + (finish == null ? "null" : "\"" + finish + "\"") + (ids == null ? "" : ",\"token_ids\":" + ids)
                    + "}]}";
        }

        private static String ids(int[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i > 0 ? "," : "").append(a[i]);
            }
            return sb.append(']').toString();
        }
    }

    private static final class Token {
        final String text;
        final int id;
        final String entry;

        Token(Random r) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                sb.append(TOKEN_PARTS[r.nextInt(TOKEN_PARTS.length)]);
            }
            text = sb.toString();
            id = r.nextInt(151_000);
            StringBuilder e = new StringBuilder("{\"token\":\"").append(text).append("\",\"logprob\":")
                    .append(LOGPROBS[r.nextInt(LOGPROBS.length)]).append(",\"bytes\":[");
            for (int b = r.nextInt(4); b > 0; b--) {
                e.append(r.nextInt(256)).append(b > 1 ? "," : "");
            }
            e.append("],\"token_id\":").append(id).append(",\"top_logprobs\":[");
            for (int k = r.nextInt(3); k > 0; k--) {
                e.append("{\"token\":\"x\",\"logprob\":-").append(r.nextInt(20)).append(".5,\"bytes\":[120]}")
                        .append(k > 1 ? "," : "");
            }
            entry = e.append("]}").toString();
        }
    }

    private static EngineConfig config(String provider, int n) {
        return config(provider, n, TokenTrace.FULL);
    }

    private static EngineConfig config(String provider, int n, TokenTrace trace) {
        return new EngineConfig(URI.create("http://127.0.0.1:1/v1"), null, "m",
                CompletionParams.builder().n(n).logprobs(true).build(), provider, ExtractorSelectionPolicy.probe(),
                false, TokenIdExtractorRegistry.load(), 4, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), LIMIT, 1 << 20, 100, LIMIT, 1000, 1 << 22, RetryPolicy.none(), Clock.systemUTC(),
                null, false, 1, Map.of(), true, trace);
    }
}
