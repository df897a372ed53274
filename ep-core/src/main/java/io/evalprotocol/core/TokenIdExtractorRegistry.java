package io.evalprotocol.core;

import io.evalprotocol.errors.AmbiguousTokenIdExtractorException;
import io.evalprotocol.errors.IncompatiblePluginException;
import io.evalprotocol.errors.NoTokenIdExtractorException;
import io.evalprotocol.errors.UnknownTokenIdExtractorException;
import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The token-id extractors this SDK can use, and the rules for choosing one.
 *
 * <p>This class holds the SDK's only {@link ServiceLoader} call. {@link #load()} takes one immutable
 * snapshot of the extractors on the class path and module path (the thread context class loader first, then
 * ep-core's own, de-duplicated by class); {@link #of(List)} builds a registry from given instances, for
 * tests and dependency-injection containers. A registry is immutable and thread-safe.
 *
 * <p>Loading is strict: a plugin that fails to load, whose id is malformed or taken by another plugin, or
 * that was built for an unknown SPI version is an {@link IncompatiblePluginException} naming every plugin
 * found and the fix. {@link Builder#ignoreBrokenPlugins(boolean)} turns the load failures (not duplicate
 * ids) into {@link #problems()} instead.
 *
 * <p>Selection ({@link #select}): an explicit id wins and must name a discovered extractor; otherwise every
 * extractor whose {@code supports(shape)} accepts the shape is a candidate (RECONSTRUCTED ones only when
 * the policy allows them) and the single highest priority wins. A tie is an error, never a silent pick.
 */
public final class TokenIdExtractorRegistry {
    /** {@code <vendor>.<shape>}: lower-case words of letters and digits joined by '-' or '_', dot-separated. */
    static final Pattern ID_FORMAT = Pattern.compile("[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\\.[a-z0-9]+(?:[-_][a-z0-9]+)*)+");

    private static final int MAX_LOAD_ERRORS = 100;

    private final List<RegisteredExtractor> registered;
    private final Map<String, RegisteredExtractor> byId;
    private final List<String> problems;

    private TokenIdExtractorRegistry(List<RegisteredExtractor> registered, List<String> problems) {
        List<RegisteredExtractor> sorted = new ArrayList<>(registered);
        sorted.sort(Comparator.comparingInt(RegisteredExtractor::priority).reversed()
                .thenComparing(RegisteredExtractor::id));
        this.registered = List.copyOf(sorted);
        Map<String, RegisteredExtractor> map = new LinkedHashMap<>();
        for (RegisteredExtractor r : this.registered) {
            map.put(r.id(), r);
        }
        this.byId = map;
        this.problems = List.copyOf(problems);
    }

    /** Discovers extractors through {@link ServiceLoader}, strictly. */
    public static TokenIdExtractorRegistry load() {
        return builder().build();
    }

    /** Discovers extractors visible to {@code classLoader} (OSGi, plugin class loaders), strictly. */
    public static TokenIdExtractorRegistry load(ClassLoader classLoader) {
        return builder().classLoader(classLoader).build();
    }

    /** A registry of exactly these extractors; nothing is discovered. */
    public static TokenIdExtractorRegistry of(List<? extends TokenIdExtractor> extractors) {
        return builder().discover(false).addAll(extractors).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every extractor, highest priority first (then by id). */
    public List<RegisteredExtractor> registered() {
        return registered;
    }

    /** Every extractor instance, highest priority first. */
    public List<TokenIdExtractor> extractors() {
        return registered.stream().map(RegisteredExtractor::extractor).collect(Collectors.toUnmodifiableList());
    }

    /** Plugins that failed to load and were skipped (only with {@link Builder#ignoreBrokenPlugins(boolean)}). */
    public List<String> problems() {
        return problems;
    }

    public Optional<TokenIdExtractor> find(String id) {
        RegisteredExtractor r = byId.get(Objects.requireNonNull(id, "id"));
        return r == null ? Optional.empty() : Optional.of(r.extractor());
    }

    /** The registration record of {@code extractor}, if it belongs to this registry. */
    public Optional<RegisteredExtractor> registration(TokenIdExtractor extractor) {
        return registered.stream().filter(r -> r.extractor() == extractor).findFirst();
    }

    /**
     * Chooses the extractor for {@code shape}.
     *
     * @throws UnknownTokenIdExtractorException the policy names an id nobody registered
     * @throws NoTokenIdExtractorException no extractor supports the shape
     * @throws AmbiguousTokenIdExtractorException several support it with the same, highest priority
     */
    public TokenIdExtractor select(ProviderShape shape, ExtractorSelectionPolicy policy) {
        return probe(shape, policy).orElseThrow(() -> new NoTokenIdExtractorException(noneMessage(shape, policy)));
    }

    /**
     * Like {@link #select} but answers empty when no extractor supports the shape (yet): before the first
     * response only a hint is known, and a rollout against a provider that exposes no ids is legitimate.
     */
    public Optional<TokenIdExtractor> probe(ProviderShape shape, ExtractorSelectionPolicy policy) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(policy, "policy");
        if (policy.explicitId().isPresent()) {
            String id = policy.explicitId().get();
            RegisteredExtractor r = byId.get(id);
            if (r == null) {
                throw new UnknownTokenIdExtractorException("No TokenIdExtractor with id '" + id + "' (set by "
                        + policy.explicitIdSource().orElse("?") + ")." + suggestion(id) + " Discovered: "
                        + listing() + ". Fix: use one of the discovered ids, or add the module that provides '" + id
                        + "' to the class path.");
            }
            return Optional.of(r.extractor());
        }
        List<RegisteredExtractor> candidates = new ArrayList<>();
        for (RegisteredExtractor r : registered) {
            if (r.fidelity() == Fidelity.RECONSTRUCTED && !policy.allowReconstructed()) {
                continue;
            }
            if (supportsSafely(r, shape)) {
                candidates.add(r);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int top = candidates.get(0).priority();
        List<RegisteredExtractor> tied = candidates.stream().filter(r -> r.priority() == top)
                .collect(Collectors.toList());
        if (tied.size() > 1) {
            throw new AmbiguousTokenIdExtractorException("Several TokenIdExtractors support " + shape
                    + " with the same priority " + top + ": "
                    + tied.stream().map(RegisteredExtractor::describe).collect(Collectors.joining(", "))
                    + ". Fix: choose one explicitly with EpClient.builder().tokenIdExtractor(\"<id>\"), -D"
                    + ExtractorSelectionPolicy.SYSTEM_PROPERTY + "=<id> or " + ExtractorSelectionPolicy.ENVIRONMENT_VARIABLE
                    + "=<id>, give a provider hint, or remove one of the plugins.");
        }
        return Optional.of(tied.get(0).extractor());
    }

    // supports() must never throw; a plugin that does anyway is treated as declining, so one bad plugin
    // cannot break selection for everybody else.
    private static boolean supportsSafely(RegisteredExtractor r, ProviderShape shape) {
        try {
            return r.extractor().supports(shape);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private String noneMessage(ProviderShape shape, ExtractorSelectionPolicy policy) {
        StringBuilder sb = new StringBuilder("No TokenIdExtractor supports ").append(shape).append(". ");
        if (registered.isEmpty()) {
            sb.append("No extractor was discovered at all. Fix: add a provider module for your server "
                    + "(io.evalprotocol:ep-provider-vllm, ep-provider-fireworks or ep-provider-openai) to the class path");
        } else {
            sb.append("Discovered: ").append(listing()).append(", all declined. ");
            List<String> reconstructed = registered.stream()
                    .filter(r -> r.fidelity() == Fidelity.RECONSTRUCTED && !policy.allowReconstructed()
                            && supportsSafely(r, shape))
                    .map(RegisteredExtractor::id).collect(Collectors.toList());
            if (!reconstructed.isEmpty()) {
                sb.append("RECONSTRUCTED extractor(s) ").append(reconstructed).append(" would accept it: enable them "
                        + "with EpClient.builder().allowReconstructedTokenIds(true). ");
            }
            sb.append("Fix: give a provider hint (EpClient.builder().provider(\"vllm\") or EP_PROVIDER), choose an "
                    + "extractor explicitly with -D").append(ExtractorSelectionPolicy.SYSTEM_PROPERTY).append("=<id> or ")
                    .append(ExtractorSelectionPolicy.ENVIRONMENT_VARIABLE)
                    .append("=<id>, or add the provider module for your server");
        }
        if (!problems.isEmpty()) {
            sb.append(". Plugins that failed to load: ").append(problems);
        }
        return sb.append('.').toString();
    }

    private String suggestion(String id) {
        return registered.stream().map(RegisteredExtractor::id)
                .filter(known -> known.contains(id) || id.contains(known)
                        || known.substring(0, known.indexOf('.')).equals(id.contains(".") ? id.substring(0, id.indexOf('.')) : id))
                .findFirst().map(known -> " Did you mean '" + known + "'?").orElse("");
    }

    private String listing() {
        if (registered.isEmpty()) {
            return "none";
        }
        return registered.stream().map(RegisteredExtractor::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String toString() {
        return "TokenIdExtractorRegistry" + listing();
    }

    /** Builds a {@link TokenIdExtractorRegistry}. */
    public static final class Builder {
        private final List<TokenIdExtractor> explicit = new ArrayList<>();
        private boolean discover = true;
        private ClassLoader classLoader;
        private boolean ignoreBrokenPlugins;

        private Builder() {}

        /** Whether to run ServiceLoader discovery (default true). */
        public Builder discover(boolean discover) {
            this.discover = discover;
            return this;
        }

        /** Discover with this loader only, instead of the context class loader and ep-core's own. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** Adds an extractor instance beside the discovered ones. */
        public Builder add(TokenIdExtractor extractor) {
            explicit.add(Objects.requireNonNull(extractor, "extractor"));
            return this;
        }

        public Builder addAll(List<? extends TokenIdExtractor> extractors) {
            extractors.forEach(this::add);
            return this;
        }

        /**
         * Skip plugins that fail to load (recording them in {@link #problems()}) instead of failing.
         * Duplicate ids stay errors: which of two plugins would win is not knowable.
         */
        public Builder ignoreBrokenPlugins(boolean ignore) {
            this.ignoreBrokenPlugins = ignore;
            return this;
        }

        public TokenIdExtractorRegistry build() {
            List<String> problems = new ArrayList<>();
            Map<String, RegisteredExtractor> byId = new LinkedHashMap<>();
            Map<String, Boolean> seenClasses = new LinkedHashMap<>();
            for (TokenIdExtractor e : explicit) {
                register(e, "registered directly", byId, problems);
            }
            if (discover) {
                List<ClassLoader> loaders = new ArrayList<>();
                if (classLoader != null) {
                    loaders.add(classLoader);
                } else {
                    ClassLoader context = Thread.currentThread().getContextClassLoader();
                    if (context != null) {
                        loaders.add(context);
                    }
                    loaders.add(TokenIdExtractorRegistry.class.getClassLoader());
                }
                for (ClassLoader loader : loaders) {
                    discover(loader, seenClasses, byId, problems);
                }
            }
            if (!problems.isEmpty() && !ignoreBrokenPlugins) {
                throw new IncompatiblePluginException("Token-id extractor plugin(s) could not be used: "
                        + String.join("; ", problems) + ". Loaded fine: "
                        + (byId.isEmpty() ? "none" : byId.values().stream().map(RegisteredExtractor::describe)
                                .collect(Collectors.joining(", ", "[", "]")))
                        + ". Fix: remove or update the broken plugin jar(s), or build the registry with "
                        + "TokenIdExtractorRegistry.builder().ignoreBrokenPlugins(true) to skip them.");
            }
            return new TokenIdExtractorRegistry(new ArrayList<>(byId.values()), problems);
        }

        private static void discover(ClassLoader loader, Map<String, Boolean> seenClasses,
                Map<String, RegisteredExtractor> byId, List<String> problems) {
            Iterator<ServiceLoader.Provider<TokenIdExtractor>> it =
                    ServiceLoader.load(TokenIdExtractor.class, loader).stream().iterator();
            int errors = 0;
            while (true) {
                ServiceLoader.Provider<TokenIdExtractor> provider;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    provider = it.next();
                } catch (ServiceConfigurationError e) {
                    // The iterator makes a best effort to go on after an error (ServiceLoader javadoc); the
                    // cap guards against a loader that keeps failing on the same entry.
                    problems.add("a plugin failed to load (" + e.getMessage() + ")");
                    if (++errors >= MAX_LOAD_ERRORS) {
                        break;
                    }
                    continue;
                }
                Class<? extends TokenIdExtractor> type = provider.type();
                if (seenClasses.putIfAbsent(type.getName(), Boolean.TRUE) != null) {
                    continue;
                }
                String source = sourceOf(type);
                TokenIdExtractor instance;
                try {
                    instance = provider.get();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    problems.add(type.getName() + " from " + source + " could not be instantiated (" + cause + ")");
                    continue;
                }
                register(instance, source, byId, problems);
            }
        }

        private static void register(TokenIdExtractor extractor, String source,
                Map<String, RegisteredExtractor> byId, List<String> problems) {
            String className = extractor.getClass().getName();
            String id;
            int priority;
            Fidelity fidelity;
            int spiVersion;
            try {
                id = extractor.id();
                priority = extractor.priority();
                fidelity = extractor.fidelity();
                spiVersion = extractor.spiVersion();
            } catch (RuntimeException | LinkageError e) {
                problems.add(className + " from " + source + " failed to describe itself (" + e + ")");
                return;
            }
            if (id == null || !ID_FORMAT.matcher(id).matches()) {
                problems.add(className + " from " + source + " has malformed id '" + id
                        + "' (expected lower-case '<vendor>.<shape>', e.g. 'vllm.token-ids')");
                return;
            }
            if (fidelity == null) {
                problems.add(className + " from " + source + " (id '" + id + "') returns a null fidelity");
                return;
            }
            if (spiVersion != TokenIdExtractor.SPI_VERSION) {
                problems.add(className + " from " + source + " (id '" + id + "') was built for SPI version "
                        + spiVersion + " but this ep-core supports version " + TokenIdExtractor.SPI_VERSION);
                return;
            }
            RegisteredExtractor existing = byId.get(id);
            if (existing != null) {
                throw new IncompatiblePluginException("Duplicate token-id extractor id '" + id + "': "
                        + existing.extractor().getClass().getName() + " from " + existing.source() + " and "
                        + className + " from " + source + ". Fix: remove one of the two plugin jars "
                        + "(ids must be unique so that explicit selection is unambiguous).");
            }
            byId.put(id, new RegisteredExtractor(extractor, id, priority, fidelity, source));
        }

        private static String sourceOf(Class<?> type) {
            Module module = type.getModule();
            if (module.isNamed()) {
                return "module " + module.getName();
            }
            CodeSource cs = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
            URL location = cs == null ? null : cs.getLocation();
            return location == null ? "class path" : location.toString();
        }
    }
}
