package io.evalprotocol.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * ep-bom is written by hand (parentless, literal versions), so this test keeps it honest: it lists every
 * deployed reactor module, at the reactor's version, and nothing else.
 */
class BomConsistencyTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void bomHasNoParentAndListsOnlyOurArtifactsAtTheReactorVersion() throws Exception {
        Element bom = parse(ROOT.resolve("ep-bom/pom.xml"));
        String reactorVersion = text(parse(ROOT.resolve("pom.xml")), "version");

        assertThat(child(bom, "parent")).as("ep-bom must not inherit ep-parent's third-party management").isNull();
        assertThat(text(bom, "version")).isEqualTo(reactorVersion);
        assertThat(child(bom, "properties")).as("no properties: nothing to leak or to leave uninterpolated").isNull();
        for (Element dep : managedDependencies(bom)) {
            assertThat(text(dep, "groupId")).isEqualTo("io.evalprotocol");
            assertThat(text(dep, "version")).as(text(dep, "artifactId")).isEqualTo(reactorVersion);
        }
    }

    @Test
    void bomListsEveryDeployedModule() throws Exception {
        Set<String> deployed = new TreeSet<>();
        for (String module : children(child(parse(ROOT.resolve("pom.xml")), "modules"), "module")) {
            Element pom = parse(ROOT.resolve(module).resolve("pom.xml"));
            String artifactId = text(pom, "artifactId");
            Element props = child(pom, "properties");
            boolean skipped = props != null && child(props, "maven.deploy.skip") != null
                    && "true".equals(text(props, "maven.deploy.skip"));
            if (!skipped && !artifactId.equals("ep-bom")) {
                deployed.add(artifactId);
            }
        }
        Set<String> listed = new TreeSet<>();
        for (Element dep : managedDependencies(parse(ROOT.resolve("ep-bom/pom.xml")))) {
            listed.add(text(dep, "artifactId"));
        }

        assertThat(listed).isEqualTo(deployed);
    }

    @Test
    void examplesBuildAgainstTheReactorVersion() throws Exception {
        String reactorVersion = text(parse(ROOT.resolve("pom.xml")), "version");
        try (var dirs = Files.list(ROOT.resolve("examples"))) {
            for (Path example : (Iterable<Path>) dirs.filter(d -> Files.exists(d.resolve("pom.xml")))::iterator) {
                Element props = child(parse(example.resolve("pom.xml")), "properties");
                assertThat(props).as("%s declares <ep.version>", example).isNotNull();
                assertThat(text(props, "ep.version")).as(example.toString()).isEqualTo(reactorVersion);
            }
        }
    }

    private static List<Element> managedDependencies(Element pom) {
        List<Element> result = new ArrayList<>();
        NodeList deps = child(child(pom, "dependencyManagement"), "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            result.add((Element) deps.item(i));
        }
        return result;
    }

    private static Element parse(Path pom) throws Exception {
        assertThat(pom).exists();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(pom)) {
            Document d = f.newDocumentBuilder().parse(in);
            return d.getDocumentElement();
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static List<String> children(Element parent, String name) {
        List<String> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                result.add(n.getTextContent().trim());
            }
        }
        return result;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        assertThat(e).as("<%s> in <%s>", name, parent.getNodeName()).isNotNull();
        return e.getTextContent().trim();
    }
}
