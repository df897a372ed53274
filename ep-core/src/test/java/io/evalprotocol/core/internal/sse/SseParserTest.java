package io.evalprotocol.core.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.SseStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<String> data = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final SseParser parser = new SseParser(1024, e -> {
        data.add(e.dataAsString());
        types.add(e.type());
    });

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsTheLargestLimitAnIntCanHold() {
        // maxSseEventBytes(Integer.MAX_VALUE) is a legal client setting: "+ 6" for the "data: " prefix must not
        // overflow into a negative array size or an always-true size check
        List<String> got = new ArrayList<>();
        SseParser unlimited = new SseParser(Integer.MAX_VALUE, e -> got.add(e.dataAsString()));
        unlimited.feed(utf8("data: " + "y".repeat(1000) + "\n\ndata: [DONE]\n\n"));
        assertThat(got).containsExactly("y".repeat(1000), "[DONE]");
        assertThat(new SseParser(Integer.MAX_VALUE - 3, e -> { }).end()).isFalse();
    }

    @Test
    void dispatchesOneEventPerBlankLine() {
        parser.feed(utf8("data: {\"a\":1}\n\ndata: [DONE]\n\n"));
        assertThat(data).containsExactly("{\"a\":1}", "[DONE]");
        assertThat(types).containsExactly("message", "message");
        assertThat(parser.end()).isFalse();
    }

    @Test
    void joinsMultipleDataLinesWithNewline() {
        parser.feed(utf8("data: first\ndata:second\ndata\n\n"));
        assertThat(data).containsExactly("first\nsecond\n");
    }

    @Test
    void acceptsCrLfAndLoneCrLineEndingsEvenSplitAcrossBuffers() {
        parser.feed(utf8("data: a\r"));
        parser.feed(utf8("\n\r\n"));
        parser.feed(utf8("data: b\r\rdata: c\n\n"));
        assertThat(data).containsExactly("a", "b", "c");
    }

    @Test
    void parsesAnEventDeliveredOneByteAtATime() {
        byte[] bytes = utf8("event: error\nid: 7\ndata: {\"x\":\"é\"}\n\n");
        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(data).containsExactly("{\"x\":\"é\"}");
        assertThat(types).containsExactly("error");
    }

    @Test
    void ignoresCommentsRetryAndUnknownFields() {
        parser.feed(utf8(": keep-alive\nretry: 1000\nfoo: bar\ndata: x\n\n: ping\n\n"));
        assertThat(data).containsExactly("x");
    }

    @Test
    void skipsLeadingByteOrderMark() {
        parser.feed(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        parser.feed(utf8("data: x\n\n"));
        assertThat(data).containsExactly("x");
    }

    @Test
    void doesNotDispatchEventWithoutData() {
        parser.feed(utf8("event: ping\n\ndata: y\n\n"));
        assertThat(types).containsExactly("message");
        assertThat(data).containsExactly("y");
    }

    @Test
    void reportsPartialEventAtEndOfStream() {
        parser.feed(utf8("data: {\"choices\":[]}\n\ndata: {\"choi"));
        assertThat(data).hasSize(1);
        assertThat(parser.end()).isTrue();
    }

    @Test
    void reportsUnterminatedEventAtEndOfStream() {
        parser.feed(utf8("data: complete line but no blank line\n"));
        assertThat(data).isEmpty();
        assertThat(parser.end()).isTrue();
    }

    @Test
    void recognisesDoneMarker() {
        List<Boolean> done = new ArrayList<>();
        SseParser p = new SseParser(64, e -> done.add(e.isDone()));
        p.feed(utf8("data: [DONE]\n\ndata: [DONE] \n\ndata: {}\n\n"));
        assertThat(done).containsExactly(true, false, false);
    }

    @Test
    void rejectsEventLargerThanLimitNamingTheOption() {
        SseParser small = new SseParser(16, e -> { });
        assertThatThrownBy(() -> small.feed(utf8("data: 0123456789\ndata: 0123456789\n\n")))
                .isInstanceOf(SseStreamException.class)
                .hasMessageContaining("16 bytes")
                .hasMessageContaining("maxSseEventBytes");
    }

    @Test
    void rejectsOverlongSingleLine() {
        SseParser small = new SseParser(16, e -> { });
        assertThatThrownBy(() -> small.feed(utf8(": a comment that never ends and grows without bound")))
                .isInstanceOf(SseStreamException.class);
    }

    @Test
    void limitCountsEventNotStream() {
        SseParser small = new SseParser(16, e -> data.add(e.dataAsString()));
        for (int i = 0; i < 100; i++) {
            small.feed(utf8("data: 0123456789\n\n"));
        }
        assertThat(data).hasSize(100);
    }

    @Test
    void parsesEveryFixtureStreamIntoJsonChunksEndingWithDone() throws Exception {
        for (String name : List.of("vllm-chat-stream.sse", "openai-chat-stream.sse", "fireworks-chat-stream.sse")) {
            data.clear();
            Path p = fixture(name);
            byte[] bytes = Files.readAllBytes(p);
            SseParser big = new SseParser(1 << 20, e -> data.add(e.dataAsString()));
            // Feed in awkward 7-byte slices to cross every boundary.
            for (int i = 0; i < bytes.length; i += 7) {
                big.feed(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
            }
            assertThat(big.end()).as(name).isFalse();
            assertThat(data).as(name).last().isEqualTo("[DONE]");
            assertThat(data.subList(0, data.size() - 1)).as(name).allSatisfy(d -> assertThat(d).startsWith("{"));
        }
    }

    static Path fixture(String name) throws Exception {
        return Path.of(SseParserTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void dispatchesTheSameEventsHoweverTheBytesArriveOnGeneratedStreams() {
        java.util.Random r = new java.util.Random(41);
        String[] eols = {"\n", "\r\n", "\r"};
        String[] lines = {"data: {\"a\":1}", "data:x", "data", "data: é中😊", ": comment", "event: error", "id: 7",
            "retry: 10", "foo: bar", "data: " + "z".repeat(40), "", "", "data: [DONE]", "id", "event"};
        int errors = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder(r.nextInt(10) == 0 ? "\uFEFF" : "");
            for (int i = r.nextInt(30); i > 0; i--) {
                sb.append(lines[r.nextInt(lines.length)]).append(eols[r.nextInt(eols.length)]);
            }
            if (r.nextBoolean()) {
                sb.append("data: tail");
            }
            byte[] stream = utf8(sb.toString());
            int limit = new int[] {8, 16, 48, 1 << 20}[r.nextInt(4)];
            List<String> whole = outcome(limit, stream, new int[0], false);
            int[] cuts = r.ints(1 + r.nextInt(12), 0, stream.length + 1).sorted().toArray();
            assertThat(outcome(limit, stream, cuts, false)).as(sb.toString()).isEqualTo(whole);
            assertThat(outcome(limit, stream, cuts, true)).as(sb.toString()).isEqualTo(whole);
            int[] bytes = new int[stream.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = i;
            }
            assertThat(outcome(limit, stream, bytes, false)).as(sb.toString()).isEqualTo(whole);
            if (whole.get(whole.size() - 1).startsWith("error")) {
                errors++;
            }
        }
        assertThat(errors).as("streams over the event limit").isGreaterThan(300);
    }

    /** Events, then the partial flag or the error, with the stream cut at {@code cuts}. */
    private static List<String> outcome(int limit, byte[] stream, int[] cuts, boolean direct) {
        List<String> out = new ArrayList<>();
        SseParser p = new SseParser(limit, e -> out.add(e.type() + "|" + e.id() + "|" + e.dataAsString() + "|" + e.isDone()));
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : stream.length;
                ByteBuffer b;
                if (direct) {
                    b = ByteBuffer.allocateDirect(to - from);
                    b.put(stream, from, to - from).flip();
                } else {
                    byte[] copy = new byte[to - from + 4];
                    System.arraycopy(stream, from, copy, 2, to - from);
                    b = ByteBuffer.wrap(copy, 2, to - from);
                }
                p.feed(b);
                assertThat(b.hasRemaining()).isFalse();
                if (b.hasArray()) {
                    java.util.Arrays.fill(b.array(), (byte) 'x'); // the caller reuses its buffer
                }
                from = to;
            }
            out.add("partial " + p.end());
        } catch (SseStreamException e) {
            out.add("error " + e.getMessage());
        }
        return out;
    }

    @Test
    void lineEndFindsTheFirstCrOrLfPastTabsControlBytesAndNonAscii() {
        java.util.Random r = new java.util.Random(5);
        byte[] alphabet = {'a', '{', '"', ' ', '\t', 0x00, 0x01, 0x0B, 0x0C, 0x0F, 0x10, 0x7F, (byte) 0x80, (byte) 0x8A,
            (byte) 0x8D, (byte) 0xFF, '\n', '\r'};
        for (int n = 0; n < 20_000; n++) {
            byte[] a = new byte[r.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                // mostly plain text, so that the first CR or LF often lies past a word or two
                a[i] = r.nextInt(4) > 0 ? (byte) ('a' + r.nextInt(26)) : alphabet[r.nextInt(alphabet.length)];
            }
            int from = a.length == 0 ? 0 : r.nextInt(a.length);
            int end = from + (a.length == from ? 0 : r.nextInt(a.length - from + 1));
            int expected = end;
            for (int i = from; i < end; i++) {
                if (a[i] == '\n' || a[i] == '\r') {
                    expected = i;
                    break;
                }
            }
            assertThat(SseParser.lineEnd(a, from, end)).as(java.util.Arrays.toString(a) + " " + from + ".." + end)
                    .isEqualTo(expected);
        }
    }
}
