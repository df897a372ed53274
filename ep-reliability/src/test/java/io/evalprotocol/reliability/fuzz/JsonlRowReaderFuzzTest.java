package io.evalprotocol.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.JsonlRowReader;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.errors.InvalidDataException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The JSONL reader and the row codec against arbitrary files: only {@link EpException}s escape, every bad
 * line is reported with its line number and skipped, the result does not depend on how reads split the
 * bytes, and every row read is written back in a form that reads back to the same bytes (the codec is a
 * fixed point after one round). Seeds: the eval-protocol row fixtures.
 */
class JsonlRowReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void readsAnyFileIntoRowsOrLineNumberedErrors(byte[] file) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(file));
        Outcome whole = read(new ByteArrayInputStream(file));
        Outcome trickled = read(new TrickleInputStream(file, random));
        assertThat(trickled.rows).isEqualTo(whole.rows);
        assertThat(trickled.badLines).isEqualTo(whole.badLines);

        long lines = countNonBlankLines(file);
        assertThat(whole.rows.size() + whole.badLines.size()).isEqualTo(lines);
        for (String json : whole.rows) {
            EvaluationRow again = EvalProtocolJson.readRow(json);
            assertThat(EvalProtocolJson.writeRow(again)).isEqualTo(json);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void readsAnySingleRowOrFailsWithInvalidData(byte[] json) {
        EvaluationRow row;
        try {
            row = EvalProtocolJson.readRow(json);
        } catch (InvalidDataException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return;
        }
        String written = EvalProtocolJson.writeRow(row);
        assertThat(EvalProtocolJson.writeRow(EvalProtocolJson.readRow(written))).isEqualTo(written);
    }

    private static Outcome read(InputStream in) {
        Outcome out = new Outcome();
        try (JsonlRowReader reader = JsonlRowReader.of(in)) {
            reader.skipInvalidLines(e -> {
                assertThat(e.line()).isPositive();
                out.badLines.add(e.line());
            });
            EvaluationRow row;
            while ((row = reader.read()) != null) {
                out.rows.add(EvalProtocolJson.writeRow(row));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static long countNonBlankLines(byte[] file) {
        long n = 0;
        boolean content = false;
        for (byte b : file) {
            if (b == '\n') {
                n += content ? 1 : 0;
                content = false;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                content = true;
            }
        }
        return n + (content ? 1 : 0);
    }

    private static final class Outcome {
        final List<String> rows = new ArrayList<>();
        final List<Long> badLines = new ArrayList<>();
    }

    /** Returns between 1 and 7 bytes per read, as a slow pipe would. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final SplittableRandom random;
        private int pos;

        TrickleInputStream(byte[] data, SplittableRandom random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(7)), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
