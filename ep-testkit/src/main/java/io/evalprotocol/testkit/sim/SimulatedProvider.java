package io.evalprotocol.testkit.sim;

import io.evalprotocol.testkit.sim.internal.SimServer;
import io.evalprotocol.testkit.sim.internal.SimTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;

/**
 * An in-process, OpenAI-compatible LLM server on loopback that answers like a model would, in the exact wire
 * format of OpenAI, vLLM or Fireworks, with real o200k token ids, and fails on demand.
 *
 * <pre>{@code
 * try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(42).build().start()) {
 *     URI base = sim.baseUri();                 // http://127.0.0.1:PORT/v1
 *     sim.faults(FaultPlan.of(FaultRule.firstRequests(2, Fault.rateLimited())));
 *     ... point the client at base ...
 *     SimStats stats = sim.stats();
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST /v1/chat/completions} (streaming or not), {@code POST /v1/completions} (prompt as
 * text, texts, token ids or lists of token ids), {@code GET /v1/models}. Replies are deterministic: the same
 * request to a provider with the same seed gets a byte-identical response, ids and {@code created} included
 * (a request {@code seed} is mixed in). Errors use OpenAI's {@code {"error":{message,type,param,code}}} shape.
 *
 * <p>Tokens: jtokkit {@code o200k_base}. Chat prompts are rendered with a ChatML template whose markers are
 * the special ids {@code <|im_start|>} 200264, {@code <|im_sep|>} 200266 and {@code <|im_end|>} 200265 (see
 * {@code ChatTemplate}); chat replies end with EOS {@code <|im_end|>} 200265, completions with
 * {@code <|endoftext|>} 199999. vLLM and Fireworks show and count the EOS id; OpenAI never does.
 */
public final class SimulatedProvider implements AutoCloseable {
    private final SimServer server;
    private final Flavour flavour;
    private final String model;
    private volatile boolean started;

    private SimulatedProvider(Builder b) {
        this.flavour = b.flavour;
        this.model = b.model != null ? b.model : b.flavour.defaultModel();
        this.server = new SimServer(new SimServer.Config(b.flavour, b.seed, b.address, b.port, model, b.apiKey,
                b.mistakeRate, b.maxRequestBytes), b.plan);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts serving; returns {@code this}.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public synchronized SimulatedProvider start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        SimTokenizer.get(); // load the o200k table now rather than inside the first request
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("simulated provider could not listen: " + e.getMessage(), e);
        }
        started = true;
        return this;
    }

    /** The OpenAI-style base URL, {@code http://127.0.0.1:PORT/v1}. */
    public URI baseUri() {
        return URI.create("http://" + hostLiteral() + ":" + port() + "/v1");
    }

    private String hostLiteral() {
        return "127.0.0.1";
    }

    public int port() {
        if (!started) {
            throw new IllegalStateException("not started");
        }
        return server.port();
    }

    public Flavour flavour() {
        return flavour;
    }

    /** The model name listed by {@code GET /v1/models} (replies echo the requested model). */
    public String model() {
        return model;
    }

    /** Replaces the fault plan for subsequent requests (rule injection counts start again). */
    public void faults(FaultPlan plan) {
        server.plan(Objects.requireNonNull(plan, "plan"));
    }

    public FaultPlan faults() {
        return server.plan();
    }

    /** A snapshot of the counters. */
    public SimStats stats() {
        return server.stats().snapshot();
    }

    /** Zeroes the counters. */
    public void resetStats() {
        server.stats().reset();
    }

    /** Stops listening and drops open connections. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "SimulatedProvider[" + flavour.id() + (started ? " at " + baseUri() : ", not started") + "]";
    }

    /** Configures a {@link SimulatedProvider}. */
    public static final class Builder {
        private Flavour flavour = Flavour.OPENAI;
        private long seed = 0;
        private int port = 0;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private String model;
        private String apiKey;
        private double mistakeRate = 0;
        private int maxRequestBytes = 16 * 1024 * 1024;
        private FaultPlan plan = FaultPlan.none();

        private Builder() {
        }

        /** Which provider to imitate (default OpenAI). */
        public Builder flavour(Flavour flavour) {
            this.flavour = Objects.requireNonNull(flavour, "flavour");
            return this;
        }

        /** Seeds every reply, id and random fault (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The port on 127.0.0.1 (default 0: an ephemeral port). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The model listed by {@code /v1/models} and used when a vLLM request names none. */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Requires {@code Authorization: Bearer <apiKey>}; other requests get 401. The key is never echoed. */
        public Builder requireApiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isEmpty()) {
                throw new IllegalArgumentException("apiKey must not be empty");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * The chance (0..1) that an arithmetic answer sampled with temperature &gt; 0 contains a slip in its
         * last step (default 0): gives RL loops rewards that vary across {@code n}.
         */
        public Builder mistakeRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("mistakeRate must be within 0..1, got " + rate);
            }
            this.mistakeRate = rate;
            return this;
        }

        /** Largest accepted request body (default 16 MiB); larger ones get 413. */
        public Builder maxRequestBytes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRequestBytes must be positive");
            }
            this.maxRequestBytes = max;
            return this;
        }

        /** The initial fault plan (default none). */
        public Builder faults(FaultPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** Shorthand for {@code faults(FaultPlan.of(mix))}. */
        public Builder faultMix(FaultMix mix) {
            return faults(FaultPlan.of(mix));
        }

        public SimulatedProvider build() {
            return new SimulatedProvider(this);
        }
    }
}
