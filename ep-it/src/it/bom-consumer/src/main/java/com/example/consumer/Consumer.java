package com.example.consumer;

import io.evalprotocol.core.TokenIdExtractorRegistry;

/** Compiles only if ep-core (and, transitively, ep-api) resolved through the BOM. */
public final class Consumer {
    private Consumer() {}

    public static void main(String[] args) {
        System.out.println(TokenIdExtractorRegistry.load());
    }
}
