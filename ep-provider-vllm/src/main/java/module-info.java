/** Token-id extractors for Vllm response shapes. Implementations live in an unexported package. */
module io.evalprotocol.provider.vllm {
    requires io.evalprotocol.api;
    requires static com.google.auto.service;

    exports io.evalprotocol.provider.vllm;
}
