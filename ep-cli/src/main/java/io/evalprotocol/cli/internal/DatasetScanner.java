package io.evalprotocol.cli.internal;

import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The first pass over the input: checks every line before any request is sent, and gives each good row its
 * {@code row_id} ({@link RowIdAssigner}). The second pass ({@link Dataset#rows}) reads the file again
 * and hands out the rows still to do, so a large dataset is never held in memory.
 *
 * <p>A line is bad when it is not a JSON object, when {@code validator} rejects it (not an eval-protocol row),
 * when it has no messages, or when its row id repeats an earlier one. Under {@link BadLinePolicy#FAIL} the
 * first bad line ends the scan with an {@link InvalidDataException} naming the file and line; under
 * {@link BadLinePolicy#SKIP} each is reported through {@code warn} and counted. Blank lines are not rows.
 */
public final class DatasetScanner {
    /** Checks that a JSON object is a row this CLI can roll out; throws {@link InvalidDataException} if not. */
    @FunctionalInterface
    public interface RowValidator {
        void validate(JsonObject row, String line, long lineNumber);
    }

    private DatasetScanner() {}

    /**
     * Scans {@code input}.
     *
     * @throws InvalidDataException the first bad line, under {@link BadLinePolicy#FAIL}
     * @throws IOException the file cannot be read
     */
    public static Dataset scan(Path input, BadLinePolicy policy, RowValidator validator, Consumer<String> warn)
            throws IOException {
        RowIdAssigner ids = new RowIdAssigner();
        List<String> rowIds = new ArrayList<>();
        Set<Long> badLines = new HashSet<>();
        try (LineReader lines = new LineReader(Files.newInputStream(input))) {
            long lineNumber = 0;
            while (lines.next()) {
                lineNumber++;
                if (lines.isBlank()) {
                    continue;
                }
                try {
                    String line = lines.text(lineNumber);
                    JsonObject row = parseObject(line, lineNumber);
                    validator.validate(row, line, lineNumber);
                    requireMessages(row, lineNumber);
                    rowIds.add(ids.assign(row, lineNumber));
                } catch (InvalidDataException e) {
                    if (policy == BadLinePolicy.FAIL) {
                        throw new InvalidDataException(input + ": " + e.getMessage()
                                + ". Fix the line, or pass --on-bad-line skip to skip bad lines (they are counted).");
                    }
                    badLines.add(lineNumber);
                    warn.accept("ep: warning: skipping bad input line: " + input + ": " + e.getMessage());
                }
            }
        }
        return new Dataset(input, List.copyOf(rowIds), Set.copyOf(badLines));
    }

    /** Parses one line as a JSON object; anything else is an {@link InvalidDataException} naming the line. */
    static JsonObject parseObject(String line, long lineNumber) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidDataException("expected a JSON object (an eval-protocol row or {\"messages\": [...]}),"
                        + " got " + value.getValueType().toString().toLowerCase(Locale.ROOT), null,
                        lineNumber, null);
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new InvalidDataException("not valid JSON: " + e.getMessage(), null, lineNumber, e);
        }
    }

    private static void requireMessages(JsonObject row, long lineNumber) {
        JsonValue messages = row.get("messages");
        if (messages == null || messages.getValueType() != JsonValue.ValueType.ARRAY
                || messages.asJsonArray().isEmpty()) {
            throw new InvalidDataException("a row needs a non-empty \"messages\" array to roll out", "$.messages",
                    lineNumber, null);
        }
    }
}
