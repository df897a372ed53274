package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.testkit.Fixtures;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The builder table of {@code docs/rollout.md} against {@link EpClient.Builder}: every setter, and only those. */
class ClientDocsTest {
    private static final Path ROLLOUT_MD = Fixtures.findUp("docs/rollout.md");
    /** A method name in a table cell: {@code `maxTokenIds`}, {@code `header(name, value)`}. */
    private static final Pattern METHOD = Pattern.compile("`([a-z][A-Za-z0-9]*)(\\([^`]*\\))?`");
    /** Not settings: build() itself, and fromEnv(), which the text under the table describes. */
    private static final Set<String> NOT_IN_TABLE = Set.of("build", "fromEnv");

    private static Set<String> documentedSetters(String markdown) {
        int start = markdown.indexOf("\n## The client\n");
        assertThat(start).as("docs/rollout.md has '## The client'").isNotNegative();
        String section = markdown.substring(start, markdown.indexOf("\n## ", start + 1));
        Set<String> names = new TreeSet<>();
        for (String line : section.lines().toList()) {
            if (line.startsWith("| `")) {
                Matcher m = METHOD.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static Set<String> builderSetters() {
        return Arrays.stream(EpClient.Builder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                .map(Method::getName)
                .filter(n -> !NOT_IN_TABLE.contains(n) && !n.equals("toString"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theClientTableListsEveryBuilderSetterAndNoOther() throws IOException {
        Set<String> documented = documentedSetters(Files.readString(ROLLOUT_MD));
        assertThat(builderSetters()).hasSizeGreaterThan(25);
        assertThat(documented).containsExactlyInAnyOrderElementsOf(builderSetters());
    }

    @Test
    void theTableParserSeesSetterNamesOnlyInTheFirstColumn() {
        String markdown = "x\n## The client\n\n| builder method | property | default |\n|---|---|---|\n"
                + "| `baseUrl` (or `baseUri`) | `ep.base-url` | `https://x` |\n"
                + "| `tokenTrace` (`TokenTrace.FULL` / `IDS_ONLY`) | `ep.token-trace` | `FULL` |\n"
                + "| `header(name, value)` | — | none |\n\n## Next\n| `notThis` | | |\n";
        assertThat(documentedSetters(markdown)).containsExactly("baseUri", "baseUrl", "header", "tokenTrace");
    }
}
