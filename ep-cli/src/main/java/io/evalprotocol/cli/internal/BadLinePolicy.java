package io.evalprotocol.cli.internal;

import java.util.Locale;

/** What {@code ep rollout} does with an input line it cannot use ({@code --on-bad-line}). */
public enum BadLinePolicy {
    /** Stop before any rollout starts, naming the line (exit code 3). */
    FAIL,
    /** Warn with the line number, count it in the summary, go on. */
    SKIP;

    /** Lower case, as typed on the command line and shown in {@code --help}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
