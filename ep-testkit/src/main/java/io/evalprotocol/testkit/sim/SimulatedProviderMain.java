package io.evalprotocol.testkit.sim;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link SimulatedProvider} from the command line until interrupted:
 *
 * <pre>
 * java -cp ... io.evalprotocol.testkit.sim.SimulatedProviderMain --flavour vllm --port 8000 --seed 42 \
 *     [--model NAME] [--fault-mix 429=5,500=1.5,reset=1] [--api-key KEY] [--mistake-rate 0.1]
 * </pre>
 *
 * Prints the base URL on the first line of standard output. {@code ep serve-sim} wraps this.
 */
public final class SimulatedProviderMain {
    private SimulatedProviderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatedProvider.Builder b;
        try {
            b = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (b == null) {
            usage(System.out);
            return;
        }
        SimulatedProvider sim = b.build().start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "sim-shutdown"));
        System.out.println(sim.baseUri());
        System.out.flush();
        System.err.println("simulated " + sim.flavour().id() + " provider serving model '" + sim.model() + "' at "
                + sim.baseUri() + " (Ctrl-C to stop)");
        stop.await();
    }

    /** Parses arguments into a builder; null means "help was asked for". */
    static SimulatedProvider.Builder parse(String[] args) {
        SimulatedProvider.Builder b = SimulatedProvider.builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (name.equals("-h") || name.equals("--help")) {
                return null;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--flavour":
                case "--flavor":
                    b.flavour(Flavour.of(value));
                    break;
                case "--port":
                    b.port(parseInt(name, value));
                    break;
                case "--seed":
                    try {
                        b.seed(Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed needs an integer, got '" + value + "'");
                    }
                    break;
                case "--model":
                    b.model(value);
                    break;
                case "--fault-mix":
                    b.faultMix(FaultMix.parse(value));
                    break;
                case "--api-key":
                    b.requireApiKey(value);
                    break;
                case "--mistake-rate":
                    try {
                        b.mistakeRate(Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--mistake-rate needs a number, got '" + value + "'");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return b;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: SimulatedProviderMain [--flavour openai|vllm|fireworks] [--port N (0 = any)] [--seed N]");
        out.println("                             [--model NAME] [--fault-mix SPEC|standard] [--api-key KEY]");
        out.println("                             [--mistake-rate 0..1]");
        out.println("  fault mix SPEC: kind[:millis]=percent,... e.g. 429=5,500=1.5,503=1.5,reset=1,truncated=1,"
                + "malformed=1,slow:200=1,html=0.5");
    }
}
