/**
 * JMH and load benchmarks for ep-java (not deployed). Run them with {@code ep-benchmarks/run.sh quick|full}.
 */
module io.evalprotocol.benchmarks {
    requires io.evalprotocol.api;
    requires io.evalprotocol.core;
    requires io.evalprotocol.testkit;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires jakarta.json;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires jmh.core; // likewise
    requires java.management;
    requires jdk.management; // process CPU time of the P4 load rounds
    requires jdk.unsupported;
    requires jol.core; // no module name in the jar; derived from its file name

    // JMH's generated code and harness reach the benchmark classes reflectively
    opens io.evalprotocol.benchmarks;
    opens io.evalprotocol.benchmarks.jmh_generated;
}
