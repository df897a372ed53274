package io.evalprotocol.cli.internal;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.JsonObject;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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

    /** Turns a line of the second pass into the row to roll out, carrying {@code rowId} in its input metadata. */
    @FunctionalInterface
    public interface RowFactory {
        EvaluationRow create(JsonObject row, String line, long lineNumber, String rowId);
    }

    /**
     * The second pass: reads the file again, lazily, and yields every good row whose id is not in
     * {@code skip}, in file order. Read failures surface from {@code hasNext()} as {@link UncheckedIOException};
     * a file that changed since the scan as {@link InvalidDataException}. Close it when done.
     */
    public Rows rows(Set<String> skip, RowFactory factory) throws IOException {
        return new Rows(new LineReader(Files.newInputStream(file)), skip, factory);
    }

    /** The rows still to do; an iterator to hand to the engine, and the reader to close afterwards. */
    public final class Rows implements Iterator<EvaluationRow>, Closeable {
        private final LineReader lines;
        private final Set<String> skip;
        private final RowFactory factory;
        private long lineNumber;
        private int index;
        private EvaluationRow next;
        private boolean done;

        private Rows(LineReader lines, Set<String> skip, RowFactory factory) {
            this.lines = lines;
            this.skip = skip;
            this.factory = factory;
        }

        @Override
        public synchronized boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                while (lines.next()) {
                    lineNumber++;
                    if (lines.isBlank() || badLines.contains(lineNumber)) {
                        continue;
                    }
                    if (index >= rowIds.size()) {
                        throw changed();
                    }
                    String id = rowIds.get(index++);
                    if (skip.contains(id)) {
                        continue;
                    }
                    String line;
                    JsonObject json;
                    try {
                        line = lines.text(lineNumber);
                        json = DatasetScanner.parseObject(line, lineNumber);
                    } catch (InvalidDataException e) {
                        throw changed();
                    }
                    next = factory.create(json, line, lineNumber, id);
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + " failed: " + e.getMessage(), e);
            }
            done = true;
            return false;
        }

        @Override
        public synchronized EvaluationRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            EvaluationRow row = next;
            next = null;
            return row;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    private InvalidDataException changed() {
        return new InvalidDataException(file + " changed while it was being read; run again");
    }
}
