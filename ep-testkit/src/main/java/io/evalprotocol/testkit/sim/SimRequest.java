package io.evalprotocol.testkit.sim;

import java.util.Optional;

/** What a {@link FaultRule} predicate can see of an incoming generation request. */
public interface SimRequest {
    /** 1-based arrival order among generation requests ({@code /v1/chat/completions}, {@code /v1/completions}). */
    long ordinal();

    /**
     * 0-based count of earlier requests with the same path and byte-identical body: 0 on the first try, 1 on
     * the first retry. Lets a plan fail "the first two attempts of every row" deterministically under concurrency.
     */
    int attempt();

    /** The request path, e.g. {@code /v1/chat/completions}. */
    String path();

    /** A request header (case-insensitive name). */
    Optional<String> header(String name);

    /** The request body as UTF-8 text. */
    String body();
}
