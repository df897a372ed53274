/**
 * Test kit for ep-java users and plugin authors: the simulated provider and the compatibility kits.
 */
module io.evalprotocol.testkit {
    requires transitive io.evalprotocol.api;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires jtokkit; // jtokkit ships no module name; this one comes from its jar file name

    exports io.evalprotocol.testkit;
    exports io.evalprotocol.testkit.sim;

    uses io.evalprotocol.spi.TokenIdExtractor;
}
