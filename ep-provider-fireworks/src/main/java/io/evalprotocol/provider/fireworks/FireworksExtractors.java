package io.evalprotocol.provider.fireworks;

/** Public ids of the token-id extractors this module registers; use them for explicit selection. */
public final class FireworksExtractors {
    private FireworksExtractors() {}
}
