package io.evalprotocol.cli.internal;

import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A scanned input file: the row id of every good row, in file order, and the bad lines to leave out. */
public final class Dataset {
    private final Path file;
    private final List<String> rowIds;
    private final Set<Long> badLines;

    Dataset(Path file, List<String> rowIds, Set<Long> badLines) {
        this.file = file;
        this.rowIds = rowIds;
        this.badLines = badLines;
    }

    /** Good rows in the file. */
    public int rows() {
        return rowIds.size();
    }

    /** Bad lines skipped under {@link BadLinePolicy#SKIP}. */
    public int badLines() {
        return badLines.size();
    }

    /** Row ids in file order. */
    public List<String> rowIds() {
        return rowIds;
    }

    /** Rows of this dataset whose id is not in {@code done}. */
    public int countMissing(Set<String> done) {
        int n = 0;
        for (String id : rowIds) {
            if (!done.contains(id)) {
                n++;
            }
        }
        return n;
    }

    /** Receives the rows of the second pass. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * @param row the line as a JSON object
         * @param line the raw line
         * @param lineNumber 1-based
         * @param rowId the id {@link DatasetScanner} assigned
         * @return false to stop reading
         */
        boolean accept(JsonObject row, String line, long lineNumber, String rowId) throws IOException;
    }

    /**
     * Reads the file again and passes every good row whose id is not in {@code skip} to {@code sink}, in file
     * order, stopping early when the sink answers false.
     *
     * @throws InvalidDataException the file changed since the scan
     */
    public void forEachRow(Set<String> skip, RowSink sink) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            int index = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || badLines.contains(lineNumber)) {
                    continue;
                }
                if (index >= rowIds.size()) {
                    throw changed();
                }
                String id = rowIds.get(index++);
                if (skip.contains(id)) {
                    continue;
                }
                JsonObject row;
                try {
                    row = DatasetScanner.parseObject(line, lineNumber);
                } catch (InvalidDataException e) {
                    throw changed();
                }
                if (!sink.accept(row, line, lineNumber, id)) {
                    return;
                }
            }
        }
    }

    private InvalidDataException changed() {
        return new InvalidDataException(file + " changed while it was being read; run again");
    }
}
