package io.evalprotocol.core.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.internal.json.ModelReader;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads provider response bodies and stream chunks with Jackson's streaming parser, under the client's
 * {@link StreamReadConstraints} (nesting depth, string and number length), into JSON-P values for the
 * extractor SPI and the data model.
 *
 * <p>Number text is never reformatted: integers become JSON-P longs (their text is canonical), every
 * other number an exact-text value. With {@code rawSubtrees}, the payloads the SDK stores unchanged
 * ({@code logprobs}, {@code raw_output}, {@code prompt_logprobs}) are captured as compact exact-text values
 * whose JSON-P view is only built if somebody reads them, which keeps a 30k-token logprobs object cheap.
 */
public final class WireJson {
    /** Keys whose object or array value is kept as exact text when reading with {@code rawSubtrees}. */
    public static final Set<String> RAW_KEYS = Set.of("logprobs", "raw_output", "prompt_logprobs");

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private final JsonFactory factory;
    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final UnaryOperator<String> redactor;

    public WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, UnaryOperator.identity());
    }

    /** @param redactor removes secrets from the response text quoted in error messages */
    public WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, UnaryOperator<String> redactor) {
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
            // The data model's reader keeps kept payloads as slices of the input when they are already in
            // canonical form, and re-writes them token by token otherwise.
            ModelReader raw = rawSubtrees ? new ModelReader().source(buf, off) : null;
            JsonObject o = readObjectBody(p, raw);
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

    private JsonObject readObjectBody(JsonParser p, ModelReader raw) throws IOException {
        JsonObjectBuilder b = PROVIDER.createObjectBuilder();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (raw != null && (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) && RAW_KEYS.contains(name)) {
                b.add(name, raw.readValue(p));
            } else {
                b.add(name, readValue(p, v, raw));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unexpected token " + t);
        }
        return b.build();
    }

    private JsonValue readValue(JsonParser p, JsonToken t, ModelReader raw) throws IOException {
        switch (t) {
            case START_OBJECT:
                return readObjectBody(p, raw);
            case START_ARRAY: {
                JsonArrayBuilder a = PROVIDER.createArrayBuilder();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    a.add(readValue(p, e, raw));
                }
                return a.build();
            }
            case VALUE_STRING:
                return PROVIDER.createValue(p.getText());
            case VALUE_NUMBER_INT:
                return integer(p);
            case VALUE_NUMBER_FLOAT:
                return RawJsonSupport.access().trusted(p.getText().getBytes(StandardCharsets.ISO_8859_1));
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
}
