package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Builds real plugin artifacts at test time with the JDK compiler: a class-path plugin (classes plus a
 * META-INF/services file, loaded by a URLClassLoader) and a module-path plugin (a named module with
 * {@code provides}, loaded in its own ModuleLayer). Providers listed in a services file but living in a
 * named module are ignored by ServiceLoader, so test classes of this (named) module cannot stand in.
 */
final class TestPlugins {
    private TestPlugins() {}

    static final String EXTRACTOR_SOURCE = "package %1$s;\n"
            + "public final class %2$s implements io.evalprotocol.spi.TokenIdExtractor {\n"
            + "  public String id() { return \"%3$s\"; }\n"
            + "  public int priority() { return 7; }\n"
            + "  public boolean supports(io.evalprotocol.spi.ProviderShape s) { return s.hintIs(\"example\"); }\n"
            + "  public io.evalprotocol.spi.ExtractedTokens extract(jakarta.json.JsonObject r, int i,"
            + " io.evalprotocol.spi.ExtractionContext c) { return io.evalprotocol.spi.ExtractedTokens.none(id()); }\n"
            + "  public io.evalprotocol.spi.TokenIdAccumulator newAccumulator(int i,"
            + " io.evalprotocol.spi.ExtractionContext c) { throw new UnsupportedOperationException(); }\n"
            + "}\n";

    /** A class loader over a freshly compiled class-path plugin registering {@code pkg.cls} with {@code id}. */
    static ClassLoader classPathPlugin(Path dir, String pkg, String cls, String id) throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        Path file = src.resolve(pkg.replace('.', '/')).resolve(cls + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.format(EXTRACTOR_SOURCE, pkg, cls, id));
        compile(List.of("-classpath", apiPath(), "-d", out.toString(), file.toString()));
        Path services = out.resolve("META-INF/services/" + TokenIdExtractor.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, pkg + "." + cls + "\n");
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, TestPlugins.class.getClassLoader());
    }

    /** A class loader over a class-path services file that names classes, without compiling anything. */
    static ClassLoader servicesFileOnly(Path dir, String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services/" + TokenIdExtractor.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TestPlugins.class.getClassLoader());
    }

    /**
     * The class loader of a new ModuleLayer holding a freshly compiled named module {@code moduleName} that
     * {@code provides} the SPI; the layer's parent is the boot layer, where ep-api lives when tests run on the
     * module path.
     */
    static ClassLoader modulePathPlugin(Path dir, String moduleName, String pkg, String cls, String id)
            throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("mods").resolve(moduleName);
        Path file = src.resolve(pkg.replace('.', '/')).resolve(cls + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.format(EXTRACTOR_SOURCE, pkg, cls, id));
        Path moduleInfo = src.resolve("module-info.java");
        Files.writeString(moduleInfo, "module " + moduleName + " {\n  requires io.evalprotocol.api;\n"
                + "  provides io.evalprotocol.spi.TokenIdExtractor with " + pkg + "." + cls + ";\n}\n");
        compile(List.of("--module-path", apiPath(), "-d", out.toString(), moduleInfo.toString(), file.toString()));
        ModuleLayer boot = ModuleLayer.boot();
        assertThat(boot.findModule("io.evalprotocol.api"))
                .as("ep-core's tests must run on the module path for this check").isPresent();
        Configuration cf = boot.configuration().resolve(ModuleFinder.of(out), ModuleFinder.of(), Set.of(moduleName));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, TestPlugins.class.getClassLoader());
        return layer.findLoader(moduleName);
    }

    // java.util.spi.ToolProvider rather than javax.tools: the latter lives in java.compiler, which this
    // (named) module does not read.
    private static void compile(List<String> args) {
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        StringWriter diagnostics = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--release", "17", "-proc:none"));
        all.addAll(args);
        int rc = javac.run(new PrintWriter(diagnostics), new PrintWriter(diagnostics), all.toArray(new String[0]));
        assertThat(rc).as("javac: %s", diagnostics).isZero();
    }

    // ep-api and jakarta.json-api, wherever the build put them (target/classes or a jar)
    private static String apiPath() {
        return List.of(TokenIdExtractor.class, JsonObject.class).stream()
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
