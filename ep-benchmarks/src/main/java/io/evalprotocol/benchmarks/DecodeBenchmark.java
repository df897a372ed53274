package io.evalprotocol.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalprotocol.benchmarks.bodies.BodySpec;
import io.evalprotocol.benchmarks.bodies.BodyFiles;
import io.evalprotocol.benchmarks.ceilings.Ceilings;
import io.evalprotocol.benchmarks.engine.BodyReader;
import io.evalprotocol.benchmarks.engine.EngineDecode;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.TokenTrace;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * Non-streamed response body → values. Every method reads the same body; the goal runner divides the
 * SDK's throughput by the ceilings' ({@code c1JacksonTokens}, {@code c2ByteScan}) from the same run.
 * Results are operations per second; bytes per second = ops/s × body size (the runner does that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {
    @Param({"lp-k0-16k", "lp-k5-16k", "ids-16k"})
    public String body;

    byte[] json;
    private final ObjectMapper mapper = new ObjectMapper(Ceilings.JSON);
    private JsonProvider jsonp;
    private EngineDecode engine;
    private final BodyReader reader = BodyReader.withDefaultLimits();
    private EngineDecode idsOnly;

    @Setup
    public void setup() {
        BodySpec spec = BodySpec.parse(body);
        json = BodyFiles.json(spec);
        jsonp = JsonProvider.provider();
        String provider = spec.kind().hasLogprobs() ? "fireworks" : "vllm";
        engine = EngineDecode.forProvider(provider, false);
        idsOnly = EngineDecode.forProvider(provider, false, TokenTrace.IDS_ONLY);
        Message m = p1Message();
        // measure the path that keeps ids, never a silent "no token ids" fallback
        if (m.tokenIds().isEmpty() || spec.kind().hasLogprobs() != m.logprobs().isPresent()) {
            throw new IllegalStateException("the engine decoded " + body + " without token ids or logprobs: " + m);
        }
        Message ids = p1bIdsOnly();
        if (!ids.tokenIds().equals(m.tokenIds()) || spec.kind().hasLogprobs() != ids.flatLogprobs().isPresent()
                || ids.flatLogprobs().isPresent() && ids.flatLogprobs().get().size() != ids.tokenIds().get().size()) {
            throw new IllegalStateException("the ids-only decode of " + body + " lost ids or flat logprobs: " + ids);
        }
    }

    /** C1. */
    @Benchmark
    public int c1JacksonTokens() {
        return Ceilings.jacksonTokens(json);
    }

    /** C2. */
    @Benchmark
    public int c2ByteScan() {
        return Ceilings.structuralBytes(json);
    }

    /**
     * P1: the rollout engine's decode of the body (ep-core {@code ResponseDecoder}, what {@code RolloutEngine}
     * runs on every response): the validated assistant message with token ids and the provider's logprobs.
     */
    @Benchmark
    public Message p1Message() {
        return EngineDecode.assistant(engine.decode(json));
    }

    /**
     * The engine's body reader alone ({@code WireJson}: JSON-P envelope, kept payloads as canonical bytes,
     * token ids as an int[]), under the client's default limits: the part of P1 before extraction.
     */
    @Benchmark
    public JsonObject readerOnly() {
        return reader.read(json);
    }

    /**
     * P1b: the same decode with {@code EpClient.Builder.tokenTrace(TokenTrace.IDS_ONLY)}, what a trainer uses:
     * the validated assistant message with token ids and flat logprobs, the provider's payload not kept.
     */
    @Benchmark
    public Message p1bIdsOnly() {
        return EngineDecode.assistant(idsOnly.decode(json));
    }

    /** Reference: a Jackson tree of the whole body (what a naive decoder does first). */
    @Benchmark
    public JsonNode refJacksonTree() throws IOException {
        return mapper.readTree(json);
    }

    /** Reference: a JSON-P (Parsson) tree of the whole body. */
    @Benchmark
    public JsonObject refJsonpTree() {
        try (JsonReader r = jsonp.createReader(new ByteArrayInputStream(json))) {
            return r.readObject();
        }
    }
}
