package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The user documentation against picocli's model of the commands: every option the docs name exists, and every
 * option of {@code ep rollout} and {@code ep serve-sim} is documented with its parameter label and default.
 */
class CliDocsTest {
    private static final Path DOCS = Path.of("../docs").toAbsolutePath().normalize();
    private static final Path CLI_MD = DOCS.resolve("cli.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--(\\[no-])?[a-z][a-z0-9-]*");
    private static final String PIPE = "\u0000";

    private static final CommandLine EP = EpCommand.commandLine(new CliEnvironment(
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), Map.of(),
            false, System::nanoTime));

    /** One documented option: its names, as {@code --[no-]x} expands, and the label written after them. */
    private record DocOption(Set<String> names, boolean negatable, String label, String defaultText) {}

    private static CommandSpec command(String name) {
        return EP.getSubcommands().get(name).getCommandSpec();
    }

    /** The options a user types: without the standard --help and --version. */
    private static List<OptionSpec> options(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
    }

    private static Set<String> names(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            for (String n : o.names()) {
                names.add(n);
                if (o.negatable()) {
                    names.add("--no-" + n.substring(2));
                }
            }
        }
        return names;
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("docs/cli.md has a section '%s'", heading).isNotNegative();
        int level = heading.indexOf(' ');
        int end = start + heading.length() + 2;
        Matcher next = Pattern.compile("\n#{1," + level + "} ").matcher(markdown);
        return markdown.substring(start, next.find(end) ? next.start() : markdown.length());
    }

    private static DocOption parse(String cell, String defaultText) {
        Set<String> names = new TreeSet<>();
        boolean negatable = false;
        String label = null;
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            String[] parts = m.group(1).replace(PIPE, "|").split(" ", 2);
            String name = parts[0];
            if (name.startsWith("--[no-]")) {
                negatable = true;
                name = "--" + name.substring("--[no-]".length());
            }
            names.add(name);
            if (parts.length > 1) {
                label = parts[1];
            }
        }
        return new DocOption(names, negatable, label, defaultText.replace("`", "").replace(PIPE, "|").strip());
    }

    /** The rows of the option table of {@code ep rollout}. */
    private static List<DocOption> rolloutTable(String markdown) {
        String section = section(markdown, "## `ep rollout`");
        List<DocOption> rows = new ArrayList<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| `-")) {
                continue;
            }
            String[] cells = line.replace("\\|", PIPE).split("\\|");
            rows.add(parse(cells[1], cells[2]));
        }
        return rows;
    }

    private static String documentedDefault(OptionSpec o) {
        boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
        if (flag) {
            return "true".equals(o.defaultValue()) ? "on" : "off";
        }
        return o.defaultValue();
    }

    /** Where the option table of {@code ep rollout} in {@code markdown} and the command disagree. */
    private static List<String> rolloutTableProblems(String markdown) {
        List<String> problems = new ArrayList<>();
        Map<Set<String>, DocOption> documented = new LinkedHashMap<>();
        for (DocOption d : rolloutTable(markdown)) {
            if (documented.put(d.names(), d) != null) {
                problems.add(d.names() + " has two rows");
            }
        }
        for (OptionSpec o : options(command("rollout"))) {
            Set<String> names = new TreeSet<>(List.of(o.names()));
            DocOption d = documented.remove(names);
            if (d == null) {
                problems.add(names + " is not documented");
                continue;
            }
            String label = o.arity().max() == 0 ? null : o.paramLabel();
            if (!Objects.equals(d.label(), label)) {
                problems.add(names + " is documented with label " + d.label() + ", the command's is " + label);
            }
            if (d.negatable() != o.negatable()) {
                problems.add(names + (o.negatable() ? " is negatable: write --[no-]" : " is not negatable"));
            }
            String expected = documentedDefault(o);
            if (expected != null && !d.defaultText().startsWith(expected)) {
                problems.add(names + " is documented with default '" + d.defaultText() + "', the command's is "
                        + expected);
            }
        }
        documented.keySet().forEach(names -> problems.add(names + " is documented but 'ep rollout' has no such option"));
        return problems;
    }

    @Test
    void everyRolloutOptionIsInTheTableWithItsLabelAndDefaultAndNothingElseIs() throws IOException {
        String markdown = Files.readString(CLI_MD);
        assertThat(rolloutTable(markdown)).hasSizeGreaterThan(20);
        assertThat(rolloutTableProblems(markdown)).isEmpty();
    }

    @Test
    void theTableCheckFindsAMissingAnInventedAndAMisdescribedOption() throws IOException {
        String markdown = Files.readString(CLI_MD);
        String lied = markdown
                .replaceFirst("\n\\| `--stream` \\|[^\n]*", "")
                .replace("| `--resume` | off |", "| `--resume` | off |\n| `--retries N` | 3 | retries |")
                .replace("| `-c`, `--concurrency N` | 8 |", "| `-c`, `--concurrency N` | 16 |")
                .replace("`--max-tokens T`", "`--max-tokens N`")
                .replace("`--[no-]logprobs`", "`--logprobs`");
        assertThat(rolloutTableProblems(lied)).containsExactlyInAnyOrder(
                "[--concurrency, -c] is documented with default '16', the command's is 8",
                "[--stream] is not documented",
                "[--max-tokens] is documented with label N, the command's is T",
                "[--logprobs] is negatable: write --[no-]",
                "[--retries] is documented but 'ep rollout' has no such option");
    }

    @Test
    void serveSimOptionsAreAllDocumentedWithTheirLabels() throws IOException {
        String section = section(Files.readString(CLI_MD), "## `ep serve-sim`");
        int start = section.indexOf("Options:");
        assertThat(start).isNotNegative();
        int end = section.indexOf("\n\n", start);
        String paragraph = section.substring(start, end < 0 ? section.length() : end);
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = CODE.matcher(paragraph);
        while (m.find()) {
            String[] parts = m.group(1).split(" ", 2);
            if (parts[0].startsWith("--")) {
                documented.put(parts[0], parts.length > 1 ? parts[1] : null);
            }
        }
        Map<String, String> model = new LinkedHashMap<>();
        for (OptionSpec o : options(command("serve-sim"))) {
            model.put(o.longestName(), o.paramLabel());
        }
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(model.keySet());
        documented.forEach((name, label) -> {
            if (label != null) {
                assertThat(label).as("label of %s", name).isEqualTo(model.get(name));
            }
        });
    }

    /**
     * The options named in {@code markdown} that do not exist, as {@code name:line: --option}: on an
     * {@code ep rollout ...} or {@code ep serve-sim ...} command line only that command's options count, elsewhere
     * those of any {@code ep} command. {@code checked} counts the options seen.
     */
    private static List<String> unknownOptions(String name, String markdown, int[] checked) {
        Set<String> rollout = names(command("rollout"));
        Set<String> serveSim = names(command("serve-sim"));
        Set<String> any = new TreeSet<>(names(EP.getCommandSpec()));
        EP.getSubcommands().values().forEach(c -> any.addAll(names(c.getCommandSpec())));
        List<String> unknown = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        // a shell command continued with a backslash is one command line
        String continued = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = FLAG.matcher(line);
            while (m.find()) {
                String flag = m.group().replace("--[no-]", "--");
                String before = continued + line.substring(0, m.start());
                int r = before.lastIndexOf("ep rollout");
                int s = before.lastIndexOf("ep serve-sim");
                Set<String> allowed = r > s ? rollout : s > r ? serveSim : any;
                if (!allowed.contains(flag)) {
                    unknown.add(name + ":" + (i + 1) + ": " + flag);
                }
                checked[0]++;
            }
            continued = line.endsWith("\\") ? continued + line : "";
        }
        return unknown;
    }

    @Test
    void everyOptionTheDocsAndTheReadmeNameExists() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        files.add(DOCS.resolveSibling("README.md"));
        List<String> unknown = new ArrayList<>();
        int[] checked = {0};
        for (Path file : files) {
            unknown.addAll(unknownOptions(DOCS.getParent().relativize(file).toString(), Files.readString(file), checked));
        }
        assertThat(checked[0]).as("options named in the docs").isGreaterThan(50);
        assertThat(unknown).as("options the docs name that no such command has").isEmpty();
    }

    @Test
    void theOptionCheckFindsOptionsOfNoCommandOrOfAnotherCommand() {
        String markdown = "Run `ep rollout -i a.jsonl --output b.jsonl --frobnicate`, then\n"
                + "```\nep serve-sim --port 0 \\\n    --resume\n```\n"
                + "With `--[no-]logprobs`, `--no-stream` or `--port`; `ep rollout --help`.\n";
        assertThat(unknownOptions("x.md", markdown, new int[1])).containsExactly(
                "x.md:1: --frobnicate", "x.md:4: --resume", "x.md:6: --no-stream");
    }

    @Test
    void parsesNegatableAndLabelledCells() {
        DocOption d = parse(" `--[no-]logprobs` ", " on ");
        assertThat(d.names()).containsExactly("--logprobs");
        assertThat(d.negatable()).isTrue();
        DocOption labelled = parse(" `--token-trace full" + PIPE + "ids-only` ", " `full` ");
        assertThat(labelled.label()).isEqualTo("full|ids-only");
        assertThat(labelled.defaultText()).isEqualTo("full");
        assertThat(names(command("rollout"))).contains("--no-logprobs", "-i", "--input")
                .doesNotContain("--help-me", "--no-stream");
    }
}
