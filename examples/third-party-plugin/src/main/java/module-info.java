/**
 * An ep-java token-id extractor for SGLang. The implementation is in an unexported package; users select it
 * by id ({@link com.example.ep.sglang.SglangExtractors#TOKEN_IDS}) or let ep-core probe for it.
 */
module com.example.ep.sglang {
    requires io.evalprotocol.api;
    requires static com.google.auto.service;

    exports com.example.ep.sglang;

    // the module path ignores META-INF/services: without this line module-path users never see the plugin
    provides io.evalprotocol.spi.TokenIdExtractor with com.example.ep.sglang.internal.SglangTokenIdsExtractor;
}
