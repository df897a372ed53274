/** Token-id extractors for Fireworks response shapes. Implementations live in an unexported package. */
module io.evalprotocol.provider.fireworks {
    requires io.evalprotocol.api;
    requires static com.google.auto.service;

    exports io.evalprotocol.provider.fireworks;
}
