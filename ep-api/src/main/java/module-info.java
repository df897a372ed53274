/**
 * The eval-protocol data model and the token-id extractor SPI.
 *
 * <p>Depends on the Jakarta JSON-P API only, so that third-party provider plugins need nothing else.
 */
// "module": the qualified export names ep-core, which is compiled after this module
@SuppressWarnings("module")
module io.evalprotocol.api {
    requires transitive jakarta.json;

    exports io.evalprotocol.api;
    exports io.evalprotocol.spi;
    exports io.evalprotocol.errors;
    // not API: lets ep-core's JSON codec wrap and write RawJsonValue text without extra copies
    exports io.evalprotocol.api.internal to io.evalprotocol.core;
}
