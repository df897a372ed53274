package io.evalprotocol.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.spi.TokenIdExtractor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link ServiceLoader} finds a plugin's extractors both ways users deploy it:
 *
 * <ul>
 *   <li><b>class path</b>, through {@code META-INF/services/io.evalprotocol.spi.TokenIdExtractor}
 *       (written by {@code @AutoService(TokenIdExtractor.class)});
 *   <li><b>module path</b>, through {@code provides io.evalprotocol.spi.TokenIdExtractor with ...} in
 *       {@code module-info.java} (the annotation does not write it, and forgetting it is the common mistake).
 * </ul>
 *
 * <p>Each check loads the plugin in isolation, away from everything else on the test class path: the class
 * path check in a fresh class loader, the module path check in a fresh {@link ModuleLayer}, each holding only
 * the plugin module and what it {@code requires} (found on the test's class or module path). So other
 * plugins on the test class path neither hide a missing registration nor add ids. The service type is the
 * one loaded in that loader or layer, as ServiceLoader requires.
 *
 * <p>Run it on the class path (Surefire {@code useModulePath=false}, which plugin modules need anyway: ServiceLoader
 * checks that the calling module declares {@code uses}). On the module path, a boot layer that already holds
 * other extractor modules is searched too, and ServiceLoader fails on them: they implement the boot layer's copy
 * of the service type, not the isolated layer's.
 *
 * <pre>{@code
 * class AcmeRegistrationTest extends ProviderRegistrationKit {
 *     protected String moduleName() { return "com.acme.ep.plugin"; }
 *     protected Set<String> expectedExtractorIds() { return Set.of("acme.token-ids"); }
 * }
 * }</pre>
 */
public abstract class ProviderRegistrationKit {
    private static final String SERVICE = TokenIdExtractor.class.getName();
    private static final String API_MODULE = TokenIdExtractor.class.getModule().isNamed()
            ? TokenIdExtractor.class.getModule().getName() : "io.evalprotocol.api";

    /** For subclasses: JUnit instantiates them. */
    protected ProviderRegistrationKit() {}

    /** The plugin's JPMS module name, as in its {@code module-info.java}. */
    protected abstract String moduleName();

    /** Every extractor id the plugin registers, no more, no less. */
    protected abstract Set<String> expectedExtractorIds();

    @Test
    public void discoversExpectedIdsOnTheClassPath() throws Exception {
        Map<String, Path> modules = modulesOnTestPath();
        List<Path> closure = closure(modules);
        URL[] urls = new URL[closure.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = url(closure.get(i));
        }
        try (URLClassLoader loader = new URLClassLoader("ep-registration-kit", urls,
                ClassLoader.getPlatformClassLoader())) {
            Class<?> service = loader.loadClass(SERVICE);
            allowReading(service.getModule());
            Set<String> ids = ids(ServiceLoader.load(service, loader), service, "class path");
            assertThat(ids)
                    .as("ids found through META-INF/services on the class path (%s); is the class annotated "
                            + "@AutoService(TokenIdExtractor.class) and the processor on annotationProcessorPaths?",
                            modules.get(moduleName()))
                    .isEqualTo(new TreeSet<>(expectedExtractorIds()));
        }
    }

    @Test
    public void discoversExpectedIdsOnTheModulePath() throws Exception {
        Map<String, Path> modules = modulesOnTestPath();
        ModuleFinder finder = ModuleFinder.of(closure(modules).toArray(new Path[0]));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(moduleName()));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Module api = layer.findModule(API_MODULE).orElseThrow(() -> new AssertionError(
                "module " + API_MODULE + " did not resolve into the test layer"));
        Class<?> service = Class.forName(api, SERVICE);
        assertThat(service).as("service type %s in module %s", SERVICE, API_MODULE).isNotNull();
        allowReading(api);
        List<ServiceLoader.Provider<?>> providers = new ArrayList<>();
        ServiceLoader.load(layer, service).stream()
                .filter(p -> p.type().getModule().getLayer() == layer)
                .forEach(providers::add);
        Set<String> ids = new TreeSet<>();
        for (ServiceLoader.Provider<?> p : providers) {
            assertThat(p.type().getModule().getName())
                    .as("module of provider %s", p.type().getName())
                    .isEqualTo(moduleName());
            ids.add(id(p.get(), service));
        }
        assertThat(ids)
                .as("ids found through `provides` in module %s (%s); does module-info.java declare "
                        + "`provides io.evalprotocol.spi.TokenIdExtractor with ...` for each extractor?",
                        moduleName(), modules.get(moduleName()))
                .isEqualTo(new TreeSet<>(expectedExtractorIds()));
    }

    @Test
    public void implementationsAreNotExported() {
        Map<String, Path> modules = modulesOnTestPath();
        ModuleDescriptor d = descriptor(modules.get(moduleName()));
        assertThat(d.isAutomatic()).as("%s must ship a module-info.java", moduleName()).isFalse();
        Set<String> exported = new TreeSet<>();
        d.exports().forEach(e -> exported.add(e.source()));
        for (ModuleDescriptor.Provides p : d.provides()) {
            if (!p.service().equals(SERVICE)) {
                continue;
            }
            for (String impl : p.providers()) {
                String pkg = impl.substring(0, impl.lastIndexOf('.'));
                assertThat(exported)
                        .as("%s is in exported package %s; keep implementations in an unexported package so "
                                + "that users select them by id, not by class", impl, pkg)
                        .doesNotContain(pkg);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /**
     * The plugin module and every module it needs at run time, following non-static {@code requires}
     * (java.* and jdk.* come from the boot layer).
     */
    private List<Path> closure(Map<String, Path> modules) {
        Set<Path> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(moduleName()));
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name) || name.startsWith("java.") || name.startsWith("jdk.")) {
                continue;
            }
            Path location = modules.get(name);
            if (location == null) {
                throw new AssertionError("module " + name + " (needed by " + moduleName() + ") is on neither the "
                        + "class path nor the module path of this test; found: " + new TreeSet<>(modules.keySet()));
            }
            out.add(location);
            for (ModuleDescriptor.Requires r : descriptor(location).requires()) {
                if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
                    todo.push(r.name());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Module name to location for every jar and every exploded module directory on the test's paths. */
    private Map<String, Path> modulesOnTestPath() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String property : List.of("jdk.module.path", "java.class.path", "surefire.test.class.path")) {
            String value = System.getProperty(property);
            if (value == null || value.isEmpty()) {
                continue;
            }
            for (String entry : value.split(File.pathSeparator)) {
                Path p = Path.of(entry).toAbsolutePath().normalize();
                boolean jar = Files.isRegularFile(p) && p.toString().endsWith(".jar");
                boolean exploded = Files.isDirectory(p) && Files.isRegularFile(p.resolve("module-info.class"));
                if (!jar && !exploded) {
                    continue;
                }
                try {
                    for (ModuleReference ref : ModuleFinder.of(p).findAll()) {
                        out.putIfAbsent(ref.descriptor().name(), p);
                    }
                } catch (FindException | IllegalArgumentException e) {
                    // not usable as a module (e.g. no derivable automatic name): not something a plugin needs
                }
            }
        }
        if (!out.containsKey(moduleName())) {
            throw new AssertionError("no entry of the test's class or module path holds module " + moduleName()
                    + "; is module-info.java compiled? Modules found: " + new TreeSet<>(out.keySet()));
        }
        return out;
    }

    private static ModuleDescriptor descriptor(Path location) {
        Optional<ModuleReference> ref = ModuleFinder.of(location).findAll().stream().findFirst();
        return ref.orElseThrow(() -> new AssertionError("no module at " + location)).descriptor();
    }

    private static Set<String> ids(ServiceLoader<?> loader, Class<?> service, String where) {
        Set<String> ids = new TreeSet<>();
        for (Object extractor : loader) {
            String id = id(extractor, service);
            assertThat(ids.add(id)).as("id %s registered twice on the %s", id, where).isTrue();
        }
        return ids;
    }

    private static String id(Object extractor, Class<?> service) {
        try {
            Method id = service.getMethod("id");
            return (String) id.invoke(extractor);
        } catch (InvocationTargetException e) {
            throw new AssertionError("id() of " + extractor.getClass().getName() + " threw", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot call id() on " + extractor.getClass().getName(), e);
        }
    }

    /** When the kit runs as a named module, it must read the isolated copy of ep-api to call its methods. */
    private static void allowReading(Module other) {
        ProviderRegistrationKit.class.getModule().addReads(other);
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
