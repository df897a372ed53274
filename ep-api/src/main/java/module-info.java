/**
 * The eval-protocol data model and the token-id extractor SPI.
 *
 * <p>Depends on the Jakarta JSON-P API only, so that third-party provider plugins need nothing else.
 */
module io.evalprotocol.api {
    requires transitive jakarta.json;

    exports io.evalprotocol.api;
    exports io.evalprotocol.spi;
    exports io.evalprotocol.errors;
}
