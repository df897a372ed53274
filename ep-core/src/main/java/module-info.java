/**
 * The ep-java engine: extractor registry (the SDK's only ServiceLoader call), rollout processor, JSON I/O.
 */
module io.evalprotocol.core {
    requires transitive io.evalprotocol.api;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.apache.httpcomponents.core5.httpcore5.h2;
    requires org.slf4j;

    exports io.evalprotocol.core;
    // the command line quotes the base URL as the library does (Urls.redacted)
    exports io.evalprotocol.core.internal.http to io.evalprotocol.cli;

    uses io.evalprotocol.spi.TokenIdExtractor;
}
