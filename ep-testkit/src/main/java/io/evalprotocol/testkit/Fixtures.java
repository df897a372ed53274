package io.evalprotocol.testkit;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reading fixture files: JSON bodies, SSE streams, and a directory found by walking up from the build. */
public final class Fixtures {
    private Fixtures() {}

    /** A cached provider: {@code Json.*} would repeat the ServiceLoader lookup on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    /** The text of a UTF-8 file. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    /** Parses a JSON object. */
    public static JsonObject json(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("fixture is not a JSON object: " + e.getMessage(), e);
        }
    }

    /**
     * The JSON chunks of a server-sent-event stream, in order, up to {@code data: [DONE]}. Lines of one event
     * are joined with {@code \n} as the SSE specification says; comments and other fields are skipped.
     */
    public static List<JsonObject> sse(String text) {
        List<JsonObject> chunks = new ArrayList<>();
        StringBuilder data = null;
        for (String line : (text + "\n\n").split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    String payload = data.toString();
                    if (payload.equals("[DONE]")) {
                        break;
                    }
                    chunks.add(json(payload));
                    data = null;
                }
            } else if (line.startsWith("data:")) {
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return Collections.unmodifiableList(chunks);
    }

    /**
     * Walks up from the working directory to the first ancestor that contains {@code relative} and returns
     * that path (e.g. {@code findUp("shared/fixtures")} from a module directory of a checkout).
     *
     * @throws IllegalStateException when no ancestor contains it
     */
    public static Path findUp(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no directory above " + start + " contains " + relative);
    }

    /** A JSON string value. */
    static JsonValue string(String s) {
        return JSON.createValue(s);
    }
}
