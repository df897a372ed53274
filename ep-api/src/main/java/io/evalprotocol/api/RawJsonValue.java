package io.evalprotocol.api;

import io.evalprotocol.api.internal.ContentColumns;
import io.evalprotocol.api.internal.RawJsonSupport;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON object, array or number that keeps its exact compact text and builds its JSON-P view only when
 * someone looks at it.
 *
 * <p>Free-form provider payloads ({@code logprobs}, {@code raw_output}, {@code extra}, unknown keys, ...)
 * are read into this type so that a row written by Python eval-protocol is written back byte for byte:
 * the text of every number (e.g. {@code -2.4e-7}), the key order and the escapes stay as they came. It is
 * also cheap: a 30k-entry {@code logprobs} object that nobody inspects is never turned into JSON-P
 * objects, and is written out with one array copy.
 *
 * <p>Instances are immutable and thread-safe, and they are ordinary {@link JsonValue}s: every
 * {@code RawJsonValue} is also a {@link jakarta.json.JsonObject}, {@link jakarta.json.JsonArray} or
 * {@link jakarta.json.JsonNumber}, {@code equals} compares by JSON value (so a raw object equals a JSON-P
 * object with the same members), and {@code toString()} returns the JSON text. A value built with the
 * plain JSON-P API works wherever a {@code RawJsonValue} does; it is then serialized member by member.
 *
 * <p>Only this package creates subclasses, so a writer can trust the text of any {@code RawJsonValue}.
 */
public abstract class RawJsonValue implements JsonValue {
    static {
        RawJsonSupport.install(new RawJsonSupport.Access() {
            @Override
            public JsonValue trusted(byte[] compactUtf8) {
                return RawJsonValue.trusted(compactUtf8);
            }

            @Override
            public JsonValue trusted(byte[] buf, int offset, int length) {
                return RawJsonValue.trusted(buf, offset, offset + length);
            }

            @Override
            public JsonValue trusted(byte[] buf, int offset, int length, ContentColumns content) {
                if (length <= 0 || buf[offset] != '{') {
                    throw new IllegalArgumentException("content columns belong to an object");
                }
                return new RawJsonObject(buf, offset, offset + length, content);
            }

            @Override
            public ContentColumns takeContentColumns(RawJsonValue value) {
                return value instanceof RawJsonObject ? ((RawJsonObject) value).takeContentColumns() : null;
            }

            @Override
            public byte[] array(RawJsonValue value) {
                return value.buf;
            }

            @Override
            public int offset(RawJsonValue value) {
                return value.from;
            }

            @Override
            public int length(RawJsonValue value) {
                return value.to - value.from;
            }

            @Override
            public String decodeString(byte[] buf, int from, int to) {
                return RawText.decodeStringBody(buf, from, to);
            }

            @Override
            public JsonValue value(byte[] buf, int from, int to) {
                return RawText.value(buf, from, to);
            }

            @Override
            public int skipValue(byte[] buf, int i) {
                return RawText.skipValue(buf, i);
            }

            @Override
            public int skipStringBody(byte[] buf, int i) {
                return RawText.skipStringBody(buf, i);
            }

            @Override
            public double doubleValue(byte[] buf, int from, int to) {
                return RawJsonNumber.doubleValue(buf, from, to);
            }
        });
    }

    /**
     * Holds the compact UTF-8 JSON text in {@code [from, to)}; never modified. A value read from inside another
     * one is a slice of its parent's array, so reading a 70 MB payload copies nothing.
     */
    final byte[] buf;
    final int from;
    final int to;

    RawJsonValue(byte[] buf, int from, int to) {
        this.buf = buf;
        this.from = from;
        this.to = to;
    }

    /**
     * Parses {@code json}, checks that it is one well-formed JSON value, and keeps it in compact form
     * (whitespace between tokens removed; number text kept as written). Objects, arrays and numbers come
     * back as a {@code RawJsonValue}; strings, {@code true}, {@code false} and {@code null} as the
     * standard JSON-P values.
     *
     * @throws IllegalArgumentException when {@code json} is not exactly one well-formed JSON value
     */
    public static JsonValue of(String json) {
        Objects.requireNonNull(json, "json");
        StringBuilder out = new StringBuilder(json.length());
        try (JsonParser parser = Parsers.FACTORY.createParser(new StringReader(json))) {
            if (!parser.hasNext()) {
                throw new IllegalArgumentException("not a JSON value: empty input");
            }
            JsonParser.Event first = parser.next();
            switch (first) {
                case VALUE_STRING:
                    String s = parser.getString();
                    requireEnd(parser);
                    return JsonP.provider().createValue(s);
                case VALUE_TRUE:
                    requireEnd(parser);
                    return JsonValue.TRUE;
                case VALUE_FALSE:
                    requireEnd(parser);
                    return JsonValue.FALSE;
                case VALUE_NULL:
                    requireEnd(parser);
                    return JsonValue.NULL;
                default:
                    break;
            }
            compact(parser, first, out);
            requireEnd(parser);
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("not a JSON value: " + e.getMessage(), e);
        }
        return trusted(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void requireEnd(JsonParser parser) {
        if (parser.hasNext()) {
            throw new IllegalArgumentException("not a single JSON value: text after the end of the value");
        }
    }

    private static void compact(JsonParser parser, JsonParser.Event first, StringBuilder out) {
        int depth = 0;
        JsonParser.Event event = first;
        boolean needComma = false;
        while (true) {
            switch (event) {
                case START_OBJECT:
                case START_ARRAY:
                    if (needComma) {
                        out.append(',');
                    }
                    out.append(event == JsonParser.Event.START_OBJECT ? '{' : '[');
                    depth++;
                    needComma = false;
                    break;
                case END_OBJECT:
                case END_ARRAY:
                    out.append(event == JsonParser.Event.END_OBJECT ? '}' : ']');
                    depth--;
                    needComma = true;
                    break;
                case KEY_NAME:
                    if (needComma) {
                        out.append(',');
                    }
                    JsonStrings.appendQuoted(out, parser.getString());
                    out.append(':');
                    needComma = false;
                    break;
                default:
                    if (needComma) {
                        out.append(',');
                    }
                    appendScalar(parser, event, out);
                    needComma = true;
                    break;
            }
            if (depth == 0) {
                return;
            }
            event = parser.next();
        }
    }

    private static void appendScalar(JsonParser parser, JsonParser.Event event, StringBuilder out) {
        switch (event) {
            case VALUE_STRING:
                JsonStrings.appendQuoted(out, parser.getString());
                break;
            case VALUE_NUMBER:
                // JsonParser.getString() returns a number's literal text, which is what we keep
                out.append(parser.getString());
                break;
            case VALUE_TRUE:
                out.append("true");
                break;
            case VALUE_FALSE:
                out.append("false");
                break;
            case VALUE_NULL:
                out.append("null");
                break;
            default:
                throw new IllegalStateException("unexpected JSON event " + event);
        }
    }

    /**
     * A parser without Parsson's default cap of 15,000,000 parsing events per document, which a 70 MB
     * {@code logprobs} payload exceeds. Other providers ignore the property; their own limits stay.
     */
    private static final class Parsers {
        static final JsonParserFactory FACTORY = JsonP.provider().createParserFactory(
                Map.of("org.eclipse.parsson.maxParsingLimit", Integer.MAX_VALUE));
    }

    /** Wraps compact UTF-8 text that the caller guarantees is one well-formed object, array or number. */
    static JsonValue trusted(byte[] utf8) {
        return trusted(utf8, 0, utf8.length);
    }

    /** Wraps {@code [from, to)} of {@code buf}, which the caller guarantees is one compact object, array or number. */
    static JsonValue trusted(byte[] buf, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("empty JSON text");
        }
        switch (buf[from]) {
            case '{':
                return new RawJsonObject(buf, from, to);
            case '[':
                return new RawJsonArray(buf, from, to);
            default:
                return new RawJsonNumber(buf, from, to, true);
        }
    }

    /**
     * The text holds a number JSON allows but BigDecimal cannot (e.g. {@code 1e9999999999}): the text is kept,
     * but the JSON-P view fails the way JSON-P fails on bad JSON.
     */
    static JsonException numberOutOfRange(NumberFormatException e) {
        return new JsonException("a number in this JSON value is out of range (" + e.getMessage() + ")", e);
    }

    /** The compact JSON text. */
    public String json() {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** Size of the compact JSON text in UTF-8 bytes. */
    public int utf8Length() {
        return to - from;
    }

    /** Whether both texts are the same bytes. */
    final boolean sameText(RawJsonValue o) {
        return java.util.Arrays.equals(buf, from, to, o.buf, o.from, o.to);
    }

    /** The compact JSON text, as JSON-P specifies for {@link JsonValue#toString()}. */
    @Override
    public String toString() {
        return json();
    }
}
