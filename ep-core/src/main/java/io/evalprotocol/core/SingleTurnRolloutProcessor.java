package io.evalprotocol.core;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.core.internal.rollout.RolloutEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * eval-protocol's single-turn rollout processor: for each row, sends its conversation (trailing assistant
 * messages dropped, as in Python) to the client's endpoint and returns the row with the assistant message
 * appended, its {@code token_ids} and {@code logprobs}, and the execution metadata filled in (see
 * {@code docs/rollout.md} for every field).
 *
 * <p>Rows never fail here: a row whose rollout fails for good comes back with an error
 * {@code rollout_status} (an AIP-193 status with the HTTP status, provider error code and a body excerpt in
 * its details), and the batch goes on. Every input row comes out exactly once.
 *
 * <p>Three ways in: {@link #process(EvaluationRow)} (one future per row), {@link #processAll} (many rows
 * under the concurrency limit, delivered in completion order), and {@link #run(List)} (blocking, input
 * order). Thread-safe; the processor holds no state beyond the client.
 */
public final class SingleTurnRolloutProcessor {
    private final EpClient client;
    private final RolloutEngine engine;

    public SingleTurnRolloutProcessor(EpClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.engine = client.engine();
    }

    public EpClient client() {
        return client;
    }

    /**
     * Rolls out one row. The future completes with the finished row, or with the row carrying an error
     * status; it does not complete exceptionally. Cancelling it aborts the request in flight.
     */
    public CompletableFuture<EvaluationRow> process(EvaluationRow row) {
        Objects.requireNonNull(row, "row");
        RolloutEngine.RowTrace trace = new RolloutEngine.RowTrace();
        CompletableFuture<EvaluationRow> inner = engine.execute(row, trace);
        CompletableFuture<EvaluationRow> outer = inner.handle((r, t) -> t == null ? r : engine.errorRow(row, t, trace));
        outer.whenComplete((r, t) -> {
            if (outer.isCancelled()) {
                inner.cancel(false);
            }
        });
        return outer;
    }

    /**
     * Rolls out {@code rows}, at most {@link EpClient#maxConcurrentRequests()} at a time, calling
     * {@code onRow} with each output row as it completes. Rows are taken from the iterable lazily, so a
     * large dataset streamed from disk is never held in memory at once.
     *
     * <p>{@code onRow} is never called concurrently (it may write to a file without locking), but it may be
     * called from different threads; it should not block for long. If it throws, no further rows are
     * started, the rows in flight still complete and are delivered, and {@link RolloutRun#await()} throws that
     * exception ({@link RolloutRun#completion()} fails with it). Likewise if the iterable throws (a malformed
     * dataset line): rows already taken are finished and delivered first.
     */
    public RolloutRun processAll(Iterable<EvaluationRow> rows, Consumer<? super EvaluationRow> onRow) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(onRow, "onRow");
        RolloutRun run = new RolloutRun(this, rows.iterator(), onRow, client.maxConcurrentRequests());
        run.start();
        return run;
    }

    /**
     * Rolls out {@code rows} and returns the output rows in input order, one per position (a row instance
     * listed k times is rolled out k times); blocks until all are done. Rows do not fail this method: a row
     * whose rollout fails comes back with an error status. If the calling thread is interrupted, the remaining
     * rows are cancelled, every row still comes back (those cancelled with status CANCELLED), and the interrupt
     * flag is set again; nothing is thrown, so that the rows finished before are not lost.
     */
    public List<EvaluationRow> run(List<EvaluationRow> rows) {
        // One instance may stand at several positions (the same prompt sampled k times): each gets its own output.
        Map<EvaluationRow, ArrayDeque<Integer>> positions = new IdentityHashMap<>();
        List<EvaluationRow> inputs = new ArrayList<>(rows.size());
        for (EvaluationRow r : rows) {
            Objects.requireNonNull(r, "rows contains null");
            positions.computeIfAbsent(r, k -> new ArrayDeque<>(1)).add(inputs.size());
            inputs.add(r);
        }
        EvaluationRow[] out = new EvaluationRow[inputs.size()];
        // Each output row is mapped back to its input through the row the processor was given; deliveries are
        // never concurrent, so the queues need no lock.
        RolloutRun run = new RolloutRun(this, inputs.iterator(), null, client.maxConcurrentRequests());
        run.onRowWithInput((input, output) -> out[positions.get(input).poll()] = output);
        run.start();
        boolean interrupted = run.awaitDelivered() != null;
        run.summaryOrThrow(); // the source is a list and the callback stores rows: a failure would be a bug, surfaced
        if (interrupted) {
            // the rows the cancelled run never started come back cancelled too, one per position
            CancellationException never = new CancellationException("interrupted before the row was started");
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    out[i] = engine.errorRow(inputs.get(i), never, new RolloutEngine.RowTrace());
                }
            }
            Thread.currentThread().interrupt();
        }
        return List.of(out);
    }

    RolloutEngine engine() {
        return engine;
    }
}
