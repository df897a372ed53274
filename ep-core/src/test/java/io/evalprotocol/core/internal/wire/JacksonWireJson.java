package io.evalprotocol.core.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.internal.json.CanonicalJson;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The Jackson-based reader {@link WireJson} used before {@link ByteJsonReader}, kept as the oracle of the
 * differential tests. Reads provider response bodies and stream chunks with Jackson's streaming parser, under the client's
 * {@link StreamReadConstraints} (nesting depth, string and number length), into JSON-P values for the
 * extractor SPI and the data model.
 *
 * <p>Number text is never reformatted: integers become JSON-P longs (their text is canonical), every
 * other number an exact-text value. With {@code rawSubtrees}, the payloads the SDK stores unchanged
 * ({@code logprobs}, {@code raw_output}, {@code prompt_logprobs}) are captured as compact exact-text values
 * whose JSON-P view is only built if somebody reads them, which keeps a 30k-token logprobs object cheap.
 */
final class JacksonWireJson {
    /** Keys whose object or array value is kept as exact text when reading with {@code rawSubtrees}. */
    public static final Set<String> RAW_KEYS = Set.of("logprobs", "raw_output", "prompt_logprobs");

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private final JsonFactory factory;
    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final boolean rawSlices;
    private final UnaryOperator<String> redactor;

    JacksonWireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, UnaryOperator.identity());
    }

    /** @param redactor removes secrets from the response text quoted in error messages */
    JacksonWireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, UnaryOperator<String> redactor) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, redactor, true);
    }

    /** With {@code rawSlices} false, kept payloads are always copied token by token (tests compare both). */
    JacksonWireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, boolean rawSlices) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, UnaryOperator.identity(), rawSlices);
    }

    private JacksonWireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, UnaryOperator<String> redactor,
            boolean rawSlices) {
        this.rawSlices = rawSlices;
        this.redactor = redactor;
        this.maxNestingDepth = maxNestingDepth;
        this.maxStringLength = maxStringLength;
        this.maxNumberLength = maxNumberLength;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .maxNumberLength(maxNumberLength)
                        .build())
                .build();
    }

    /** The cached JSON-P provider. */
    public static JsonProvider provider() {
        return PROVIDER;
    }

    /**
     * Parses one JSON object.
     *
     * @param what names the input in error messages, e.g. {@code "response body"} or {@code "stream event 3"}
     * @throws InvalidResponseException for malformed JSON, a non-object, trailing data or a broken limit
     */
    public JsonObject readObject(byte[] buf, int off, int len, String what, boolean rawSubtrees) {
        try (JsonParser p = factory.createParser(buf, off, len)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InvalidResponseException(what + " is empty; expected a JSON object");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new InvalidResponseException(what + " is not a JSON object (starts with " + t.asString()
                        + "): " + excerpt(buf, off, len));
            }
            JsonObject o = readObjectBody(p, rawSubtrees, buf, off);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new InvalidResponseException(what + " has data after the JSON object at "
                        + at(p.currentTokenLocation()) + ": " + excerpt(buf, off, len));
            }
            return o;
        } catch (StreamConstraintsException e) {
            throw new InvalidResponseException(what + " breaks a JSON limit: " + limitMessage(e), e);
        } catch (JsonParseException e) {
            throw new InvalidResponseException("malformed JSON in " + what + " at " + at(e.getLocation()) + ": "
                    + e.getOriginalMessage() + "; text starts with: " + excerpt(buf, off, len), e);
        } catch (IOException e) {
            throw new InvalidResponseException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private String limitMessage(StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        if (m.contains("NestingDepth")) {
            return "nesting deeper than maxJsonNestingDepth=" + maxNestingDepth
                    + " (raise it with EpClient.builder().maxJsonNestingDepth(...))";
        }
        if (m.contains("StringLength") || m.contains("String value length")) {
            return "a string longer than maxJsonStringLength=" + maxStringLength
                    + " characters (raise it with EpClient.builder().maxJsonStringLength(...))";
        }
        if (m.contains("NumberLength") || m.contains("Number value length")) {
            return "a number longer than maxJsonNumberLength=" + maxNumberLength
                    + " characters (raise it with EpClient.builder().maxJsonNumberLength(...))";
        }
        return m;
    }

    private static String at(JsonLocation loc) {
        return loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** Up to 200 characters of the input, for error messages, without secrets. */
    public String excerpt(byte[] buf, int off, int len) {
        // the whole key must be seen to be redacted, so a little more than is shown is decoded
        int n = Math.min(len, 200 + 512);
        String s = redactor.apply(new String(buf, off, n, StandardCharsets.UTF_8));
        return s.length() > 200 || len > n ? s.substring(0, Math.min(s.length(), 200)) + "…" : s;
    }

    private JsonObject readObjectBody(JsonParser p, boolean rawSubtrees, byte[] buf, int off) throws IOException {
        JsonObjectBuilder b = PROVIDER.createObjectBuilder();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (rawSubtrees && (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) && RAW_KEYS.contains(name)) {
                b.add(name, RawJsonSupport.access().trusted(keep(p, buf, off)));
            } else {
                b.add(name, readValue(p, v, rawSubtrees, buf, off));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unexpected token " + t);
        }
        return b.build();
    }

    /**
     * The compact text of the payload at the parser's current token. Jackson validates it with
     * {@code skipChildren()}, which does not decode strings; when its bytes are already what {@link #copy}
     * would write (compact, Python's escapes, no string past the length limit: {@code CanonicalJson}) they are
     * kept as one slice, which is what makes a 70 MB logprobs object cheap. Otherwise it is re-read and
     * copied token by token, which normalizes it and enforces the string-length limit.
     */
    private byte[] keep(JsonParser p, byte[] buf, int off) throws IOException {
        if (!rawSlices) {
            CompactJson out = new CompactJson(1024);
            copy(p, out);
            return out.toByteArray();
        }
        long start = p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        long end = p.currentLocation().getByteOffset();
        int from = off + (int) start;
        int to = off + (int) end;
        if (start < 0 || end <= start || to > buf.length) {
            throw new IllegalStateException("parser reported offsets " + start + ".." + end + " outside the input");
        }
        if (CanonicalJson.isCanonical(buf, from, to, maxStringLength)) {
            return Arrays.copyOfRange(buf, from, to);
        }
        try (JsonParser q = factory.createParser(buf, from, to - from)) {
            q.nextToken();
            CompactJson out = new CompactJson(Math.max(1024, to - from));
            copy(q, out);
            return out.toByteArray();
        }
    }

    private JsonValue readValue(JsonParser p, JsonToken t, boolean rawSubtrees, byte[] buf, int off) throws IOException {
        switch (t) {
            case START_OBJECT:
                return readObjectBody(p, rawSubtrees, buf, off);
            case START_ARRAY: {
                // Arrays of ints (token ids) are held as an int[]; the first other element ends that.
                int[] ints = null;
                int n = 0;
                JsonToken e = p.nextToken();
                while (e == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                        && !(p.getTextLength() == 2 && p.getIntValue() == 0)) { // "-0" keeps its sign as text
                    if (ints == null) {
                        ints = new int[16];
                    } else if (n == ints.length) {
                        ints = Arrays.copyOf(ints, n * 2);
                    }
                    ints[n++] = p.getIntValue();
                    e = p.nextToken();
                }
                if (e == JsonToken.END_ARRAY && n > 0) {
                    return new IntJsonArray(n == ints.length ? ints : Arrays.copyOf(ints, n));
                }
                JsonArrayBuilder a = PROVIDER.createArrayBuilder();
                for (int i = 0; i < n; i++) {
                    a.add(PROVIDER.createValue(ints[i]));
                }
                for (; e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(readValue(p, e, rawSubtrees, buf, off));
                }
                return a.build();
            }
            case VALUE_STRING:
                return PROVIDER.createValue(p.getText());
            case VALUE_NUMBER_INT:
                return integer(p);
            case VALUE_NUMBER_FLOAT:
                try {
                    return RawJsonSupport.access().trusted(p.getText().getBytes(StandardCharsets.ISO_8859_1));
                } catch (NumberFormatException e) {
                    // valid JSON grammar that BigDecimal cannot hold, e.g. 1e9999999999
                    throw new JsonParseException(p, "the number " + p.getText() + " is out of range");
                }
            case VALUE_TRUE:
                return JsonValue.TRUE;
            case VALUE_FALSE:
                return JsonValue.FALSE;
            case VALUE_NULL:
                return JsonValue.NULL;
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }

    private static JsonValue integer(JsonParser p) throws IOException {
        switch (p.getNumberType()) {
            case INT:
                if (p.getTextLength() > 1 && p.getText().equals("-0")) {
                    return RawJsonSupport.access().trusted(new byte[] {'-', '0'});
                }
                return PROVIDER.createValue(p.getIntValue());
            case LONG:
                return PROVIDER.createValue(p.getLongValue());
            default:
                return RawJsonSupport.access().trusted(p.getText().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Copies the value starting at the current token as compact JSON, numbers as written. */
    private static void copy(JsonParser p, CompactJson out) throws IOException {
        int depth = 0;
        boolean needComma = false;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case START_OBJECT:
                case START_ARRAY:
                    if (needComma) {
                        out.comma();
                    }
                    out.raw((byte) (t == JsonToken.START_OBJECT ? '{' : '['));
                    depth++;
                    needComma = false;
                    break;
                case END_OBJECT:
                case END_ARRAY:
                    out.raw((byte) (t == JsonToken.END_OBJECT ? '}' : ']'));
                    depth--;
                    needComma = true;
                    break;
                case FIELD_NAME:
                    if (needComma) {
                        out.comma();
                    }
                    out.key(p.currentName());
                    needComma = false;
                    break;
                default:
                    if (needComma) {
                        out.comma();
                    }
                    scalar(p, t, out);
                    needComma = true;
                    break;
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    private static void scalar(JsonParser p, JsonToken t, CompactJson out) throws IOException {
        switch (t) {
            case VALUE_STRING:
                out.string(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                out.rawAscii(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                break;
            case VALUE_TRUE:
                out.bool(true);
                break;
            case VALUE_FALSE:
                out.bool(false);
                break;
            case VALUE_NULL:
                out.nullValue();
                break;
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }
}
