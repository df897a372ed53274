package io.evalprotocol.api;

import jakarta.json.spi.JsonProvider;

/** The JSON-P provider, looked up once: {@code JsonProvider.provider()} runs a ServiceLoader scan per call. */
final class JsonP {
    private JsonP() {
    }

    static JsonProvider provider() {
        return Holder.PROVIDER;
    }

    private static final class Holder {
        static final JsonProvider PROVIDER = JsonProvider.provider();
    }
}
