package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.http.BodySink;
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
 * Plain chunks read typed ({@code PlainView} to the accumulators' {@code acceptPlain}, the merged logprobs from the
 * event's text) against the same streams read through JSON-P only: the rows are byte for byte the same, and a
 * stream that fails fails with the same exception and message. Generated streams: every escape form and
 * multi-byte UTF-8 (split across events in the entries' bytes), entries with and without {@code token_id},
 * {@code sampling_logprob} and alternatives, empty {@code content[]}, several entries per event, n = 2 interleaved,
 * role and usage chunks, chunks that are not plain (extra members, {@code stop_reason}, legacy logprobs, whitespace)
 * among plain ones, and broken values (ids of the wrong type or sign, a logprob that is not a number or null, a
 * choice index out of range, an error event, too many ids for the limit).
 */
class PlainChunkDifferentialTest {
    private static final String[] TEXT = {
        "a", " the", "Hello", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u00e9", "\\u00E9", "\\ud83d\\ude0a", "\\u2028", "\u007f", " ",
        "<|im_end|>",
    };
    /** Text as the SDK's writer escapes it, which keeps events on the template path. */
    private static final String[] CANONICAL_TEXT = {
        "a", " the", "Hello", "é", "中文", "😊", "\\\"", "\\\\", "/", "\\n", "\\t", "\\u0001", "\\u001f", " ",
        "<|im_end|>",
    };
    private static final String[] LOGPROBS = {
        "0", "-0.0", "-0.00419", "-1e-05", "-2.5E-7", "-9999.0", "-3", "-12.75", "-1.0500000000000001e-5", "-0",
        "-123456789.5", "-5e-324",
    };
    private static final String[] PROVIDERS = {"fireworks", "fireworks", "openai", "vllm"};
    private static final int LIMIT = 20_000_000;

    private final EvaluationRow input = EvaluationRow.of(List.of(Message.user("hi")));

    @Test
    void plainChunksGiveTheRowsAndErrorsOfTheJsonPPath() {
        Random r = new Random(61);
        int failed = 0;
        int plainEvents = 0;
        int inPlace = 0;
        for (int n = 0; n < 600; n++) {
            String provider = PROVIDERS[r.nextInt(PROVIDERS.length)];
            int choices = r.nextInt(4) == 0 ? 2 : 1;
            TokenTrace trace = r.nextInt(3) == 0 ? TokenTrace.IDS_ONLY : TokenTrace.FULL;
            int maxIds = r.nextInt(15) == 0 ? 3 : 1 << 22;
            ResponseDecoder decoder = new ResponseDecoder(config(provider, choices, trace, maxIds),
                    UnaryOperator.identity());
            Stream s = new Stream(r, choices);
            byte[] sse = s.render(r).getBytes(StandardCharsets.UTF_8);
            String what = provider + " n=" + choices + " " + trace + " maxIds=" + maxIds + ":\n"
                    + new String(sse, StandardCharsets.UTF_8);
            long seed = r.nextLong();
            Outcome typed = decode(decoder, sse, new Random(seed), true);
            Outcome jsonP = decode(decoder, sse, new Random(seed), false);
            assertThat(typed.text).as(what).isEqualTo(jsonP.text);
            if (typed.row != null) {
                assertThat(typed.row.messages()).as(what).isEqualTo(jsonP.row.messages());
                assertThat(typed.row.executionMetadata().extra()).as(what)
                        .isEqualTo(jsonP.row.executionMetadata().extra());
            } else {
                failed++;
            }
            plainEvents += typed.plainEvents;
            inPlace += typed.inPlaceEvents;
        }
        // the comparison covers both: streams that fail and streams read mostly as plain chunks
        assertThat(failed).isBetween(60, 400);
        assertThat(plainEvents).isGreaterThan(2_000);
        // read where they stand in the network buffer, which the test overwrites after every piece
        assertThat(inPlace).isGreaterThan(1_000);
    }

    /** The row as JSON, or the exception's class and message. */
    private static final class Outcome {
        final String text;
        final EvaluationRow row;
        final int plainEvents;
        final int inPlaceEvents;

        Outcome(String text, EvaluationRow row, StreamAssembler assembler) {
            this.text = text;
            this.row = row;
            this.plainEvents = assembler.plainEvents();
            this.inPlaceEvents = assembler.inPlaceEvents();
        }
    }

    private Outcome decode(ResponseDecoder decoder, byte[] sse, Random r, boolean plain) {
        ExtractorPins.Pin pin = decoder.pins().pin("m", true);
        pin.forRequest();
        BodySink sink = decoder.newSink(pin, true);
        StreamAssembler assembler = (StreamAssembler) sink;
        assembler.readPlainChunks(plain);
        try {
            sink.start("text/event-stream", -1);
            int at = 0;
            while (at < sse.length) {
                int n = r.nextInt(3) == 0 ? sse.length - at : Math.min(sse.length - at, 1 + r.nextInt(500));
                ByteBuffer piece = ByteBuffer.wrap(sse.clone(), at, n).slice();
                sink.data(piece);
                java.util.Arrays.fill(piece.array(), (byte) 'x'); // the network buffer is reused
                at += n;
            }
            sink.end();
            EvaluationRow row = decoder.toRow(input, List.of(Message.user("hi")), sink, pin,
                    pin.request().completionParams, 0);
            Message m = row.messages().get(row.messages().size() - 1);
            return new Outcome(EvalProtocolJson.writeMessage(m) + "\n" + row.executionMetadata().extra() + "\n"
                    + row.executionMetadata().usage() + "\n" + row.executionMetadata().finishReason(), row,
                    assembler);
        } catch (RuntimeException e) {
            return new Outcome(e.getClass().getName() + ": " + e.getMessage(), null, assembler);
        }
    }

    /** One generated stream. */
    private static final class Stream {
        final int choices;
        /** Canonical text and a fixed entry shape: most events are plain chunks read through the template. */
        final boolean clean;
        final int alternativeCount;
        final boolean ids;
        final boolean entryIds;
        final boolean logprobs;
        final int sampling; // 0: none, 1: all, 2: some
        final boolean alternatives;
        final boolean stopReasonNull;
        final boolean roleChunk;
        final boolean usage;
        final int[] tokens;
        final String[] finish;

        Stream(Random r, int choices) {
            this.choices = choices;
            clean = r.nextInt(3) > 0;
            alternativeCount = r.nextInt(3);
            logprobs = r.nextInt(5) > 0;
            entryIds = r.nextBoolean();
            ids = !entryIds || !logprobs || r.nextBoolean();
            sampling = r.nextInt(clean ? 2 : 3);
            alternatives = r.nextInt(3) == 0;
            stopReasonNull = r.nextInt(3) == 0;
            roleChunk = r.nextBoolean();
            usage = r.nextBoolean();
            tokens = new int[choices];
            finish = new String[choices];
            for (int c = 0; c < choices; c++) {
                tokens[c] = r.nextInt(30);
                finish[c] = r.nextInt(3) == 0 ? "length" : "stop";
            }
        }

        String render(Random r) {
            List<String> events = new ArrayList<>();
            for (int c = 0; c < choices; c++) {
                if (roleChunk) {
                    String first = chunk(r, c, "{\"role\":\"assistant\",\"content\":\"\"}", "null", "null", null);
                    if (c == 0 && r.nextBoolean()) {
                        first = first.substring(0, first.length() - 1) + ",\"prompt_token_ids\":[1,2,3]}";
                    }
                    events.add(first);
                }
            }
            int[] next = new int[choices];
            boolean more = true;
            while (more) {
                more = false;
                for (int c = 0; c < choices; c++) {
                    if (next[c] < tokens[c] && (choices == 1 || r.nextInt(3) > 0)) {
                        next[c]++;
                        events.add(tokenChunk(r, c, false));
                    }
                    more |= next[c] < tokens[c];
                }
            }
            for (int c = 0; c < choices; c++) {
                events.add(tokenChunk(r, c, true));
            }
            if (usage) {
                events.add("{\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":17,\"model\":\"m\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3,\"total_tokens\":6}}");
            }
            StringBuilder sb = new StringBuilder();
            for (String e : events) {
                if (r.nextInt(clean ? 60 : 10) == 0) {
                    e = e.replace(",\"", ", \""); // not compact: the full read
                }
                sb.append("data: ").append(e).append("\n\n");
            }
            return sb.append("data: [DONE]\n\n").toString();
        }

        private String tokenChunk(Random r, int c, boolean last) {
            int entries = r.nextInt(12) == 0 ? r.nextInt(3) : 1;
            StringBuilder text = new StringBuilder();
            StringBuilder content = new StringBuilder("{\"content\":[");
            StringBuilder idList = new StringBuilder("[");
            for (int e = 0; e < entries; e++) {
                String t = last && e == entries - 1 && r.nextBoolean() ? "" : text(r);
                text.append(t);
                int id = r.nextInt(151_000);
                content.append(e > 0 ? "," : "").append(entry(r, t, id, true));
                idList.append(e > 0 ? "," : "").append(id);
            }
            String delta = r.nextInt(20) == 0 ? "{}" : r.nextInt(20) == 0 ? "{\"content\":null}"
                    : "{\"content\":\"" + text + "\"}";
            String lp = logprobs ? content.append("]}").toString() : "null";
            String ids = this.ids ? idList.append(']').toString() : null;
            if (r.nextInt(40) == 0) {
                ids = "null";
            }
            String fin = last ? "\"" + finish[c] + "\"" : "null";
            String chunk = chunk(r, c, delta, lp, fin, ids);
            return r.nextInt(30) == 0 ? breakOne(r, chunk) : chunk;
        }

        private String entry(Random r, String token, int id, boolean top) {
            StringBuilder sb = new StringBuilder("{\"token\":\"").append(token).append("\",\"logprob\":")
                    .append(LOGPROBS[r.nextInt(LOGPROBS.length)]);
            if (sampling == 1 || sampling == 2 && r.nextBoolean()) {
                sb.append(",\"sampling_logprob\":").append(LOGPROBS[r.nextInt(LOGPROBS.length)]);
            }
            sb.append(",\"bytes\":[");
            // the bytes of a character split across entries, now and then
            int[] bytes = token.isEmpty() ? new int[] {60, 124, 105, 109, 95, 101, 110, 100, 124, 62}
                    : r.nextInt(8) == 0 ? new int[] {0xF0, 0x9F} : new int[] {97 + r.nextInt(20)};
            for (int i = 0; i < bytes.length; i++) {
                sb.append(i > 0 ? "," : "").append(bytes[i]);
            }
            sb.append(']');
            if (top && entryIds) {
                sb.append(",\"token_id\":").append(r.nextInt(50) == 0 ? -1 : id);
            }
            if (top && alternatives) {
                sb.append(",\"top_logprobs\":[");
                for (int k = clean ? alternativeCount : r.nextInt(3); k >= 0; k--) {
                    sb.append(entry(r, text(r), r.nextInt(151_000), false)).append(k > 0 ? "," : "");
                }
                sb.append(']');
            }
            return sb.append('}').toString();
        }

        private String chunk(Random r, int c, String delta, String logprobs, String finish, String ids) {
            StringBuilder sb = new StringBuilder("{\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",")
                    .append("\"created\":17,\"model\":\"m\",\"choices\":[{\"index\":").append(c)
                    .append(",\"delta\":").append(delta).append(",\"logprobs\":").append(logprobs)
                    .append(",\"finish_reason\":").append(finish);
            if (stopReasonNull) {
                sb.append(",\"stop_reason\":").append(!"null".equals(finish) && r.nextBoolean() ? "151645" : "null");
            }
            if (ids != null) {
                sb.append(",\"token_ids\":").append(ids);
            }
            if (r.nextInt(60) == 0) {
                sb.append(",\"extra\":1"); // not plain
            }
            return sb.append("}]}").toString();
        }

        /** One value changed to something a reader rejects or a plain chunk may not hold. */
        private static String breakOne(Random r, String chunk) {
            switch (r.nextInt(8)) {
                case 0:
                    return chunk.replaceFirst("\"token_id\":\\d+", "\"token_id\":\"x\"");
                case 1:
                    return chunk.replaceFirst("\"token_id\":\\d+", "\"token_id\":-7");
                case 2:
                    return chunk.replaceFirst("\"token_ids\":\\[\\d+", "\"token_ids\":[-3");
                case 3:
                    return chunk.replaceFirst("\"logprob\":[-0-9.eE]+", "\"logprob\":null");
                case 4:
                    return chunk.replaceFirst("\"logprob\":[-0-9.eE]+", "\"logprob\":\"a\"");
                case 5:
                    return chunk.replaceFirst("\"index\":\\d", "\"index\":5");
                case 6:
                    return "{\"error\":{\"message\":\"overloaded\",\"code\":503}}";
                default:
                    return chunk.replaceFirst("\"logprobs\":\\{\"content\":\\[",
                            "\"logprobs\":{\"tokens\":[\"a\"],\"token_logprobs\":[-0.5],\"x\":[");
            }
        }

        private String text(Random r) {
            String[] parts = clean ? CANONICAL_TEXT : TEXT;
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(3); i >= 0; i--) {
                sb.append(parts[r.nextInt(parts.length)]);
            }
            return sb.toString();
        }
    }

    private static EngineConfig config(String provider, int n, TokenTrace trace, int maxTokenIds) {
        return new EngineConfig(URI.create("http://127.0.0.1:1/v1"), null, "m",
                CompletionParams.builder().n(n).logprobs(true).build(), provider, ExtractorSelectionPolicy.probe(),
                false, TokenIdExtractorRegistry.load(), 4, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), LIMIT, 1 << 20, 100, LIMIT, 1000, maxTokenIds, RetryPolicy.none(),
                Clock.systemUTC(), null, false, 1, Map.of(), true, trace);
    }
}
