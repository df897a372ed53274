package io.evalprotocol.cli;

import io.evalprotocol.core.RegisteredExtractor;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import java.io.PrintStream;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ep providers}: the token-id extractors discovered on this class path, as rollout would see them. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = {"Lists the token-id extractors found on the class path or module path: id, priority, "
                + "fidelity and where each came from.",
            "The highest-priority extractor that supports an endpoint is used; 'ep rollout --provider ID' picks one "
                + "explicitly."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "3:a plugin is broken (it is reported; 'ep rollout' would refuse to start)"})
final class ProvidersCommand implements Callable<Integer> {
    private final CliEnvironment env;

    ProvidersCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        // lenient, so that one broken plugin is reported instead of hiding the others
        TokenIdExtractorRegistry registry = TokenIdExtractorRegistry.builder().ignoreBrokenPlugins(true).build();
        print(registry.registered(), env.out);
        for (String problem : registry.problems()) {
            env.err.println("ep: broken plugin: " + problem);
        }
        return registry.problems().isEmpty() ? EpCommand.OK : EpCommand.FATAL;
    }

    static void print(List<RegisteredExtractor> extractors, PrintStream out) {
        if (extractors.isEmpty()) {
            out.println("No token-id extractors found. Add a provider module (ep-provider-vllm, ep-provider-fireworks, "
                    + "ep-provider-openai) to the class path.");
            return;
        }
        out.println(extractors.size() + " token-id extractor" + (extractors.size() == 1 ? "" : "s")
                + ", highest priority first:");
        int idWidth = "ID".length();
        int fidelityWidth = "FIDELITY".length();
        for (RegisteredExtractor e : extractors) {
            idWidth = Math.max(idWidth, e.id().length());
            fidelityWidth = Math.max(fidelityWidth, e.fidelity().toString().length());
        }
        String format = "  %-" + idWidth + "s  %8s  %-" + fidelityWidth + "s  %s%n";
        out.printf(Locale.ROOT, format, "ID", "PRIORITY", "FIDELITY", "SOURCE");
        for (RegisteredExtractor e : extractors) {
            out.printf(Locale.ROOT, format, e.id(), e.priority(), e.fidelity(), source(e));
        }
    }

    /** In the executable jar every built-in extractor comes from the jar itself; say so rather than repeat its URL. */
    private static String source(RegisteredExtractor e) {
        CodeSource own = EpCommand.class.getProtectionDomain().getCodeSource();
        if (own != null && own.getLocation() != null && e.source().equals(own.getLocation().toString())
                && own.getLocation().getPath().endsWith(".jar")) {
            String path = own.getLocation().getPath();
            return "built into " + path.substring(path.lastIndexOf('/') + 1);
        }
        return e.source();
    }
}
