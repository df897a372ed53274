package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.http.BodySink;
import io.evalprotocol.core.internal.http.BufferingSink;
import io.evalprotocol.core.internal.http.Redaction;
import io.evalprotocol.core.internal.http.Urls;
import io.evalprotocol.core.internal.sse.ChunkReader;
import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.errors.InvalidResponseException;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns a successful response (a buffered JSON body, or an event stream) into the output row: the
 * decode half of {@link RolloutEngine}, without HTTP, so that the same code can be driven from bytes in
 * memory ({@link #decodeBody}, {@link #decodeStream}: ep-benchmarks measures the engine's decode with them).
 */
public final class ResponseDecoder {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private final EngineConfig config;
    private final WireJson json;
    private final ExtractorPins pins;
    private final RowAssembler assembler;
    private final RolloutIds rolloutIds = new RolloutIds();
    private final RequestBody requests;
    /** The client's parameters alone: what a row records when no request could be made for it. */
    private final JsonObject completionParams;

    /** A decoder that redacts the client's API key from the response text it quotes in errors. */
    public ResponseDecoder(EngineConfig config) {
        this(config, Redaction.of(config.apiKey()));
    }

    ResponseDecoder(EngineConfig config, UnaryOperator<String> redactor) {
        this(config, new WireJson(config.maxJsonNestingDepth(), config.maxJsonStringLength(),
                config.maxJsonNumberLength(), redactor), redactor);
    }

    /** With a given body parser (tests compare the byte-slice and the token-copy paths of {@link WireJson}). */
    ResponseDecoder(EngineConfig config, WireJson json, UnaryOperator<String> redactor) {
        this.config = config;
        // ids-only rows keep no payload, so the reader need neither copy nor canonicalize it
        this.json = config.tokenTrace() == TokenTrace.IDS_ONLY ? json.withTransientPayloads() : json;
        this.completionParams = RecordedParams.of(config.model(), config.params());
        this.assembler = new RowAssembler(redactor, config.tokenTrace());
        this.requests = new RequestBody(config.params());
        // without the query: the shape is quoted in messages and logs, and extractors have no use for it
        this.pins = new ExtractorPins(config.registry(), config.selectionPolicy(), config.providerHint(),
                Urls.withoutQuery(config.baseUri()),
                (shape, extractor) -> extractor == null ? completionParams
                        : RecordedParams.of(config.model(), config.params(), requests.contribution(shape, extractor)));
    }

    ExtractorPins pins() {
        return pins;
    }

    /** Writes the requests whose responses this decoder reads. */
    RequestBody requests() {
        return requests;
    }

    /**
     * The {@link RecordedParams} of the client's parameters alone, for a row that failed before its request
     * could be made; every other row records its request's ({@link ExtractorPins.Request#completionParams}).
     */
    JsonObject completionParams() {
        return completionParams;
    }

    /** A fresh sink for one response to a request made with {@code pin}. */
    BodySink newSink(ExtractorPins.Pin pin, boolean streaming) {
        return streaming
                ? new StreamAssembler(json, new ChunkReader(config.maxJsonNestingDepth(), config.maxJsonStringLength(),
                        config.maxJsonNumberLength()), pin, config.params().n().orElse(1), config.maxResponseBytes(),
                        config.maxSseEventBytes(), config.maxTokenIds(), config.tokenTrace() != TokenTrace.IDS_ONLY)
                : new BufferingSink(config.maxResponseBytes(), "maxResponseBytes");
    }

    /**
     * The output row for {@code input} when the server answered with {@code body} (a JSON chat completion),
     * as {@link RolloutEngine} builds it.
     */
    public EvaluationRow decodeBody(EvaluationRow input, byte[] body) {
        return decode(input, body, false, "application/json");
    }

    /** Like {@link #decodeBody} for a streamed ({@code text/event-stream}) response. */
    public EvaluationRow decodeStream(EvaluationRow input, byte[] sse) {
        return decode(input, sse, true, "text/event-stream");
    }

    private EvaluationRow decode(EvaluationRow input, byte[] bytes, boolean streaming, String contentType) {
        ExtractorPins.Pin pin = pins.pin(config.model(), streaming);
        JsonObject params = pin.request().completionParams;
        BodySink sink = newSink(pin, streaming);
        sink.start(contentType, bytes.length);
        sink.data(ByteBuffer.wrap(bytes));
        sink.end();
        return toRow(input, input.messages(), sink, pin, params, System.nanoTime());
    }

    /** @param completionParams what the row records: those of its request ({@link ExtractorPins.Pin#request()}) */
    EvaluationRow toRow(EvaluationRow input, List<Message> messages, BodySink sink, ExtractorPins.Pin pin,
            JsonObject completionParams, long start) {
        JsonObject response;
        ExtractorPins.Decision decision;
        RowAssembler.TokenSource tokens;
        if (sink instanceof StreamAssembler) {
            StreamAssembler.Result s = ((StreamAssembler) sink).finish();
            if (s.jsonBody != null) {
                response = parseBody(s.jsonBody);
                decision = pin.forResponse(response);
                tokens = extracting(response, decision);
            } else {
                response = s.response;
                decision = s.decision;
                Map<Integer, ExtractedTokens> t = s.tokens;
                tokens = t::get;
            }
        } else {
            response = parseBody((BufferingSink) sink);
            decision = pin.forResponse(response);
            tokens = extracting(response, decision);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return assembler.assemble(input, messages, response, decision, tokens, config.requireTokenIds(), seconds,
                Instant.now(config.clock()), rolloutIds.next(), completionParams);
    }

    private JsonObject parseBody(BufferingSink body) {
        String ct = body.contentType();
        if (ct != null && !ct.isBlank()) {
            if (!isJson(ct)) {
                throw new InvalidResponseException("expected an application/json response but the server sent '"
                        + ct + "'; body starts with: " + json.excerpt(body.array(), 0, body.size()));
            }
        }
        return json.readObject(body.array(), 0, body.size(), "response body", true);
    }

    /**
     * Whether a Content-Type names JSON: {@code application/json...} or a {@code +json} suffix, ASCII letters in
     * any case. Checked on every response, so without lower-casing a copy of the header.
     */
    static boolean isJson(String contentType) {
        if (startsWithIgnoreAsciiCase(contentType, 0, "application/json")) {
            return true;
        }
        for (int i = contentType.indexOf('+'); i >= 0; i = contentType.indexOf('+', i + 1)) {
            if (startsWithIgnoreAsciiCase(contentType, i, "+json")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s} has {@code lowerCase} at {@code from}, comparing ASCII letters without case. */
    static boolean startsWithIgnoreAsciiCase(String s, int from, String lowerCase) {
        if (from + lowerCase.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = s.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private RowAssembler.TokenSource extracting(JsonObject response, ExtractorPins.Decision decision) {
        if (decision.extractor == null) {
            return index -> null;
        }
        ExtractionContext ctx = ExtractionContext.of(decision.shape, PROVIDER, config.maxTokenIds());
        TokenIdExtractor e = decision.extractor;
        return index -> {
            try {
                ExtractedTokens t = e.extract(response, index, ctx);
                if (t == null) {
                    throw new TokenIdExtractionException(e.id(), index, "extract() returned null");
                }
                return t;
            } catch (EpException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                throw new TokenIdExtractionException(e.id(), index, "extract() failed: " + ex, ex);
            }
        };
    }
}
