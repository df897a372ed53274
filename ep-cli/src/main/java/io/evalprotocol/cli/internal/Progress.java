package io.evalprotocol.cli.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how a rollout is going: a bar redrawn in place on a terminal, plain lines in logs, or nothing.
 * Rows finish on HTTP client threads and a ticker refreshes the ETA between them, so implementations
 * synchronize. Warnings go through {@link #warn} so that they never tear the bar.
 */
public abstract class Progress implements AutoCloseable {
    /** Called after every finished row, with the counters that include it. */
    public abstract void rowFinished(RunStats.Snapshot snapshot);

    /** Prints {@code message} on the error stream without garbling the progress display. */
    public abstract void warn(String message);

    /** Stops the ticker and leaves the cursor on a fresh line. Idempotent. */
    @Override
    public abstract void close();

    /** No progress output; warnings still go to {@code err}. */
    public static Progress none(PrintStream err) {
        return new None(err);
    }

    /**
     * One line per interval, or per finished row when {@code intervalNanos} is 0.
     *
     * @param stats read by the ticker
     */
    public static Progress log(PrintStream out, PrintStream err, RunStats stats, long intervalNanos) {
        return new Log(out, err, stats, intervalNanos);
    }

    /** A bar redrawn in place, {@code width} columns wide. */
    public static Progress bar(PrintStream out, PrintStream err, RunStats stats, int width, LongSupplier nanoClock) {
        return new Bar(out, err, stats, width, nanoClock);
    }

    /** The plain progress line: {@code 9/20 rows (8 ok, 1 failed), 1,234 completion tokens, ...}. */
    static String line(RunStats.Snapshot s) {
        return "progress: " + Formats.count(s.done()) + "/" + Formats.count(s.toDo()) + " rows (" + Formats.count(s.ok())
                + " ok, " + Formats.count(s.failed()) + " failed), " + Formats.count(s.completionTokens())
                + " completion tokens, " + Formats.rate(s.tokensPerSecond()) + " tok/s, elapsed "
                + Formats.clock(s.elapsedNanos()) + ", ETA " + eta(s);
    }

    /** The bar: {@code [=======>      ]  9/20 rows  1 failed  812 tok/s  ETA 0:04}, cut to {@code width - 1}. */
    static String bar(RunStats.Snapshot s, int width) {
        String tail = String.format(Locale.ROOT, " %s/%s rows  %s failed  %s tok/s  ETA %s",
                Formats.count(s.done()), Formats.count(s.toDo()), Formats.count(s.failed()),
                Formats.rate(s.tokensPerSecond()), eta(s));
        int cells = Math.max(10, Math.min(40, width - 1 - tail.length() - 2));
        int filled = s.toDo() == 0 ? cells : (int) ((long) cells * s.done() / s.toDo());
        StringBuilder sb = new StringBuilder(width).append('[');
        for (int i = 0; i < cells; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        sb.append(']').append(tail);
        return sb.length() < width ? sb.toString() : sb.substring(0, Math.max(0, width - 1));
    }

    private static String eta(RunStats.Snapshot s) {
        long eta = s.etaNanos();
        return eta < 0 ? "--:--" : Formats.clock(eta);
    }

    private static ScheduledExecutorService ticker() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ep-progress");
            t.setDaemon(true);
            return t;
        });
    }

    private static final class None extends Progress {
        private final PrintStream err;

        None(PrintStream err) {
            this.err = err;
        }

        @Override
        public void rowFinished(RunStats.Snapshot snapshot) {}

        @Override
        public synchronized void warn(String message) {
            err.println(message);
            err.flush();
        }

        @Override
        public void close() {}
    }

    private static final class Log extends Progress {
        private final PrintStream out;
        private final PrintStream err;
        private final boolean perRow;
        private final ScheduledExecutorService ticker;

        Log(PrintStream out, PrintStream err, RunStats stats, long intervalNanos) {
            this.out = out;
            this.err = err;
            this.perRow = intervalNanos <= 0;
            if (perRow) {
                ticker = null;
            } else {
                ticker = ticker();
                ticker.scheduleAtFixedRate(() -> print(stats.snapshot()), intervalNanos, intervalNanos,
                        TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void rowFinished(RunStats.Snapshot snapshot) {
            if (perRow) {
                print(snapshot);
            }
        }

        private synchronized void print(RunStats.Snapshot s) {
            out.println(line(s));
            out.flush();
        }

        @Override
        public synchronized void warn(String message) {
            out.flush();
            err.println(message);
            err.flush();
        }

        @Override
        public void close() {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }

    private static final class Bar extends Progress {
        private static final long MIN_REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

        private final PrintStream out;
        private final PrintStream err;
        private final RunStats stats;
        private final int width;
        private final LongSupplier nanoClock;
        private final ScheduledExecutorService ticker;
        private long lastDraw = Long.MIN_VALUE;
        private boolean closed;

        Bar(PrintStream out, PrintStream err, RunStats stats, int width, LongSupplier nanoClock) {
            this.out = out;
            this.err = err;
            this.stats = stats;
            this.width = width;
            this.nanoClock = nanoClock;
            this.ticker = ticker();
            ticker.scheduleAtFixedRate(() -> draw(stats.snapshot(), true), 0, 250, TimeUnit.MILLISECONDS);
        }

        @Override
        public void rowFinished(RunStats.Snapshot snapshot) {
            draw(snapshot, false);
        }

        private synchronized void draw(RunStats.Snapshot s, boolean force) {
            long now = nanoClock.getAsLong();
            if (closed || (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW_NANOS)) {
                return;
            }
            lastDraw = now;
            // carriage return, the bar, then erase whatever a longer previous line left behind
            out.print("\r" + bar(s, width) + "\033[K");
            out.flush();
        }

        @Override
        public synchronized void warn(String message) {
            if (!closed) {
                out.print("\r\033[K");
                out.flush();
            }
            err.println(message);
            err.flush();
            if (!closed) {
                lastDraw = Long.MIN_VALUE;
                draw(stats.snapshot(), true);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            ticker.shutdownNow();
            draw(stats.snapshot(), true);
            closed = true;
            out.println();
            out.flush();
        }
    }
}
