package io.evalprotocol.core;

import java.util.Locale;
import java.util.Optional;

/**
 * How a token-id extractor is chosen: an explicit id, or probing; and whether RECONSTRUCTED extractors
 * (ids looked up from bytes rather than reported by the engine) may be chosen.
 *
 * <p>The explicit id comes from, highest precedence first: the builder, the system property
 * {@value #SYSTEM_PROPERTY}, the environment variable {@value #ENVIRONMENT_VARIABLE}.
 */
public final class ExtractorSelectionPolicy {
    public static final String SYSTEM_PROPERTY = "ep.token-id-extractor";
    public static final String ENVIRONMENT_VARIABLE = "EP_TOKEN_ID_EXTRACTOR";

    private static final ExtractorSelectionPolicy PROBE = new ExtractorSelectionPolicy(null, null, false);

    private final String explicitId;
    private final String explicitIdSource;
    private final boolean allowReconstructed;

    private ExtractorSelectionPolicy(String explicitId, String explicitIdSource, boolean allowReconstructed) {
        this.explicitId = explicitId;
        this.explicitIdSource = explicitIdSource;
        this.allowReconstructed = allowReconstructed;
    }

    /** Probe {@code supports()}; EXACT extractors only. */
    public static ExtractorSelectionPolicy probe() {
        return PROBE;
    }

    /** Use exactly this extractor id (as if set on a builder). */
    public static ExtractorSelectionPolicy explicit(String id, boolean allowReconstructed) {
        String normalized = normalize(id);
        if (normalized == null) {
            throw new IllegalArgumentException("extractor id must not be blank");
        }
        return new ExtractorSelectionPolicy(normalized, "builder", allowReconstructed);
    }

    /**
     * Resolves the explicit id from {@code builderValue} (may be null), then the system property, then the
     * environment variable; without any, extractors are probed.
     */
    public static ExtractorSelectionPolicy resolve(String builderValue, boolean allowReconstructed) {
        return resolve(builderValue, allowReconstructed, System.getProperty(SYSTEM_PROPERTY),
                System.getenv(ENVIRONMENT_VARIABLE));
    }

    static ExtractorSelectionPolicy resolve(
            String builderValue, boolean allowReconstructed, String systemProperty, String environment) {
        if (normalize(builderValue) != null) {
            return new ExtractorSelectionPolicy(normalize(builderValue), "builder", allowReconstructed);
        }
        if (normalize(systemProperty) != null) {
            return new ExtractorSelectionPolicy(
                    normalize(systemProperty), "system property -D" + SYSTEM_PROPERTY, allowReconstructed);
        }
        if (normalize(environment) != null) {
            return new ExtractorSelectionPolicy(
                    normalize(environment), "environment variable " + ENVIRONMENT_VARIABLE, allowReconstructed);
        }
        return new ExtractorSelectionPolicy(null, null, allowReconstructed);
    }

    private static String normalize(String id) {
        return id == null || id.isBlank() ? null : id.trim().toLowerCase(Locale.ROOT);
    }

    /** The extractor id asked for explicitly, if any. */
    public Optional<String> explicitId() {
        return Optional.ofNullable(explicitId);
    }

    /** Where the explicit id came from ("builder", "system property …", "environment variable …"). */
    public Optional<String> explicitIdSource() {
        return Optional.ofNullable(explicitIdSource);
    }

    /** Whether RECONSTRUCTED extractors may be chosen by probing. An explicit id always may. */
    public boolean allowReconstructed() {
        return allowReconstructed;
    }

    public ExtractorSelectionPolicy withAllowReconstructed(boolean allow) {
        return new ExtractorSelectionPolicy(explicitId, explicitIdSource, allow);
    }

    @Override
    public String toString() {
        return explicitId == null
                ? "probe" + (allowReconstructed ? " (RECONSTRUCTED allowed)" : "")
                : "explicit '" + explicitId + "' from " + explicitIdSource;
    }
}
