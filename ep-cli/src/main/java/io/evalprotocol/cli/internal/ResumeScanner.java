package io.evalprotocol.cli.internal;

import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the row ids already in an output file, so that {@code --resume} runs only the missing rows, and
 * repairs the damage a kill can leave at the end of the file.
 *
 * <p>The writer appends one row and a newline per write, so a process killed mid-write leaves at most one
 * torn line, at the very end. That line (bytes without a final newline that are not a JSON object, or a
 * last line that is not valid JSON) is truncated away, and its row runs again. A complete JSON object that
 * only misses its newline is kept and the newline added. An invalid line anywhere else is not a kill's doing,
 * so it is an error naming the line, never repaired silently.
 */
public final class ResumeScanner {
    private ResumeScanner() {}

    /** What the scan found and did. */
    public static final class Result {
        private final Set<String> rowIds;
        private final long rows;
        private final long failed;
        private final long duplicates;
        private final long withoutId;
        private final String repair;

        Result(Set<String> rowIds, long rows, long failed, long duplicates, long withoutId, String repair) {
            this.rowIds = rowIds;
            this.rows = rows;
            this.failed = failed;
            this.duplicates = duplicates;
            this.withoutId = withoutId;
            this.repair = repair;
        }

        /** Ids of the rows in the file (whatever their rollout status). */
        public Set<String> rowIds() {
            return rowIds;
        }

        /** Rows (non-blank lines) in the file after the repair. */
        public long rows() {
            return rows;
        }

        /** Rows with an error {@code rollout_status} (gRPC codes 1-16): resume does not run them again. */
        public long failed() {
            return failed;
        }

        /** Rows whose id appeared earlier in the file. */
        public long duplicates() {
            return duplicates;
        }

        /** Rows without {@code input_metadata.row_id}: they match no input row. */
        public long withoutId() {
            return withoutId;
        }

        /** A sentence describing the repair made, or null when the file ended cleanly. */
        public String repair() {
            return repair;
        }
    }

    /**
     * Scans {@code output} (which must exist) and repairs its tail in place.
     *
     * @throws InvalidDataException a line before the last one is not a JSON object
     * @throws IOException reading or truncating failed
     */
    public static Result scanAndRepair(Path output) throws IOException {
        Set<String> ids = new HashSet<>();
        long rows = 0;
        long duplicates = 0;
        long withoutId = 0;
        long failed = 0;
        String repair = null;
        try (FileChannel channel = FileChannel.open(output, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            LineReader lines = new LineReader(Channels.newInputStream(channel));
            long lineNumber = 0;
            long pendingBadLine = -1;
            long pendingBadOffset = -1;
            String pendingBadReason = null;
            while (lines.next()) {
                lineNumber++;
                if (lines.isBlank()) {
                    continue;
                }
                if (pendingBadLine > 0) {
                    throw new InvalidDataException(output + " is damaged before its end: " + pendingBadReason
                            + ". Only a torn last line (left by a kill) is repaired automatically; fix or delete this"
                            + " line and run again with --resume.", null, pendingBadLine, null);
                }
                RowKey row;
                try {
                    row = read(lines.buffer(), lines.length());
                } catch (JsonException | IllegalStateException e) {
                    pendingBadLine = lineNumber;
                    pendingBadOffset = lines.start();
                    pendingBadReason = "not a JSON object (" + e.getMessage() + ")";
                    continue;
                }
                if (!lines.terminated()) {
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}), channel.size());
                    repair = "the last row (line " + lineNumber + ") was complete but missed its newline; added it";
                }
                rows++;
                if (row.statusCode >= 1 && row.statusCode <= 16) {
                    failed++;
                }
                if (row.rowId == null) {
                    withoutId++;
                } else if (!ids.add(row.rowId)) {
                    duplicates++;
                }
            }
            if (pendingBadLine > 0) {
                long removed = channel.size() - pendingBadOffset;
                channel.truncate(pendingBadOffset);
                repair = "removed a torn last line (line " + pendingBadLine + ", " + removed + " bytes of incomplete "
                        + "JSON), probably left by a killed run; its row runs again";
            }
        }
        return new Result(Set.copyOf(ids), rows, failed, duplicates, withoutId, repair);
    }

    /** What the scan reads of one row. */
    static final class RowKey {
        /** {@code input_metadata.row_id}, or null. */
        String rowId;
        /** {@code rollout_status.code}, or -1. */
        int statusCode = -1;
    }

    /**
     * Reads {@code input_metadata.row_id} and {@code rollout_status.code} of one JSON object, validating the
     * whole line on the way.
     */
    static RowKey read(byte[] buf, int len) {
        RowKey row = new RowKey();
        try (JsonParser p = Json.createParser(new ByteArrayInputStream(buf, 0, len))) {
            if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) {
                throw new IllegalStateException("a row must be a JSON object");
            }
            int depth = 1;
            String section = null;
            String key = null;
            while (depth > 0) {
                JsonParser.Event e = p.next();
                switch (e) {
                    case KEY_NAME:
                        key = p.getString();
                        break;
                    case START_OBJECT:
                        if (depth == 1) {
                            section = key;
                        }
                        depth++;
                        break;
                    case START_ARRAY:
                        depth++;
                        break;
                    case END_OBJECT:
                    case END_ARRAY:
                        depth--;
                        if (depth == 1) {
                            section = null;
                        }
                        break;
                    case VALUE_STRING:
                        if (depth == 2 && "input_metadata".equals(section) && "row_id".equals(key)) {
                            row.rowId = p.getString();
                        }
                        break;
                    case VALUE_NUMBER:
                        if (depth == 2 && "rollout_status".equals(section) && "code".equals(key) && p.isIntegralNumber()) {
                            row.statusCode = p.getInt();
                        }
                        break;
                    default:
                        break;
                }
            }
            if (p.hasNext()) {
                throw new IllegalStateException("more than one JSON value on the line");
            }
        }
        return row;
    }
}
