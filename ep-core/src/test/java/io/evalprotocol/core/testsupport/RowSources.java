package io.evalprotocol.core.testsupport;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import java.util.Iterator;
import java.util.Objects;

/** Row sources for the tests of runs that take an {@code Iterable} of rows. */
public final class RowSources {
    private RowSources() {}

    /**
     * An endless source whose rows {@code 0 .. k-1} are user questions {@code "r0"}, {@code "r1"}, ... and whose
     * {@code next()} for row {@code k} throws {@code failure} (as a dataset reader does on a bad line), and
     * keeps throwing it after. Each {@code iterator()} starts again at row 0.
     *
     * @param failure a {@link RuntimeException} or an {@link Error}: what {@code Iterator.next()} may throw
     */
    public static Iterable<EvaluationRow> failingAt(int k, Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (!(failure instanceof RuntimeException) && !(failure instanceof Error)) {
            throw new IllegalArgumentException("Iterator.next() cannot throw the checked " + failure);
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative, got " + k);
        }
        return () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public EvaluationRow next() {
                if (i == k) {
                    if (failure instanceof Error) {
                        throw (Error) failure;
                    }
                    throw (RuntimeException) failure;
                }
                return EvaluationRow.builder().addMessage(Message.user("r" + i++)).build();
            }
        };
    }
}
