package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.ExecutionMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Role;
import io.evalprotocol.core.internal.concurrent.OwnedThreadFactory;
import io.evalprotocol.core.internal.http.AsyncPermits;
import io.evalprotocol.core.internal.http.BodySink;
import io.evalprotocol.core.internal.http.HttpResult;
import io.evalprotocol.core.internal.http.HttpTransport;
import io.evalprotocol.core.internal.http.Redaction;
import io.evalprotocol.core.internal.http.TransportSecurity;
import io.evalprotocol.core.internal.http.ServiceErrors;
import io.evalprotocol.core.internal.http.TransportOptions;
import io.evalprotocol.core.internal.http.TruncatingSink;
import io.evalprotocol.core.internal.http.Urls;
import io.evalprotocol.core.internal.retry.AttemptFailure;
import io.evalprotocol.core.internal.retry.Retrier;
import io.evalprotocol.core.internal.retry.RetryAfter;
import io.evalprotocol.core.internal.retry.SchedulerSleeper;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.EpServiceException;
import io.evalprotocol.errors.EpTimeoutException;
import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs single-turn rollouts: builds the request, sends it through the retrying transport under the
 * concurrency limit and the row deadline, and turns the response (or stream) into the output row.
 *
 * <p>{@link #execute} fails with the typed {@link EpException} of the final failure;
 * {@link #errorRow} turns such a failure into a row with an error {@code rollout_status}.
 */
public final class RolloutEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final EngineConfig config;
    private final URI endpoint;
    private final String where;
    private final HttpTransport transport;
    private final AsyncPermits permits;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor workers;
    private final OwnedThreadFactory schedulerThreads = new OwnedThreadFactory("ep-scheduler");
    private final OwnedThreadFactory workerThreads = new OwnedThreadFactory("ep-rollout");
    private final Executor worker;
    private final Retrier retrier;
    private final ResponseDecoder decoder;
    private final ExtractorPins pins;
    private final RequestBody requests;
    /** The one pin this engine's requests use: its model and streaming mode never change. */
    private final ExtractorPins.Pin pin;
    private final HttpTransport.RequestHeaders headers;
    private final UnaryOperator<String> redactor;
    private final InFlightRows inFlight;
    private final Retrier.Observer retryLog;
    private volatile boolean closed;

    public RolloutEngine(EngineConfig config, String userAgent) {
        this.config = config;
        if (TransportSecurity.sendsKeyInClear(config.baseUri(), config.apiKey() != null)) {
            LOG.warn(TransportSecurity.clearTextWarning(config.baseUri()));
        }
        this.endpoint = config.chatCompletionsUri();
        this.where = "POST " + Urls.redacted(endpoint);
        this.permits = new AsyncPermits(config.maxConcurrentRequests());
        this.scheduler = new ScheduledThreadPoolExecutor(1, schedulerThreads);
        scheduler.setRemoveOnCancelPolicy(true);
        int n = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        this.workers = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), workerThreads);
        workers.allowCoreThreadTimeOut(true);
        // After close() the pool rejects work; completing it on the caller keeps every future completing.
        this.worker = r -> {
            try {
                workers.execute(r);
            } catch (RejectedExecutionException e) {
                r.run();
            }
        };
        this.retrier = new Retrier(config.retryPolicy(), config.clock(),
                config.sleeper() != null ? config.sleeper() : new SchedulerSleeper(scheduler),
                () -> ThreadLocalRandom.current().nextDouble());
        this.redactor = Redaction.of(config.apiKey());
        this.decoder = new ResponseDecoder(config, redactor);
        this.pins = decoder.pins();
        this.requests = decoder.requests();
        this.pin = pins.pin(config.model(), config.params().stream());
        Map<String, String> h = new LinkedHashMap<>(config.headers());
        if (config.apiKey() != null) {
            h.put("Authorization", "Bearer " + config.apiKey().reveal());
        }
        h.put("Accept", config.params().stream() ? "text/event-stream" : "application/json");
        this.headers = HttpTransport.RequestHeaders.of(h);
        this.inFlight = new InFlightRows(config.rowDeadline().toNanos(), System::nanoTime, (task, delayNanos) -> {
            try {
                scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // closing: close() cancels every row that is left
            }
        });
        this.retryLog = (attempt, failure, wait) -> LOG.debug("retrying {} in {} ms after attempt {} failed: {}", where,
                wait.toMillis(), attempt, failure.getMessage());
        this.transport = new HttpTransport(new TransportOptions(config.maxConcurrentRequests(), config.connectTimeout(),
                config.responseTimeout(), config.http2PriorKnowledge(), config.ioThreads(), 64 * 1024, userAgent));
    }

    /** The HTTP stack, for pool checks in soaks. */
    public HttpTransport transport() {
        return transport;
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * Rolls out one row. The future fails with the {@link EpException} of the final failure (after retries),
     * or is cancelled; cancelling it aborts the request in flight.
     */
    public CompletableFuture<EvaluationRow> execute(EvaluationRow row) {
        return execute(row, new RowTrace());
    }

    /** How a row's rollout went, for its error status: when it started and how many attempts it made. */
    public static final class RowTrace {
        final long startNanos = System.nanoTime();
        final AtomicInteger attempts = new AtomicInteger();
        /** What the row records: its request's parameters, once the request is made. */
        volatile JsonObject completionParams;

        public int attempts() {
            return attempts.get();
        }
    }

    /** Like {@link #execute(EvaluationRow)}, recording into {@code trace}. */
    public CompletableFuture<EvaluationRow> execute(EvaluationRow row, RowTrace trace) {
        Flight flight = new Flight(row, trace);
        CompletableFuture<EvaluationRow> result = flight.result;
        if (closed || !inFlight.add(flight)) {
            result.completeExceptionally(new CancellationException("the client is closed"));
            return result;
        }
        // One continuation for the row's end however it comes (done, failed, cancelled by the caller or close()):
        // leave the in-flight list, and abort the request if the row was cancelled.
        result.whenComplete(flight);
        try {
            ExtractorPins.Request request = pin.request();
            trace.completionParams = request.completionParams;
            List<Message> messages = requestMessages(row);
            flight.messages = messages;
            byte[] body = requests.build(config.model(), messages, row.tools().orElse(null), pin.hintShape(),
                    request.extractor);
            AtomicInteger attempts = trace.attempts;
            boolean streaming = config.params().stream();
            CompletableFuture<HttpResult> http = retrier.execute(n -> {
                attempts.set(n);
                return attempt(body, pin, streaming);
            }, retryLog);
            flight.http = http;
            if (result.isDone()) {
                // cancelled while the request was being set up, before http could be seen
                http.cancel(true);
                return result;
            }
            http.whenComplete(flight.onResponse);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * One row's rollout: its place in the in-flight list (deadline and close()), the continuation of its
     * future, and the task that turns the response into the row on a worker thread. One object instead of a
     * lambda and a future stage for each of those.
     */
    private final class Flight extends InFlightRows.Row
            implements java.util.function.BiConsumer<EvaluationRow, Throwable>, Runnable {
        final CompletableFuture<EvaluationRow> result = new CompletableFuture<>();
        final EvaluationRow row;
        final RowTrace trace;
        List<Message> messages;
        volatile CompletableFuture<HttpResult> http;
        private HttpResult response;
        private Throwable failure;
        /** The HTTP outcome, on whatever thread completes it (an I/O thread): decoding moves to a worker. */
        final java.util.function.BiConsumer<HttpResult, Throwable> onResponse = (r, t) -> {
            response = r;
            failure = t;
            worker.execute(this);
        };

        Flight(EvaluationRow row, RowTrace trace) {
            this.row = row;
            this.trace = trace;
        }

        /** The row's future completed. */
        @Override
        public void accept(EvaluationRow r, Throwable t) {
            inFlight.remove(this);
            CompletableFuture<HttpResult> h = http;
            if (h != null && result.isCancelled()) {
                h.cancel(true);
            }
        }

        /** The deadline passed: fail the request (the retries included); the row then fails as usual. */
        @Override
        void expire() {
            CompletableFuture<HttpResult> h = http;
            EpTimeoutException e = new EpTimeoutException("the row deadline of " + config.rowDeadline() + " passed ("
                    + where + ", attempt " + trace.attempts.get() + ")", null);
            if (h != null) {
                h.completeExceptionally(e);
            } else {
                result.completeExceptionally(e);
            }
        }

        /** On a worker: the row from the response, or the row's failure. */
        @Override
        public void run() {
            if (result.isDone()) {
                return;
            }
            if (failure != null) {
                result.completeExceptionally(RowErrors.unwrap(failure));
                return;
            }
            try {
                result.complete(decoder.toRow(row, messages, response.sink(), pin, trace.completionParams,
                        trace.startNanos));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    /**
     * The row a failure turns into: input messages unchanged, error {@code rollout_status} with details, and the
     * {@code completion_params} of its request recorded as on a finished row (the client's alone when the failure
     * came before the request could be made).
     */
    public EvaluationRow errorRow(EvaluationRow input, Throwable failure, RowTrace trace) {
        Throwable t = RowErrors.unwrap(failure);
        ExecutionMetadata em = input.executionMetadata().toBuilder()
                .rolloutDurationSeconds((System.nanoTime() - trace.startNanos) / 1e9)
                .build();
        JsonObject params = trace.completionParams;
        EvaluationRow.Builder b = input.toBuilder()
                .inputMetadata(RecordedParams.apply(input.inputMetadata(),
                        params != null ? params : decoder.completionParams()))
                .rolloutStatus(RowErrors.status(t, trace.attempts(), redactor))
                .executionMetadata(em);
        if (input.createdAt().isEmpty()) {
            b.createdAt(Instant.now(config.clock()));
        }
        return b.build();
    }

    private List<Message> requestMessages(EvaluationRow row) {
        List<Message> messages = new ArrayList<>(row.messages());
        if (config.dropTrailingAssistantMessages()) {
            while (!messages.isEmpty() && messages.get(messages.size() - 1).role().equals(Role.ASSISTANT)) {
                messages.remove(messages.size() - 1);
            }
        }
        if (messages.isEmpty()) {
            throw new InvalidDataException(row.messages().isEmpty()
                    ? "the row has no messages; a single-turn rollout needs at least one"
                    : "the row has only assistant messages, which are dropped before the request"
                            + " (dropTrailingAssistantMessages); nothing is left to send");
        }
        return messages;
    }

    private CompletableFuture<HttpResult> attempt(byte[] body, ExtractorPins.Pin pin, boolean streaming) {
        CompletableFuture<HttpResult> attempt = new CompletableFuture<>();
        CompletableFuture<Void> permit = permits.acquire();
        attempt.whenComplete((r, t) -> {
            if (attempt.isCancelled()) {
                permit.cancel(false);
            }
        });
        permit.whenComplete((ok, waitFailure) -> {
            if (waitFailure != null) {
                attempt.completeExceptionally(waitFailure);
                return;
            }
            if (attempt.isDone() || closed) {
                permits.release();
                attempt.cancel(false);
                return;
            }
            BodySink.Factory sinks = () -> decoder.newSink(pin, streaming);
            CompletableFuture<HttpResult> post = transport.post(endpoint, headers, body, sinks);
            attempt.whenComplete((r, t) -> {
                if (attempt.isCancelled()) {
                    post.cancel(true);
                }
            });
            post.whenComplete((r, t) -> {
                permits.release();
                if (t != null) {
                    Throwable cause = RowErrors.unwrap(t);
                    if (cause instanceof CancellationException) {
                        attempt.cancel(false);
                    } else if (cause instanceof EpIoException) {
                        // I/O failures and timeouts are transient; everything else from the transport is not.
                        attempt.completeExceptionally(new AttemptFailure((EpIoException) cause, true, null));
                    } else {
                        attempt.completeExceptionally(cause);
                    }
                } else if (!r.isSuccess()) {
                    EpServiceException e = ServiceErrors.from(r.status(), (TruncatingSink) r.sink(), where,
                            this::redact);
                    attempt.completeExceptionally(new AttemptFailure(e, retryable(e, r),
                            RetryAfter.parse(r.header("retry-after-ms"), r.header("retry-after"), config.clock())));
                } else {
                    attempt.complete(r);
                }
            });
        });
        return attempt;
    }

    private static boolean retryable(EpServiceException e, HttpResult r) {
        String should = r.header("x-should-retry");
        if ("true".equalsIgnoreCase(should)) {
            return true;
        }
        if ("false".equalsIgnoreCase(should)) {
            return false;
        }
        return e.isRetryable();
    }

    private String redact(String text) {
        return redactor.apply(text);
    }

    /**
     * Cancels every rollout in flight (their futures complete as cancelled), then stops the HTTP stack and
     * the SDK's threads. Returns once they are gone.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (InFlightRows.Row r : inFlight.close()) {
            ((Flight) r).result.cancel(false);
        }
        // Every exchange was cancelled above, so there is little left to be graceful about.
        transport.close(1_000);
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            // A close() from a rollout's continuation runs on a worker: that one cannot end before close() returns.
            if (!workerThreads.owns(Thread.currentThread()) && !workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            // A terminated pool's last thread may still be on its way out: wait for the threads themselves.
            List<String> alive = new ArrayList<>(workerThreads.awaitEnded(Duration.ofSeconds(5)));
            alive.addAll(schedulerThreads.awaitEnded(Duration.ofSeconds(5)));
            if (!alive.isEmpty()) {
                LOG.warn("SDK threads still running after close: {}", alive);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
