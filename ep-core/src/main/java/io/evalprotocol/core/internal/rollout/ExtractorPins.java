package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.errors.NoTokenIdExtractorException;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which token-id extractor serves which endpoint and model, decided once and then held to.
 *
 * <p>Before the first request only the hint, endpoint and model are known: the extractor they select (if
 * any) is the only one allowed to add request flags. The first response confirms the choice by probing
 * again with the response in hand, and the result is pinned for the (endpoint, model, streaming) key. Every
 * later response must still be supported by the pinned extractor; if it is not, that row fails, and the
 * SDK never switches to another extractor behind the user's back. When nothing supports the first
 * response, "no ids" is pinned instead: rows succeed without token ids, the reason is recorded on each row
 * and logged once.
 */
final class ExtractorPins {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractorPins.class);

    private final TokenIdExtractorRegistry registry;
    private final ExtractorSelectionPolicy policy;
    private final String providerHint;
    private final URI baseUri;
    private final Recorder recorder;
    private final ConcurrentMap<String, Pin> pins = new ConcurrentHashMap<>();

    /** What rows record as the parameters of a request made for a pin's shape with an extractor's flags. */
    interface Recorder {
        /** @param extractor the extractor that adds its flags to the request, or null */
        JsonObject completionParams(ProviderShape shape, TokenIdExtractor extractor);
    }

    ExtractorPins(TokenIdExtractorRegistry registry, ExtractorSelectionPolicy policy, String providerHint, URI baseUri,
            Recorder recorder) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.providerHint = providerHint;
        this.baseUri = baseUri;
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    Pin pin(String model, boolean streaming) {
        return pins.computeIfAbsent(model + (streaming ? "\u0000stream" : "\u0000plain"), k -> new Pin(
                ProviderShape.builder().providerHint(providerHint).baseUri(baseUri).model(model)
                        .apiKind(ApiKind.CHAT_COMPLETIONS).streaming(streaming).build()));
    }

    /** What reads one response: an extractor, or none with the reason. */
    static final class Decision {
        final TokenIdExtractor extractor;
        final String noneReason;
        final ProviderShape shape;

        Decision(TokenIdExtractor extractor, String noneReason, ProviderShape shape) {
            this.extractor = extractor;
            this.noneReason = noneReason;
            this.shape = shape;
        }
    }

    /** How to make a request for a pin: the extractor that adds its flags, and what the row then records. */
    static final class Request {
        /** Null when no extractor applies (yet). */
        final TokenIdExtractor extractor;
        /** The row's {@code input_metadata.completion_params}: the client's parameters and the extractor's flags. */
        final JsonObject completionParams;

        Request(TokenIdExtractor extractor, JsonObject completionParams) {
            this.extractor = extractor;
            this.completionParams = completionParams;
        }
    }

    final class Pin {
        private final ProviderShape hintShape;
        /** The last {@link #request()}: its record is made once for each extractor the pin hands out. */
        private Request request;
        private boolean prepared;
        private TokenIdExtractor requestExtractor;
        private boolean confirmed;
        private TokenIdExtractor extractor;
        private String noneReason;

        Pin(ProviderShape hintShape) {
            this.hintShape = hintShape;
        }

        ProviderShape hintShape() {
            return hintShape;
        }

        /**
         * The extractor that may add request flags: the pinned one once a response confirmed it, before that
         * the one the hint selects. Null when none applies.
         *
         * @throws io.evalprotocol.errors.EpConfigurationException for an unknown explicit id or a tie
         */
        synchronized TokenIdExtractor forRequest() {
            if (confirmed) {
                return extractor;
            }
            if (!prepared) {
                requestExtractor = registry.probe(hintShape, policy).orElse(null);
                prepared = true;
                LOG.debug("token-id extractor for requests to {}: {}", hintShape,
                        requestExtractor == null ? "none yet" : requestExtractor.id());
            }
            return requestExtractor;
        }

        /**
         * The extractor that adds its flags to the next request ({@link #forRequest()}) and the parameters a row
         * made with that request records. The record is made when the extractor changes (at most twice: chosen
         * from the hint, then confirmed by the first response), not for every row.
         *
         * @throws io.evalprotocol.errors.EpConfigurationException for an unknown explicit id or a tie
         * @throws TokenIdExtractionException when the extractor's {@code contribute()} fails
         */
        synchronized Request request() {
            TokenIdExtractor e = forRequest();
            Request r = request;
            if (r == null || r.extractor != e) {
                r = new Request(e, recorder.completionParams(hintShape, e));
                request = r;
            }
            return r;
        }

        /**
         * Decides on the first response and checks every later one.
         *
         * @param response the response body, or for streams the first chunk that carries choices
         * @throws TokenIdExtractionException when the pinned extractor no longer supports the response
         */
        Decision forResponse(JsonObject response) {
            ProviderShape shape = hintShape.withFirstResponse(response);
            TokenIdExtractor pinned;
            String reason;
            synchronized (this) {
                if (!confirmed) {
                    confirm(shape);
                    return new Decision(extractor, noneReason, shape);
                }
                pinned = extractor;
                reason = noneReason;
            }
            if (pinned == null) {
                return new Decision(null, reason, shape);
            }
            if (!supportsSafely(pinned, shape)) {
                throw new TokenIdExtractionException(pinned.id(), 0, "the extractor pinned for " + hintShape
                        + " does not support this response; an earlier response from the same endpoint and model"
                        + " did. The SDK does not switch extractors silently: check whether the server changed"
                        + " (version, flags), or choose the extractor explicitly with -D"
                        + ExtractorSelectionPolicy.SYSTEM_PROPERTY + "=<id>");
            }
            return new Decision(pinned, null, shape);
        }

        private void confirm(ProviderShape shape) {
            TokenIdExtractor chosen;
            if (policy.explicitId().isPresent()) {
                chosen = registry.probe(hintShape, policy).orElseThrow();
                if (!supportsSafely(chosen, shape)) {
                    throw new TokenIdExtractionException(chosen.id(), 0, "the extractor chosen explicitly ("
                            + policy.explicitIdSource().orElse("?") + ") does not support the response from "
                            + hintShape + "; choose another one or remove the explicit choice to probe");
                }
            } else {
                Optional<TokenIdExtractor> probed = registry.probe(shape, policy);
                chosen = probed.orElse(null);
            }
            if (chosen == null) {
                String full = noneMessage(shape);
                LOG.warn("Rollouts from {} will have no token ids: {}", hintShape, full);
                // Rows get the short form: the full list of discovered extractors is in the log, once.
                int cut = full.indexOf(" Discovered:");
                noneReason = cut > 0 ? full.substring(0, cut) + " See the warning logged by "
                        + ExtractorPins.class.getName() + " for the extractors discovered and how to choose one."
                        : full;
            } else if (requestExtractor != null && requestExtractor != chosen) {
                LOG.info("token-id extractor for {}: '{}' reads the responses ('{}' was chosen from the hint"
                        + " before the first response and added the request flags)", hintShape, chosen.id(),
                        requestExtractor.id());
            } else {
                LOG.debug("token-id extractor for {}: '{}'", hintShape, chosen.id());
            }
            extractor = chosen;
            confirmed = true;
        }

        private String noneMessage(ProviderShape shape) {
            try {
                registry.select(shape, policy);
                return "no extractor supports the response";
            } catch (NoTokenIdExtractorException e) {
                return e.getMessage();
            }
        }
    }

    static boolean supportsSafely(TokenIdExtractor e, ProviderShape shape) {
        try {
            return e.supports(shape);
        } catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }
}
