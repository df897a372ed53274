package io.evalprotocol.core.internal.sse;

import static io.evalprotocol.core.internal.sse.ChunkReaderTest.MAX_DEPTH;
import static io.evalprotocol.core.internal.sse.ChunkReaderTest.MAX_NUMBER;
import static io.evalprotocol.core.internal.sse.ChunkReaderTest.MAX_STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Events read through the shape of an earlier event ({@link ChunkTemplate}) against {@link WireJson} and against
 * the reader without templates: streams of events that share a shape and differ in their leaves (strings with
 * every escape form, every number form, literals, int arrays, empty containers, leaves that turn into containers,
 * over-long strings, nesting past the limit), change shape now and then, and are sometimes broken. Whatever the
 * path, the reader declines what WireJson rejects and builds values equal to WireJson's in every observable way.
 */
class ChunkTemplateTest {
    private final WireJson wire = new WireJson(MAX_DEPTH, MAX_STRING, MAX_NUMBER);

    @Test
    void eventsReadThroughATemplateEqualWireJsonAndTheFullRead() {
        Random r = new Random(43);
        int templated = 0;
        int events = 0;
        for (int stream = 0; stream < 60; stream++) {
            ChunkReader withTemplates = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER, true);
            ChunkReader without = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER, false);
            Node shape = Node.object(r, 0);
            for (int e = 0; e < 30; e++) {
                if (r.nextInt(15) == 0) {
                    shape = Node.object(r, 0); // a new shape: the template misses, then learns it
                }
                String text = shape.withLeaves(r).text();
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                if (r.nextInt(12) == 0) {
                    bytes = ChunkReaderTest.mutate(r, bytes);
                    text = new String(bytes, StandardCharsets.UTF_8);
                }
                events++;
                int before = withTemplates.templateReads;
                JsonObject slow;
                try {
                    slow = wire.readObject(bytes, 0, bytes.length, "stream event 1", true);
                } catch (InvalidResponseException x) {
                    assertThat(withTemplates.read(bytes, 0, bytes.length)).as(text).isNull();
                    assertThat(without.read(bytes, 0, bytes.length)).as(text).isNull();
                    continue;
                }
                byte[] copy = bytes.clone();
                JsonObject fast = withTemplates.read(copy, 0, copy.length);
                Arrays.fill(copy, (byte) 'x'); // the values own their bytes
                JsonObject full = without.read(bytes, 0, bytes.length);
                if (fast != null) {
                    ChunkReaderTest.same(fast, slow, text);
                    if (withTemplates.templateReads > before) {
                        templated++;
                    }
                }
                if (full != null) {
                    ChunkReaderTest.same(full, slow, text);
                }
                if (full != null && fast == null) {
                    // a template never makes the reader decline text it would take
                    assertThat(fast).as(text).isNotNull();
                }
            }
        }
        // many generated leaves hold an escape the writer would not use, which the template leaves to the full read
        assertThat(templated).as("events read through a template, of " + events).isGreaterThan(events / 4);
    }

    @Test
    void leavesBeyondTheLimitsOrIrregularAreLeftToTheFullReadOrWireJson() {
        String shape = "{\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"x\":%s}]}";
        String[][] cases = {
            {"\"" + "y".repeat(MAX_STRING + 1) + "\"", "1"},
            {"\"ok\"", "1".repeat(MAX_NUMBER + 1)},
            {"\"ok\"", "[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH)},
            {"\"ok\"", "{\"a\":1,\"a\":2}"},
            {"\"\\u00e9\"", "2"},
            {"\"a\\/b\"", "3"},
            {"\"ok\"", "[1, 2]"},
            {"\"ok\"", "1e999999999"},
            {"\"\u0001\"", "4"},
        };
        for (String[] c : cases) {
            ChunkReader reader = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER);
            byte[] first = String.format(shape, "\"a\"", "0").getBytes(StandardCharsets.UTF_8);
            assertThat(reader.read(first, 0, first.length)).isNotNull();
            byte[] b = String.format(shape, c[0], c[1]).getBytes(StandardCharsets.UTF_8);
            JsonObject fast = reader.read(b, 0, b.length);
            JsonObject slow;
            try {
                slow = wire.readObject(b, 0, b.length, "stream event 2", true);
            } catch (InvalidResponseException x) {
                assertThat(fast).as(c[0] + " " + c[1]).isNull();
                continue;
            }
            if (fast != null) {
                ChunkReaderTest.same(fast, slow, c[0] + " " + c[1]);
            }
            assertThat(reader.templateReads).as(c[0] + " " + c[1]).isZero();
        }
    }

    @Test
    void aLeafMayTurnIntoAnyValue() {
        ChunkReader reader = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER);
        String shape = "{\"choices\":[{\"index\":0,\"finish_reason\":%s,\"token_ids\":%s}],\"usage\":null}";
        String[] values = {"null", "\"stop\"", "{\"a\":[1,{\"b\":\"c\"}]}", "[]", "[1,2,3]", "[1,\"x\"]", "-0", "1.5e-7",
            "true", "{}", "[[[]]]", "12345678901234567890"};
        int templated = 0;
        for (String a : values) {
            for (String b : values) {
                byte[] t = String.format(shape, a, b).getBytes(StandardCharsets.UTF_8);
                int before = reader.templateReads;
                JsonObject fast = reader.read(t, 0, t.length);
                JsonObject slow = wire.readObject(t, 0, t.length, "stream event 1", true);
                assertThat(fast).as(a + " " + b).isNotNull();
                ChunkReaderTest.same(fast, slow, a + " " + b);
                templated += reader.templateReads - before;
            }
        }
        assertThat(templated).isGreaterThan(values.length * values.length / 2);
    }

    /** A JSON text skeleton: objects and arrays of leaves, whose leaves can be drawn again. */
    private static final class Node {
        final List<String> keys;
        final List<Node> children;
        final String leaf;

        private Node(List<String> keys, List<Node> children, String leaf) {
            this.keys = keys;
            this.children = children;
            this.leaf = leaf;
        }

        static Node object(Random r, int depth) {
            List<String> keys = new ArrayList<>();
            List<Node> children = new ArrayList<>();
            int n = depth == 0 ? 2 + r.nextInt(6) : 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String k = ChunkReaderTest.KEYS[r.nextInt(ChunkReaderTest.KEYS.length)];
                if (k.contains("\\") || keys.contains(k)) {
                    continue; // escaped names make the text irregular; duplicates are declined anyway
                }
                keys.add(k);
                children.add(node(r, depth + 1, k));
            }
            return new Node(keys, children, null);
        }

        private static Node node(Random r, int depth, String key) {
            int kind = depth > 3 ? 2 : r.nextInt(k(key));
            if (kind == 0) {
                return object(r, depth);
            }
            if (kind == 1) {
                List<Node> children = new ArrayList<>();
                for (int i = 1 + r.nextInt(3); i > 0; i--) {
                    children.add(node(r, depth + 1, ""));
                }
                return new Node(null, children, null);
            }
            return new Node(null, null, leaf(r, key));
        }

        private static int k(String key) {
            return 5;
        }

        static String leaf(Random r, String key) {
            ChunkReaderTest.Gen g = new ChunkReaderTest.Gen(r, r.nextInt(30) == 0);
            switch (r.nextInt(10)) {
                case 0:
                case 1:
                    return canonicalString(r);
                case 2:
                    return g.string();
                case 3:
                case 4:
                    return g.number();
                case 5:
                    return new String[] {"true", "false", "null", "[]", "{}"}[r.nextInt(5)];
                case 6:
                    return "[" + r.nextInt(200_000) + (r.nextBoolean() ? "," + r.nextInt(300) : "") + "]";
                case 7:
                    return r.nextInt(20) == 0 ? "\"" + "z".repeat(MAX_STRING + r.nextInt(3) - 1) + "\"" : g.string();
                case 8:
                    return r.nextInt(20) == 0 ? "[".repeat(MAX_DEPTH - 2) + "]".repeat(MAX_DEPTH - 2) : g.number();
                default:
                    return g.value(3, key);
            }
        }

        /** A string as the writer escapes it: raw UTF-8, the short escapes, lower-case u-escapes of controls. */
        private static String canonicalString(Random r) {
            String[] parts = {"a", " the", "é", "中文", "😊", "\\\"", "\\\\", "\\n", "\\t", "\\u0001", "\\u001f", "/",
                "<|im_end|>", " "};
            StringBuilder sb = new StringBuilder("\"");
            for (int i = r.nextInt(5); i > 0; i--) {
                sb.append(parts[r.nextInt(parts.length)]);
            }
            return sb.append('"').toString();
        }

        /** The same skeleton, each leaf drawn again with some probability. */
        Node withLeaves(Random r) {
            if (leaf != null) {
                return r.nextInt(3) == 0 ? new Node(null, null, leaf(r, "")) : this;
            }
            List<Node> c = new ArrayList<>();
            for (Node n : children) {
                c.add(n.withLeaves(r));
            }
            return new Node(keys, c, null);
        }

        String text() {
            if (leaf != null) {
                return leaf;
            }
            StringBuilder sb = new StringBuilder(keys != null ? "{" : "[");
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                if (keys != null) {
                    sb.append('"').append(keys.get(i)).append("\":");
                }
                sb.append(children.get(i).text());
            }
            return sb.append(keys != null ? '}' : ']').toString();
        }
    }
}
