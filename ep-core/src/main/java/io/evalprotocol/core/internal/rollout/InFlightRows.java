package io.evalprotocol.core.internal.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The rows an engine has in flight, oldest first, with their row deadline: what {@code close()} cancels and
 * what the deadline cuts, kept without a scheduler task per row.
 *
 * <p>Every row of an engine has the same deadline, counted from when it is added, so the rows are in
 * deadline order simply by being appended: one timer, armed for the oldest row's deadline, is enough. Rows
 * that finish unlink themselves in constant time. When the timer fires it expires every row whose deadline
 * has passed and arms itself again for the oldest remaining one; a timer armed for a row that has since
 * finished fires early, finds nothing due, and re-arms. A per-row {@code ScheduledExecutorService} task
 * would cost an object, a heap insertion and a removal under the executor's lock for every row.
 *
 * <p>Thread-safe: one lock, held only to link and unlink; rows are expired and cancelled outside it.
 */
final class InFlightRows {
    /** Arms a one-shot timer; the engine's scheduler in production, a hand-driven one in tests. */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, long delayNanos);
    }

    /** A row in flight. Linked into one list at a time; the list's lock guards {@code prev}/{@code next}. */
    abstract static class Row {
        private Row prev;
        private Row next;
        private boolean linked;
        private long deadline;

        /** Called, outside the lock, once the row's deadline has passed; the row is already unlinked. */
        abstract void expire();
    }

    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    private final Timer timer;
    /** Sentinel: {@code head.next} is the oldest row, {@code head.prev} the newest. */
    private final Row head = new Row() {
        @Override
        void expire() {
            throw new AssertionError();
        }
    };
    private final Runnable sweep = this::sweep;
    private int size;
    private boolean armed;
    private boolean closed;

    InFlightRows(long deadlineNanos, LongSupplier nanoTime, Timer timer) {
        this.deadlineNanos = deadlineNanos;
        this.nanoTime = nanoTime;
        this.timer = timer;
        head.prev = head;
        head.next = head;
    }

    /** Adds {@code row} with its deadline counted from now; false (and nothing added) once {@link #close}d. */
    boolean add(Row row) {
        long delay;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (row.linked) {
                throw new IllegalStateException("row already in flight");
            }
            long now = nanoTime.getAsLong();
            Row last = head.prev;
            // nanoTime is monotonic, but the order must hold even for a clock that is not
            row.deadline = last != head && last.deadline - (now + deadlineNanos) > 0 ? last.deadline : now + deadlineNanos;
            row.prev = last;
            row.next = head;
            last.next = row;
            head.prev = row;
            row.linked = true;
            size++;
            if (armed) {
                return true;
            }
            armed = true;
            delay = row.deadline - now;
        }
        timer.schedule(sweep, delay);
        return true;
    }

    /** Unlinks {@code row} if it is still here; true if it was. */
    synchronized boolean remove(Row row) {
        if (!row.linked) {
            return false;
        }
        unlink(row);
        return true;
    }

    private void unlink(Row row) {
        row.prev.next = row.next;
        row.next.prev = row.prev;
        row.prev = null;
        row.next = null;
        row.linked = false;
        size--;
    }

    /** Expires the rows whose deadline has passed, then arms the timer for the oldest one left. */
    void sweep() {
        List<Row> due = new ArrayList<>();
        long delay = -1;
        synchronized (this) {
            armed = false;
            if (closed) {
                return;
            }
            long now = nanoTime.getAsLong();
            Row r = head.next;
            while (r != head && r.deadline - now <= 0) {
                Row next = r.next;
                unlink(r);
                due.add(r);
                r = next;
            }
            if (r != head) {
                armed = true;
                delay = r.deadline - now;
            }
        }
        if (delay >= 0) {
            timer.schedule(sweep, delay);
        }
        for (Row r : due) {
            r.expire();
        }
    }

    /** Refuses rows from now on and returns (unlinked) those still here, oldest first. */
    synchronized List<Row> close() {
        closed = true;
        List<Row> all = new ArrayList<>(size);
        for (Row r = head.next; r != head; ) {
            Row next = r.next;
            unlink(r);
            all.add(r);
            r = next;
        }
        return all;
    }

    synchronized int size() {
        return size;
    }
}
