package io.evalprotocol.core.internal.sse;

import static io.evalprotocol.core.internal.sse.ChunkReaderTest.MAX_DEPTH;
import static io.evalprotocol.core.internal.sse.ChunkReaderTest.MAX_NUMBER;
import static io.evalprotocol.core.internal.sse.ChunkReaderTest.MAX_STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Events read as plain chunks ({@link ChunkReader#readPlain}, and {@link ChunkReader#readPlainInPlace} from a
 * network buffer) against {@link WireJson}: every typed value of the view equals what the JSON-P of the same text
 * holds, the event is a plain chunk by {@link io.evalprotocol.spi.PlainChunk}'s rules, the view's
 * {@code logprobs.content} text is that array's compact text, and text WireJson rejects is never read as a plain
 * chunk. Generated events: chunks of the plain shape whose leaves change (every number form,
 * escapes, multi-byte UTF-8, ids at the limits of an int, {@code -1}, empty arrays), now and then with another
 * shape, a member a plain chunk may not have, or broken bytes.
 */
class PlainViewTest {
    private static final String[] TEXT = {"a", " the", "é", "😊", "\\\"", "\\\\", "\\n", "\\u0001"};
    /** Escapes the writer would not use: the event is not canonical, so the template leaves it to the full read. */
    private static final String[] IRREGULAR = {"\\u00e9", "\\/"};
    private static final String[] NUMBERS = {
        "-0.5", "-1e-05", "-2.5E-7", "-9999.0", "-3", "0", "-0", "-0.0", "-1.0500000000000001e-5", "-5e-324", "1e400",
        "-123456789012345678901.5", "12", "null", "\"x\"",
    };
    private static final String[] IDS = {"0", "7", "151645", "2147483647", "2147483648", "-1", "-2", "1.0", "007"};

    private final WireJson wire = new WireJson(MAX_DEPTH, MAX_STRING, MAX_NUMBER);

    @Test
    void plainViewsHoldTheValuesOfWireJsonsObject() {
        Random r = new Random(71);
        int views = 0;
        int inPlace = 0;
        for (int stream = 0; stream < 80; stream++) {
            ChunkReader reader = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER);
            reader.readPlainChunks(wire);
            ChunkReader network = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER);
            network.readPlainChunks(wire);
            Shape shape = new Shape(r);
            for (int e = 0; e < 40; e++) {
                if (r.nextInt(20) == 0) {
                    shape = new Shape(r);
                }
                String text = shape.event(r);
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                if (r.nextInt(15) == 0) {
                    bytes = ChunkReaderTest.mutate(r, bytes);
                    text = new String(bytes, StandardCharsets.UTF_8);
                }
                JsonObject slow;
                try {
                    slow = wire.readObject(bytes, 0, bytes.length, "stream event 1", true);
                } catch (InvalidResponseException rejected) {
                    slow = null;
                }
                // as the stream reader does: in place first, then the copy, then the full read
                byte[] buffer = new byte[bytes.length + 6];
                buffer[0] = 'x';
                buffer[1] = 'y';
                System.arraycopy(bytes, 0, buffer, 2, bytes.length);
                buffer[bytes.length + 2] = '\n';
                buffer[bytes.length + 3] = '\n';
                PlainView fromBuffer = network.readPlainInPlace(buffer, 2, buffer.length);
                if (fromBuffer != null) {
                    assertThat(slow).as(text).isNotNull();
                    assertThat(fromBuffer.length()).as(text).isEqualTo(bytes.length);
                    same(fromBuffer, slow, text);
                    inPlace++;
                } else if (network.readPlain(bytes.clone(), 0, bytes.length) == null) {
                    network.read(bytes.clone(), 0, bytes.length);
                }
                byte[] copy = bytes.clone();
                PlainView view = reader.readPlain(copy, 0, copy.length);
                Arrays.fill(copy, (byte) 'x'); // the view's values own their bytes
                if (view != null) {
                    assertThat(slow).as(text).isNotNull();
                    same(view, slow, text);
                    views++;
                } else {
                    JsonObject read = reader.read(bytes, 0, bytes.length);
                    if (slow == null) {
                        assertThat(read).as(text).isNull();
                    }
                }
            }
        }
        assertThat(views).isGreaterThan(500);
        assertThat(inPlace).isGreaterThan(500);
    }

    private static final java.util.Set<String> TOP = java.util.Set.of("id", "object", "created", "model",
            "system_fingerprint", "service_tier", "choices");
    private static final java.util.Set<String> CHOICE = java.util.Set.of("index", "delta", "logprobs",
            "finish_reason", "stop_reason", "matched_stop", "token_ids");

    /** {@code slow} is a plain chunk as {@link io.evalprotocol.spi.PlainChunk} defines one. */
    private static void plain(JsonObject slow, String what) {
        assertThat(TOP).as(what).containsAll(slow.keySet());
        assertThat(slow.get("object")).as(what).isNotEqualTo(jakarta.json.Json.createValue("error"));
        JsonObject c = slow.getJsonArray("choices").getJsonObject(0);
        assertThat(CHOICE).as(what).containsAll(c.keySet());
        assertThat(c.getJsonNumber("index").longValueExact()).as(what).isBetween(0L, (long) Integer.MAX_VALUE);
        JsonValue delta = c.get("delta");
        if (delta instanceof JsonObject) {
            assertThat(java.util.Set.of("content", "role")).as(what).containsAll(((JsonObject) delta).keySet());
            JsonValue content = ((JsonObject) delta).get("content");
            assertThat(content == null || content == JsonValue.NULL || content instanceof JsonString).as(what).isTrue();
            JsonValue role = ((JsonObject) delta).get("role");
            assertThat(role == null || role instanceof JsonString).as(what).isTrue();
        } else {
            assertThat(delta == null || delta == JsonValue.NULL).as(what).isTrue();
        }
        for (String stop : new String[] {"stop_reason", "matched_stop"}) {
            assertThat(c.get(stop) == null || c.get(stop) == JsonValue.NULL).as(what).isTrue();
        }
        JsonValue finish = c.get("finish_reason");
        assertThat(finish == null || finish == JsonValue.NULL || finish instanceof JsonString).as(what).isTrue();
        JsonValue ids = c.get("token_ids");
        if (ids instanceof JsonArray) {
            for (JsonValue id : (JsonArray) ids) {
                assertThat(((JsonNumber) id).longValueExact()).as(what).isBetween(0L, (long) Integer.MAX_VALUE);
            }
        } else {
            assertThat(ids == null || ids == JsonValue.NULL).as(what).isTrue();
        }
        JsonValue lp = c.get("logprobs");
        if (lp instanceof JsonObject) {
            assertThat(((JsonObject) lp).keySet()).as(what).containsExactly("content");
            for (JsonValue e : ((JsonObject) lp).getJsonArray("content")) {
                JsonObject entry = (JsonObject) e;
                assertThat(entry.get("logprob")).as(what).isInstanceOf(JsonNumber.class);
                if (entry.containsKey("sampling_logprob")) {
                    assertThat(entry.get("sampling_logprob")).as(what).isInstanceOf(JsonNumber.class);
                }
                if (entry.containsKey("token_id")) {
                    assertThat(entry.getJsonNumber("token_id").longValueExact()).as(what)
                            .isBetween(-1L, (long) Integer.MAX_VALUE);
                }
            }
        } else {
            assertThat(lp == null || lp == JsonValue.NULL).as(what).isTrue();
        }
    }

    /** The view's values are those of {@code slow}, the same event as WireJson reads it. */
    private static void same(PlainView v, JsonObject slow, String what) {
        plain(slow, what);
        JsonArray choices = slow.getJsonArray("choices");
        assertThat(choices).as(what).hasSize(1);
        JsonObject c = choices.getJsonObject(0);
        assertThat(v.choiceIndex()).as(what).isEqualTo(c.getJsonNumber("index").intValueExact());
        JsonValue finish = c.get("finish_reason");
        assertThat(v.finishReason()).as(what)
                .isEqualTo(finish instanceof JsonString ? ((JsonString) finish).getString() : null);
        JsonValue ids = c.get("token_ids");
        int[] expected = null;
        if (ids instanceof JsonArray) {
            expected = ((JsonArray) ids).stream().mapToInt(x -> ((JsonNumber) x).intValueExact()).toArray();
        }
        assertThat(v.tokenIds()).as(what).isEqualTo(expected);
        JsonValue delta = c.get("delta");
        assertThat(v.deltaObject()).as(what).isEqualTo(delta instanceof JsonObject);
        if (delta instanceof JsonObject) {
            JsonValue content = ((JsonObject) delta).get("content");
            assertThat(v.content()).as(what)
                    .isEqualTo(content instanceof JsonString ? ((JsonString) content).getString() : null);
            JsonValue role = ((JsonObject) delta).get("role");
            assertThat(v.deltaRole()).as(what).isEqualTo(role == null ? null : ((JsonString) role).getString());
        }
        JsonValue lp = c.get("logprobs");
        assertThat(v.hasLogprobs()).as(what).isEqualTo(lp instanceof JsonObject);
        if (!(lp instanceof JsonObject)) {
            assertThat(v.entryCount()).as(what).isZero();
            return;
        }
        JsonArray entries = ((JsonObject) lp).getJsonArray("content");
        assertThat(new String(v.text(), v.contentFrom(), v.contentTo() - v.contentFrom(), StandardCharsets.UTF_8))
                .as(what).isEqualTo(entries.toString());
        assertThat(v.entryCount()).as(what).isEqualTo(entries.size());
        for (int e = 0; e < entries.size(); e++) {
            JsonObject entry = entries.getJsonObject(e);
            assertThat(Double.doubleToRawLongBits(v.logprob(e))).as(what)
                    .isEqualTo(Double.doubleToRawLongBits(entry.getJsonNumber("logprob").doubleValue()));
            JsonValue sampling = entry.get("sampling_logprob");
            assertThat(v.hasSamplingLogprob(e)).as(what).isEqualTo(sampling != null);
            if (sampling != null) {
                assertThat(Double.doubleToRawLongBits(v.samplingLogprob(e))).as(what)
                        .isEqualTo(Double.doubleToRawLongBits(((JsonNumber) sampling).doubleValue()));
            }
            JsonValue id = entry.get("token_id");
            assertThat(v.hasTokenId(e)).as(what).isEqualTo(id != null);
            if (id != null) {
                assertThat(v.tokenId(e)).as(what).isEqualTo(((JsonNumber) id).intValueExact());
            }
            JsonValue token = entry.get("token");
            assertThat(v.tokenIsEmpty(e)).as(what)
                    .isEqualTo(token instanceof JsonString && ((JsonString) token).getString().isEmpty());
        }
    }

    /** What stays fixed in the events of one stream. */
    private static final class Shape {
        final int entries;
        final boolean logprobs;
        final boolean sampling;
        final boolean tokenIds;
        final boolean entryIds;
        final int alternatives;
        final boolean role;
        final boolean stopReason;

        Shape(Random r) {
            entries = r.nextInt(6) == 0 ? r.nextInt(3) : 1;
            logprobs = r.nextInt(5) > 0;
            sampling = r.nextBoolean();
            tokenIds = r.nextBoolean();
            entryIds = r.nextBoolean();
            alternatives = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
            role = r.nextInt(5) == 0;
            stopReason = r.nextInt(3) == 0;
        }

        String event(Random r) {
            StringBuilder sb = new StringBuilder("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,")
                    .append("\"model\":\"m\",\"choices\":[{\"index\":").append(r.nextInt(8) == 0 ? 1 : 0)
                    .append(",\"delta\":");
            sb.append(r.nextInt(60) == 0 ? "null" : r.nextInt(60) == 0 ? "{}"
                    : "{" + (role ? "\"role\":\"assistant\"," : "") + "\"content\":"
                            + (r.nextInt(20) == 0 ? "null" : "\"" + text(r) + "\"") + "}");
            sb.append(",\"logprobs\":");
            if (logprobs) {
                sb.append("{\"content\":[");
                for (int e = 0; e < entries; e++) {
                    sb.append(e > 0 ? "," : "").append(entry(r, alternatives));
                }
                sb.append("]}");
            } else {
                sb.append("null");
            }
            sb.append(",\"finish_reason\":").append(r.nextInt(10) == 0 ? "\"stop\"" : "null");
            if (stopReason) {
                sb.append(",\"stop_reason\":").append(r.nextInt(20) == 0 ? "7" : "null");
            }
            if (tokenIds) {
                sb.append(",\"token_ids\":").append(r.nextInt(20) == 0 ? "null" : "[" + id(r) + "]");
            }
            if (r.nextInt(80) == 0) {
                sb.append(",\"other\":true");
            }
            sb.append("}]");
            if (r.nextInt(80) == 0) {
                sb.append(",\"usage\":{\"total_tokens\":3}");
            }
            return sb.append('}').toString();
        }

        private String entry(Random r, int alternatives) {
            StringBuilder sb = new StringBuilder("{\"token\":\"").append(r.nextInt(8) == 0 ? "" : text(r))
                    .append("\",\"logprob\":").append(number(r));
            if (sampling) {
                sb.append(",\"sampling_logprob\":").append(number(r));
            }
            sb.append(",\"bytes\":[").append(r.nextInt(256));
            if (r.nextBoolean()) {
                sb.append(',').append(r.nextInt(256));
            }
            sb.append(']');
            if (entryIds) {
                sb.append(",\"token_id\":").append(id(r));
            }
            if (alternatives > 0) {
                sb.append(",\"top_logprobs\":[");
                for (int i = 0; i < alternatives; i++) {
                    sb.append(i > 0 ? "," : "").append(entry(r, 0));
                }
                sb.append(']');
            }
            return sb.append('}').toString();
        }

        private static String number(Random r) {
            return r.nextInt(20) > 0 ? "-" + r.nextInt(20) + "." + r.nextInt(100_000) : NUMBERS[r.nextInt(NUMBERS.length)];
        }

        private static String id(Random r) {
            return r.nextInt(20) > 0 ? Integer.toString(r.nextInt(200_000)) : IDS[r.nextInt(IDS.length)];
        }

        private static String text(Random r) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(3); i >= 0; i--) {
                sb.append(r.nextInt(40) == 0 ? IRREGULAR[r.nextInt(IRREGULAR.length)] : TEXT[r.nextInt(TEXT.length)]);
            }
            return sb.toString();
        }
    }
}
