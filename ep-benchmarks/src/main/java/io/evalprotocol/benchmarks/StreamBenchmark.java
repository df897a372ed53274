package io.evalprotocol.benchmarks;

import io.evalprotocol.api.Message;
import io.evalprotocol.benchmarks.bodies.BodyFiles;
import io.evalprotocol.benchmarks.bodies.BodySpec;
import io.evalprotocol.benchmarks.ceilings.Ceilings;
import io.evalprotocol.benchmarks.engine.EngineDecode;
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
 * Streamed response → values. The goal compares decoding the whole event stream (one row) with C1 over
 * its non-streamed twin: both produce the same completion, so the ratio of operations per second is the
 * price of streaming against the cheapest possible pass over the plain body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamBenchmark {
    @Param({"lp-k0-16k"})
    public String body;

    byte[] json;
    byte[] sse;
    private EngineDecode engine;

    @Setup
    public void setup() {
        BodySpec spec = BodySpec.parse(body);
        json = BodyFiles.json(spec);
        sse = BodyFiles.sse(spec);
        engine = EngineDecode.forProvider(spec.kind().hasLogprobs() ? "fireworks" : "vllm", true);
        Message m = sseMessage();
        if (m.tokenIds().isEmpty()) {
            throw new IllegalStateException("the engine decoded " + body + ".sse without token ids: " + m);
        }
    }

    /** C1 over the non-streamed twin. */
    @Benchmark
    public int c1Twin() {
        return Ceilings.jacksonTokens(json);
    }

    /** The engine's SSE decode (ep-core {@code StreamAssembler} via {@code ResponseDecoder}) of the whole stream. */
    @Benchmark
    public Message sseMessage() {
        return EngineDecode.assistant(engine.decode(sse));
    }
}
