package io.evalprotocol.provider.vllm;

/** Public ids of the token-id extractors this module registers; use them for explicit selection. */
public final class VllmExtractors {
    private VllmExtractors() {}
}
