package io.evalprotocol.cli;

import io.evalprotocol.cli.internal.Terminal;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/** What a command may touch of the outside world; tests substitute every part. */
final class CliEnvironment {
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final boolean interactive;
    final LongSupplier nanoClock;

    CliEnvironment(PrintStream out, PrintStream err, Map<String, String> env, boolean interactive,
            LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Map.copyOf(env);
        this.interactive = interactive;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    static CliEnvironment system() {
        Map<String, String> env = System.getenv();
        return new CliEnvironment(System.out, System.err, env, Terminal.isInteractive(env), System::nanoTime);
    }

    int width() {
        return Terminal.width(env);
    }
}
