package io.evalprotocol.benchmarks;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.benchmarks.bodies.BodySpec;
import io.evalprotocol.benchmarks.bodies.EvalRows;
import io.evalprotocol.benchmarks.ceilings.Ceilings;
import io.evalprotocol.core.JsonlRowReader;
import io.evalprotocol.core.JsonlRowWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P5: a JSONL file of {@value EvalRows#ROWS} eval-protocol rows (each an assistant message with the provider
 * logprobs object and token_ids) read with {@link JsonlRowReader} and written back with {@link JsonlRowWriter},
 * against C1 over the same bytes. Ops/s × file size = MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonlBenchmark {
    @Param({"lp-k0-1k"})
    public String rows;

    byte[] jsonl;
    private List<EvaluationRow> parsed;
    private final CountingSink sink = new CountingSink();

    @Setup
    public void setup() {
        BodySpec spec = BodySpec.parse(rows);
        // tiny specs (the smoke test) get a few rows; real runs the full file
        jsonl = EvalRows.jsonl(spec, spec.completionTokens() < 1024 ? 3 : EvalRows.ROWS);
        parsed = read();
    }

    /** C1 over the JSONL bytes (Jackson reads the root-level values one after another). */
    @Benchmark
    public int c1JacksonTokens() {
        return Ceilings.jacksonTokens(jsonl);
    }

    /** Read every row and write it back: the P5 figure. */
    @Benchmark
    public long readWriteRows() throws IOException {
        sink.count = 0;
        try (JsonlRowReader r = JsonlRowReader.of(new ByteArrayInputStream(jsonl));
                JsonlRowWriter w = JsonlRowWriter.of(sink)) {
            EvaluationRow row;
            while ((row = r.read()) != null) {
                w.write(row);
            }
        }
        return sink.count;
    }

    @Benchmark
    public List<EvaluationRow> readRows() {
        return read();
    }

    @Benchmark
    public long writeRows() throws IOException {
        sink.count = 0;
        try (JsonlRowWriter w = JsonlRowWriter.of(sink)) {
            for (EvaluationRow row : parsed) {
                w.write(row);
            }
        }
        return sink.count;
    }

    private List<EvaluationRow> read() {
        List<EvaluationRow> out = new ArrayList<>();
        try (JsonlRowReader r = JsonlRowReader.of(new ByteArrayInputStream(jsonl))) {
            EvaluationRow row;
            while ((row = r.read()) != null) {
                out.add(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Counts bytes and drops them: the writer's cost without a disk. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
