package io.evalprotocol.cli.internal;

import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gives every row of one dataset its {@code row_id}, which is what {@code --resume} matches on.
 *
 * <p>A row that carries {@code input_metadata.row_id} keeps it. Any other row gets
 * {@code row-<16 hex digits>}: the start of a SHA-256 over the row's {@linkplain CanonicalJson canonical
 * content} and its occurrence index, i.e. how many rows with the same content came before it. So the id
 * depends neither on the line number nor on formatting: the dataset may be reordered, re-indented or grown,
 * and identical lines still get distinct ids. Fields a rollout or evaluation writes ({@link #VOLATILE}) are
 * not content.
 *
 * <p>Two rows with the same id would make resume skip the second, so a repeated id is an
 * {@link InvalidDataException} naming both lines. Not thread-safe: one instance reads one dataset in order.
 */
public final class RowIdAssigner {
    /** Top-level fields that describe a run, not the task: Python's {@code _stable_json} leaves them out too. */
    static final Set<String> VOLATILE = Set.of("created_at", "execution_metadata", "pid", "rollout_status",
            "evaluation_result", "eval_metadata");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Map<ContentKey, Integer> occurrences = new HashMap<>();
    private final Map<String, Long> lineById = new HashMap<>();
    private final MessageDigest sha256;

    public RowIdAssigner() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The id of {@code row}, read at 1-based {@code line}.
     *
     * @throws InvalidDataException the row's {@code input_metadata.row_id} is not a non-empty string, or the id
     *     was already used by an earlier line
     */
    public String assign(JsonObject row, long line) {
        String explicit = explicitId(row, line);
        String id = explicit != null ? explicit : derive(row);
        Long first = lineById.putIfAbsent(id, line);
        if (first != null) {
            throw new InvalidDataException((explicit != null ? "row_id '" : "the row_id derived from this row's content, '")
                    + id + "', is already used on line " + first + "; every row needs its own id for --resume to work",
                    "$.input_metadata.row_id", line, null);
        }
        return id;
    }

    /** How many ids were handed out. */
    public int size() {
        return lineById.size();
    }

    private static String explicitId(JsonObject row, long line) {
        JsonValue metadata = row.get("input_metadata");
        if (!(metadata instanceof JsonObject)) {
            return null;
        }
        JsonValue id = ((JsonObject) metadata).get("row_id");
        if (id == null || id.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(id instanceof JsonString) || ((JsonString) id).getString().isEmpty()) {
            throw new InvalidDataException("row_id must be a non-empty string, got " + id, "$.input_metadata.row_id",
                    line, null);
        }
        return ((JsonString) id).getString();
    }

    private String derive(JsonObject row) {
        byte[] content = sha256.digest(CanonicalJson.of(row, VOLATILE).getBytes(StandardCharsets.UTF_8));
        int occurrence = occurrences.merge(new ContentKey(content), 1, Integer::sum) - 1;
        sha256.update(content);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(occurrence).array());
        byte[] digest = sha256.digest();
        char[] out = new char[4 + 16];
        "row-".getChars(0, 4, out, 0);
        for (int i = 0; i < 8; i++) {
            out[4 + 2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[5 + 2 * i] = HEX[digest[i] & 0xF];
        }
        return new String(out);
    }

    /** The first 128 bits of a content digest: enough to tell contents apart, half the memory of all 256. */
    private static final class ContentKey {
        private final long high;
        private final long low;

        ContentKey(byte[] digest) {
            ByteBuffer b = ByteBuffer.wrap(digest);
            this.high = b.getLong();
            this.low = b.getLong();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ContentKey && ((ContentKey) o).high == high && ((ContentKey) o).low == low;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(high * 31 + low);
        }
    }
}
