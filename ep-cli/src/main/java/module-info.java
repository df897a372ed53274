/**
 * The {@code ep} command line: {@code ep rollout} over a JSONL dataset, {@code ep providers},
 * {@code ep serve-sim}. Entry point: {@link io.evalprotocol.cli.EpCommand#main(String[])}.
 */
module io.evalprotocol.cli {
    requires io.evalprotocol.core;
    requires io.evalprotocol.testkit;
    requires info.picocli;

    exports io.evalprotocol.cli;
    // picocli reads and sets the annotated option fields reflectively
    opens io.evalprotocol.cli to info.picocli;
}
