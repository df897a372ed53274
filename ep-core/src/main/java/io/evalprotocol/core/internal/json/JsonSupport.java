package io.evalprotocol.core.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.spi.JsonProvider;

/**
 * The one Jackson configuration the SDK reads and writes eval-protocol JSON with, and helpers for error
 * messages that name the JSON path of the offending value.
 */
public final class JsonSupport {
    /** Deepest nesting accepted when reading rows. */
    public static final int MAX_NESTING_DEPTH = 1000;
    /** Longest string accepted when reading rows: a row may carry a long base64 image or a 100k-token transcript. */
    public static final int MAX_STRING_LENGTH = 512 * 1024 * 1024;
    /** Longest number accepted when reading rows (Jackson's default). */
    public static final int MAX_NUMBER_LENGTH = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .rootValueSeparator((String) null)
            // serde_json (pydantic) writes \u001f, not \u001F
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            // emoji and other non-BMP characters as raw 4-byte UTF-8, not as a pair of \ud83d-style escapes
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            // Python's json module writes NaN/Infinity; pydantic reads them. Kept values become null, as in Python.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build();

    private JsonSupport() {
    }

    /** The shared, explicitly configured factory (thread-safe). */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /** The JSON-P provider, looked up once. */
    public static JsonProvider jsonProvider() {
        return ProviderHolder.PROVIDER;
    }

    private static final class ProviderHolder {
        static final JsonProvider PROVIDER = JsonProvider.provider();
    }

    /**
     * The JSON path ({@code $.messages[3].token_ids[17]}) of the parser's current token. For a
     * {@code START_OBJECT} / {@code START_ARRAY} token that is the position of the container itself.
     */
    public static String path(JsonParser p) {
        JsonStreamContext ctx = p.getParsingContext();
        JsonToken t = p.currentToken();
        if (ctx != null && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
            ctx = ctx.getParent();
        }
        return path(ctx);
    }

    /** The path of the value {@code ctx} is positioned at. */
    static String path(JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return "$";
        }
        StringBuilder sb = new StringBuilder();
        appendPath(sb, ctx);
        return sb.toString();
    }

    private static void appendPath(StringBuilder sb, JsonStreamContext ctx) {
        JsonStreamContext parent = ctx.getParent();
        if (parent == null) {
            sb.append('$');
        } else {
            appendPath(sb, parent);
        }
        if (ctx.inArray()) {
            sb.append('[').append(Math.max(ctx.getCurrentIndex(), 0)).append(']');
        } else if (ctx.inObject()) {
            String name = ctx.getCurrentName();
            if (name != null) {
                appendName(sb, name);
            }
        }
    }

    private static void appendName(StringBuilder sb, String name) {
        boolean simple = !name.isEmpty() && (Character.isLetter(name.charAt(0)) || name.charAt(0) == '_');
        for (int i = 1; simple && i < name.length(); i++) {
            char c = name.charAt(i);
            simple = Character.isLetterOrDigit(c) || c == '_';
        }
        if (simple) {
            sb.append('.').append(name);
        } else {
            sb.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
    }

    /** An error about the current token. */
    static InvalidDataException invalid(JsonParser p, long line, String message) {
        return new InvalidDataException(message, path(p), line, null);
    }

    /** What a token is, for messages such as "expected a string, got an array". */
    static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a float";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.toString();
        }
    }
}
