package io.evalprotocol.cli;

import io.evalprotocol.testkit.sim.FaultMix;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ep serve-sim}: the simulated OpenAI-compatible provider in the foreground, until Ctrl-C. */
@Command(name = "serve-sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the simulated OpenAI-compatible provider on 127.0.0.1 until Ctrl-C: the exact wire format "
                + "of OpenAI, vLLM or Fireworks, real o200k token ids, deterministic replies, optional faults.",
            "Point any OpenAI-compatible client, or 'ep rollout --base-url', at the URL it prints first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad usage", "3:the port could not be bound"})
final class ServeSimCommand implements Callable<Integer> {
    private final CliEnvironment env;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile SimulatedProvider running;

    @Spec
    CommandSpec spec;

    @Option(names = "--flavour", defaultValue = "vllm", paramLabel = "openai|vllm|fireworks",
            description = "Which provider's wire format to speak (default: ${DEFAULT-VALUE}).")
    String flavour;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "PORT",
            description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seeds every reply, id and fault; same seed, same bytes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", paramLabel = "NAME", description = "Model name to list and serve (default: the "
            + "flavour's, e.g. ep-sim/o200k-instruct for vllm).")
    String model;

    @Option(names = "--fault-mix", paramLabel = "SPEC",
            description = "Random faults, e.g. 429=5,500=1.5,reset=1,truncated=1,slow:200=1, or 'standard'.")
    String faultMix;

    @Option(names = "--mistake-rate", defaultValue = "0", paramLabel = "0..1",
            description = "Chance of a slip in an arithmetic answer sampled with temperature > 0 (default: "
                    + "${DEFAULT-VALUE}).")
    double mistakeRate;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "Require 'Authorization: Bearer <key>' with the key read from this environment variable.")
    String apiKeyEnv;

    ServeSimCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        SimulatedProvider.Builder builder;
        try {
            builder = SimulatedProvider.builder().flavour(Flavour.of(flavour)).port(port).seed(seed)
                    .mistakeRate(mistakeRate);
            if (model != null) {
                builder.model(model);
            }
            if (faultMix != null) {
                builder.faultMix(FaultMix.parse(faultMix));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (apiKeyEnv != null) {
            String key = env.env.get(apiKeyEnv);
            if (key == null || key.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--api-key-env " + apiKeyEnv
                        + ": that environment variable is not set");
            }
            builder.requireApiKey(key);
        }
        SimulatedProvider sim = builder.build().start();
        running = sim;
        Thread hook = new Thread(this::stop, "ep-serve-sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            env.out.println("Simulated " + sim.flavour().id() + " provider serving model '" + sim.model() + "' at "
                    + sim.baseUri() + " (seed " + seed + (faultMix != null ? ", faults " + faultMix : "")
                    + (apiKeyEnv != null ? ", API key from $" + apiKeyEnv : "") + "). Ctrl-C stops it.");
            env.out.println("Try: ep rollout --base-url " + sim.baseUri() + " --model " + sim.model() + " --provider "
                    + sim.flavour().id() + (apiKeyEnv != null ? " --api-key-env " + apiKeyEnv : "")
                    + " --input examples/datasets/gsm8k-mini.jsonl --output out.jsonl");
            env.out.flush();
            stop.await();
            return EpCommand.OK;
        } finally {
            sim.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running or has run
            }
        }
    }

    /** Stops a running {@code call()}, as Ctrl-C does. */
    void stop() {
        SimulatedProvider sim = running;
        if (sim != null) {
            sim.close();
        }
        stop.countDown();
    }
}
