package io.evalprotocol.cli;

import io.evalprotocol.errors.EpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ep}, the ep-java command line. {@code ep rollout} runs a JSONL dataset through a model and writes
 * eval-protocol rows with token ids; {@code ep providers} lists the token-id extractors found;
 * {@code ep serve-sim} runs the simulated OpenAI-compatible provider.
 */
@Command(name = "ep", mixinStandardHelpOptions = true, versionProvider = EpCommand.Version.class,
        description = "eval-protocol for the JVM with token-native traces: run rollouts and keep the exact token "
                + "ids the engine produced.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Start here (without --base-url a simulated provider runs in-process):",
            "  ep rollout --input examples/datasets/gsm8k-mini.jsonl --output out.jsonl",
            "'ep help COMMAND' shows the options of a command."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:all rows ok",
            "1:some rows failed (counted in the summary; each has rollout_status in the output)",
            "2:bad usage (unknown option, bad value, existing output without --resume)",
            "3:fatal error (I/O, bad input line with --on-bad-line fail, unusable plugin)"})
public final class EpCommand implements Runnable {
    /** Every row finished. */
    public static final int OK = 0;
    /** The run completed but some rows failed; their {@code rollout_status} says why. */
    public static final int ROWS_FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The run could not go on: I/O, a bad input line under {@code --on-bad-line fail}, a broken plugin. */
    public static final int FATAL = 3;

    @Spec
    CommandSpec spec;

    private EpCommand() {}

    /** Runs {@code ep} with {@code args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(CliEnvironment.system(), args));
    }

    static int execute(CliEnvironment env, String... args) {
        return commandLine(env).execute(args);
    }

    static CommandLine commandLine(CliEnvironment env) {
        CommandLine cl = new CommandLine(new EpCommand());
        cl.addSubcommand(new RolloutCommand(env));
        cl.addSubcommand(new ProvidersCommand(env));
        cl.addSubcommand(new ServeSimCommand(env));
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.setOut(new PrintWriter(env.out, true));
        cl.setErr(new PrintWriter(env.err, true));
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("ep: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            if (failed.getCommandSpec().parent() == null) {
                failed.usage(err);
            } else {
                err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for its options.");
            }
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof EpException || e instanceof UncheckedIOException || e instanceof IOException) {
                err.println("ep: error: " + message(e));
            } else {
                err.println("ep: internal error, please report it with the trace below: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return FATAL;
        });
        return cl;
    }

    private static String message(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            e = e.getCause();
        }
        String m = e.getMessage();
        if (e instanceof FileSystemException) {
            // their message is just the path: say what happened to it
            return e.getClass().getSimpleName().replace("Exception", "") + ": " + m;
        }
        return m == null || m.isEmpty() ? e.toString() : m;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: ep rollout, ep providers or "
                + "ep serve-sim.");
    }

    /** Reads the version Maven filtered into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = EpCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
            return new String[] {"ep " + p.getProperty("version", "(unknown version)") + " (Java "
                    + Runtime.version() + ")"};
        }
    }
}
