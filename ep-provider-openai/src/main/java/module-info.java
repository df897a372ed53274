/** Token-id extractors for OpenAi response shapes. Implementations live in an unexported package. */
module io.evalprotocol.provider.openai {
    requires io.evalprotocol.api;
    requires static com.google.auto.service;
    requires jtokkit; // jtokkit ships no module name; this one comes from its jar file name
    exports io.evalprotocol.provider.openai;
}
