package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.core.internal.http.BodySink;
import io.evalprotocol.core.internal.http.BufferingSink;
import io.evalprotocol.core.internal.sse.ChunkJson;
import io.evalprotocol.core.internal.sse.ChunkReader;
import io.evalprotocol.core.internal.sse.PlainView;
import io.evalprotocol.core.internal.sse.SseEvent;
import io.evalprotocol.core.internal.sse.SseParser;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.internal.wire.CompactJson;
import io.evalprotocol.core.internal.wire.CompactMembers;
import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.errors.InvalidResponseException;
import io.evalprotocol.errors.SseStreamException;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.TokenIdAccumulator;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consumes a streamed chat completion as its bytes arrive: SSE events are parsed one by one, the deltas
 * of every choice are assembled (content, reasoning, tool calls, per-chunk logprobs concatenated into one
 * provider-shaped object), and every chunk is fed to the pinned extractor's per-choice accumulators. At
 * the end, {@link #finish()} returns the equivalent non-streamed response body and the ids of each choice,
 * so a streamed rollout yields the same row as a non-streamed one.
 *
 * <p>Runs on an HttpClient I/O thread until the body ends; {@link #finish()} runs afterwards on a worker.
 */
final class StreamAssembler implements BodySink {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final int MAX_PENDING_CHUNKS = 64;

    private enum Mode { SSE, JSON, WRONG_TYPE }

    private final WireJson json;
    private final ChunkReader chunks;
    private final ExtractorPins.Pin pin;
    private final int requestedN;
    private final long maxResponseBytes;
    private final int maxTokenIds;
    private final boolean keepLogprobs;
    private final SseParser parser;

    private Mode mode = Mode.SSE;
    private String contentType;
    private BufferingSink fallback;
    private long bytes;
    private int events;
    private boolean done;
    /** Whether plain chunks are read typed ({@link PlainView}); set once the extractor is known. */
    private boolean plain;
    /** Tests turn plain chunks off to compare both paths. */
    private boolean plainAllowed = true;
    /** Events read as plain chunks, and of those read in place (tests check that the paths they compare are taken). */
    private int plainEvents;
    private int inPlaceEvents;

    private final List<JsonObject> pending = new ArrayList<>();
    private ExtractorPins.Decision decision;
    private TokenIdAccumulator[] accumulators;

    private JsonObjectBuilder top;
    private boolean sawTop;
    private JsonValue usage;
    private JsonValue promptTokenIds;
    private final TreeMap<Integer, ChoiceState> choices = new TreeMap<>();
    /** The same states by index (below {@code requestedN}), for the lookup every chunk makes. */
    private ChoiceState[] byIndex = new ChoiceState[1];

    /**
     * @param keepLogprobs whether the rows keep the provider's logprobs payload, so that the chunks' logprobs must
     *     be merged into the assembled response; ids-only rows ({@code TokenTrace.IDS_ONLY}) take theirs from the
     *     accumulators
     */
    StreamAssembler(WireJson json, ChunkReader chunks, ExtractorPins.Pin pin, int requestedN, long maxResponseBytes,
            int maxSseEventBytes, int maxTokenIds, boolean keepLogprobs) {
        this.keepLogprobs = keepLogprobs;
        this.json = json;
        this.chunks = chunks;
        this.pin = pin;
        this.requestedN = requestedN;
        this.maxResponseBytes = maxResponseBytes;
        this.maxTokenIds = maxTokenIds;
        this.parser = new SseParser(maxSseEventBytes, new SseParser.Listener() {
            @Override
            public void onEvent(SseEvent event) {
                StreamAssembler.this.onEvent(event);
            }

            @Override
            public int onEventInPlace(byte[] buf, int from, int limit) {
                return StreamAssembler.this.onEventInPlace(buf, from, limit);
            }
        });
    }

    int plainEvents() {
        return plainEvents;
    }

    int inPlaceEvents() {
        return inPlaceEvents;
    }

    /** Reads every chunk through JSON-P (tests compare that with the plain path). */
    void readPlainChunks(boolean allowed) {
        plainAllowed = allowed;
    }

    @Override
    public void start(String contentType, long contentLength) {
        this.contentType = contentType;
        String mime = contentType == null ? "" : contentType;
        if (ResponseDecoder.startsWithIgnoreAsciiCase(mime, 0, "text/event-stream")) {
            mode = Mode.SSE;
        } else if (ResponseDecoder.isJson(mime)) {
            // The server ignored stream=true and answered with one body: read it as a normal response.
            mode = Mode.JSON;
            fallback = new BufferingSink(maxResponseBytes, "maxResponseBytes");
            fallback.start(contentType, contentLength);
        } else {
            // Keep a little for the error message; anything else is not a stream we can read.
            mode = Mode.WRONG_TYPE;
            fallback = new BufferingSink(Long.MAX_VALUE, "maxResponseBytes");
        }
    }

    @Override
    public void data(ByteBuffer data) {
        bytes += data.remaining();
        if (mode == Mode.WRONG_TYPE) {
            if (fallback.size() < 2048) {
                ByteBuffer slice = data.slice();
                slice.limit(Math.min(slice.remaining(), 2048 - fallback.size()));
                fallback.data(slice);
            }
            data.position(data.limit());
            return;
        }
        if (mode == Mode.JSON) {
            fallback.data(data);
            return;
        }
        if (bytes > maxResponseBytes) {
            throw new InvalidResponseException("streamed response exceeds the limit of " + maxResponseBytes
                    + " bytes after " + events + " events; raise maxResponseBytes with"
                    + " EpClient.builder().maxResponseBytes(...)");
        }
        parser.feed(data);
    }

    @Override
    public void end() {
        // Nothing to do on the I/O thread; finish() checks for truncation.
    }

    /** A plain chunk read where it stands in the network buffer (see {@link SseParser.Listener#onEventInPlace}). */
    private int onEventInPlace(byte[] buf, int from, int limit) {
        if (done || !plain) {
            return -1;
        }
        PlainView p = chunks.readPlainInPlace(buf, from, limit);
        if (p == null) {
            return -1;
        }
        events++;
        inPlaceEvents++;
        onPlain(p);
        return p.length();
    }

    private void onEvent(SseEvent e) {
        if (done) {
            return; // nothing after [DONE] counts
        }
        events++;
        if ("error".equals(e.type())) {
            throw new SseStreamException("the server sent an error event after " + (events - 1) + " events: "
                    + json.excerpt(e.dataArray(), e.offset(), e.length()));
        }
        if (e.isDone()) {
            done = true;
            return;
        }
        if (plain) {
            PlainView p = chunks.readPlain(e.dataArray(), e.offset(), e.length());
            if (p != null) {
                onPlain(p);
                return;
            }
        }
        // the fast reader takes well-formed events; WireJson reads the rest, and words the error if there is one
        JsonObject chunk = chunks.read(e.dataArray(), e.offset(), e.length());
        if (chunk == null) {
            chunk = json.readEvent(e.dataArray(), e.offset(), e.length(), events);
        }
        JsonValue error = chunk.get("error");
        boolean errorObject = "error".equals(stringOrNull(chunk.get("object")));
        if ((error != null && error.getValueType() != JsonValue.ValueType.NULL) || errorObject) {
            throw new SseStreamException("the server reported an error in stream event " + events + ": "
                    + errorText(error != null && error.getValueType() != JsonValue.ValueType.NULL ? error : chunk));
        }
        onChunk(chunk);
    }

    private static String errorText(JsonValue error) {
        if (error instanceof JsonObject) {
            JsonObject o = (JsonObject) error;
            String message = stringOrNull(o.get("message"));
            JsonValue code = o.get("code") != null ? o.get("code") : o.get("type");
            String c = code == null || code.getValueType() == JsonValue.ValueType.NULL ? null
                    : code instanceof JsonString ? ((JsonString) code).getString() : code.toString();
            if (message != null) {
                return message + (c == null ? "" : " (code: " + c + ")");
            }
        }
        if (error instanceof JsonString) {
            return ((JsonString) error).getString();
        }
        String s = error.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private void onChunk(JsonObject chunk) {
        if (!sawTop) {
            sawTop = true;
            top = PROVIDER.createObjectBuilder();
            copyIfPresent(chunk, "id");
            top.add("object", "chat.completion");
            copyIfPresent(chunk, "created");
            copyIfPresent(chunk, "model");
            copyIfPresent(chunk, "system_fingerprint");
        }
        JsonValue u = chunk.get("usage");
        if (u instanceof JsonObject) {
            usage = u;
        }
        JsonValue p = chunk.get("prompt_token_ids");
        if (promptTokenIds == null && p instanceof JsonArray) {
            promptTokenIds = p;
        }
        JsonValue cv = chunk.get("choices");
        boolean hasChoices = cv instanceof JsonArray && !((JsonArray) cv).isEmpty();
        if (decision == null) {
            if (hasChoices) {
                decide(chunk);
            } else {
                if (pending.size() >= MAX_PENDING_CHUNKS) {
                    throw new SseStreamException("the stream sent " + MAX_PENDING_CHUNKS
                            + " chunks without any choices");
                }
                pending.add(chunk);
                return;
            }
        }
        feed(chunk);
        if (hasChoices) {
            for (JsonValue v : (JsonArray) cv) {
                if (v instanceof JsonObject) {
                    mergeChoice((JsonObject) v);
                }
            }
        }
    }

    /**
     * A plain chunk ({@link io.evalprotocol.spi.PlainChunk}), with the same effect as {@link #onChunk} on its JSON-P:
     * it has no usage, prompt ids or error, and one choice whose delta holds only content and role.
     */
    private void onPlain(PlainView p) {
        plainEvents++;
        if (accumulators != null) {
            for (int i = 0; i < accumulators.length; i++) {
                try {
                    accumulators[i].acceptPlain(p);
                } catch (EpException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new TokenIdExtractionException(decision.extractor.id(), i, "accumulator failed on stream"
                            + " event " + events + ": " + e, e);
                }
            }
        }
        ChoiceState s = state(p.choiceIndex());
        if (p.deltaObject()) {
            s.delta(p.deltaRole(), p.content());
        }
        if (keepLogprobs && p.hasLogprobs()) {
            s.logprobs.addContent(p.text(), p.contentFrom(), p.contentTo());
        }
        JsonValue finish = p.finishValue();
        if (finish instanceof JsonString) {
            // decoded now: the view may refer to the network buffer
            s.finishReason = (JsonString) ChunkJson.standard(finish);
        }
    }

    private void copyIfPresent(JsonObject chunk, String key) {
        JsonValue v = chunk.get(key);
        if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
            top.add(key, ChunkJson.standard(v));
        }
    }

    private void decide(JsonObject firstWithChoices) {
        decision = pin.forResponse(firstWithChoices);
        if (decision.extractor != null) {
            ExtractionContext ctx = ExtractionContext.of(decision.shape, PROVIDER, maxTokenIds);
            accumulators = new TokenIdAccumulator[requestedN];
            for (int i = 0; i < requestedN; i++) {
                try {
                    accumulators[i] = decision.extractor.newAccumulator(i, ctx);
                } catch (EpException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new TokenIdExtractionException(decision.extractor.id(), i, "newAccumulator() failed: " + e, e);
                }
            }
        }
        for (JsonObject c : pending) {
            feed(c);
        }
        pending.clear();
        // plain chunks skip JSON-P when every accumulator reads them typed
        plain = plainAllowed;
        if (accumulators != null) {
            for (TokenIdAccumulator a : accumulators) {
                plain &= a.readsPlainChunks();
            }
        }
        if (plain) {
            chunks.readPlainChunks(json);
        }
    }

    private void feed(JsonObject chunk) {
        if (accumulators == null) {
            return;
        }
        for (int i = 0; i < accumulators.length; i++) {
            try {
                accumulators[i].accept(chunk);
            } catch (EpException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TokenIdExtractionException(decision.extractor.id(), i, "accumulator failed on stream event "
                        + events + ": " + e, e);
            }
        }
    }

    private void mergeChoice(JsonObject c) {
        JsonValue iv = c.get("index");
        // by value type, not instanceof: an interface check on the same few classes every chunk is not free
        int index = iv != null && iv.getValueType() == JsonValue.ValueType.NUMBER ? ((JsonNumber) iv).intValue() : 0;
        ChoiceState s = state(index);
        JsonValue delta = c.get("delta");
        if (delta instanceof JsonObject) {
            s.delta((JsonObject) delta);
        }
        if (keepLogprobs) {
            JsonValue lp = c.get("logprobs");
            if (lp instanceof JsonObject) {
                s.logprobs.add((JsonObject) lp);
            }
        }
        JsonValue finish = c.get("finish_reason");
        if (finish instanceof JsonString) {
            s.finishReason = (JsonString) finish;
        }
        JsonValue stop = c.get("stop_reason");
        if (stop != null && stop.getValueType() != JsonValue.ValueType.NULL) {
            s.stopReason = stop;
        }
    }

    /** The state of choice {@code index}, made on first use. */
    private ChoiceState state(int index) {
        if (index < 0 || index >= requestedN) {
            throw new SseStreamException("stream event " + events + " has choice index " + index
                    + " but the request asked for n=" + requestedN);
        }
        ChoiceState s = index < byIndex.length ? byIndex[index] : null;
        if (s == null) {
            s = choices.computeIfAbsent(index, ChoiceState::new);
            if (index >= byIndex.length) {
                byIndex = java.util.Arrays.copyOf(byIndex, Math.max(index + 1, byIndex.length * 2));
            }
            byIndex[index] = s;
        }
        return s;
    }

    /** The outcome of a finished stream. */
    static final class Result {
        /** The body when the server answered with plain JSON instead of a stream; else null. */
        final BufferingSink jsonBody;
        final JsonObject response;
        final ExtractorPins.Decision decision;
        final Map<Integer, ExtractedTokens> tokens;

        Result(BufferingSink jsonBody, JsonObject response, ExtractorPins.Decision decision,
                Map<Integer, ExtractedTokens> tokens) {
            this.jsonBody = jsonBody;
            this.response = response;
            this.decision = decision;
            this.tokens = tokens;
        }
    }

    /**
     * Checks that the stream ended properly and builds the equivalent response.
     *
     * @throws SseStreamException when the stream was cut short
     * @throws InvalidResponseException when the body was not an event stream at all
     */
    Result finish() {
        if (mode == Mode.JSON) {
            return new Result(fallback, null, null, null);
        }
        if (mode == Mode.WRONG_TYPE) {
            throw new InvalidResponseException("expected a text/event-stream response to a streaming request but the"
                    + " server sent " + (contentType == null ? "no Content-Type" : "'" + contentType + "'")
                    + "; body starts with: " + json.excerpt(fallback.array(), 0, fallback.size()));
        }
        boolean partial = parser.end();
        if (!done && (partial || choices.isEmpty() || !allFinished())) {
            throw new SseStreamException("the stream ended before 'data: [DONE]' after " + events + " events and "
                    + bytes + " bytes" + (partial ? ", in the middle of an event" : "")
                    + "; the response is incomplete");
        }
        if (choices.isEmpty()) {
            throw new InvalidResponseException("the stream carried no choices (" + events + " events)");
        }
        Map<Integer, ExtractedTokens> tokens = new LinkedHashMap<>();
        if (accumulators != null) {
            for (int i = 0; i < accumulators.length; i++) {
                try {
                    tokens.put(i, accumulators[i].finish());
                } catch (EpException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new TokenIdExtractionException(decision.extractor.id(), i, "accumulator finish() failed: " + e, e);
                }
            }
        }
        JsonArrayBuilder cs = PROVIDER.createArrayBuilder();
        for (ChoiceState s : choices.values()) {
            cs.add(s.toJson());
        }
        top.add("choices", cs);
        if (usage != null) {
            top.add("usage", ChunkJson.standard(usage));
        }
        if (promptTokenIds != null) {
            top.add("prompt_token_ids", ChunkJson.standard(promptTokenIds));
        }
        return new Result(null, top.build(), decision, tokens);
    }

    private boolean allFinished() {
        for (ChoiceState s : choices.values()) {
            if (s.finishReason == null) {
                return false;
            }
        }
        return true;
    }

    private static String stringOrNull(JsonValue v) {
        return v instanceof JsonString ? ((JsonString) v).getString() : null;
    }

    private static final String[] REASONING_KEYS = {"reasoning_content", "reasoning"};

    /** The deltas of one choice, assembled. */
    private static final class ChoiceState {
        final int index;
        String role;
        StringBuilder content;
        StringBuilder reasoning;
        String reasoningKey;
        final TreeMap<Integer, ToolCallState> toolCalls = new TreeMap<>();
        final LogprobsMerger logprobs = new LogprobsMerger();
        JsonString finishReason;
        JsonValue stopReason;

        ChoiceState(int index) {
            this.index = index;
        }

        /** A delta with only {@code role} and {@code content} (each null when absent or not a string). */
        void delta(String r, String c) {
            if (r != null && role == null) {
                role = r;
            }
            if (c != null) {
                (content == null ? content = new StringBuilder() : content).append(c);
            }
        }

        void delta(JsonObject d) {
            if (d instanceof ChunkJson.Obj && d.size() == 1 && ((ChunkJson.Obj) d).keyAt(0) == "content") {
                // the usual delta of a long stream: one more piece of text
                String c = stringOrNull(((ChunkJson.Obj) d).valueAt(0));
                if (c != null) {
                    (content == null ? content = new StringBuilder() : content).append(c);
                }
                return;
            }
            String r = stringOrNull(d.get("role"));
            if (r != null && role == null) {
                role = r;
            }
            String c = stringOrNull(d.get("content"));
            if (c != null) {
                (content == null ? content = new StringBuilder() : content).append(c);
            }
            for (String key : REASONING_KEYS) {
                String t = stringOrNull(d.get(key));
                if (t != null) {
                    if (reasoningKey == null) {
                        reasoningKey = key;
                    }
                    (reasoning == null ? reasoning = new StringBuilder() : reasoning).append(t);
                    break;
                }
            }
            JsonValue tc = d.get("tool_calls");
            if (tc instanceof JsonArray) {
                int pos = 0;
                for (JsonValue v : (JsonArray) tc) {
                    if (v instanceof JsonObject) {
                        JsonObject o = (JsonObject) v;
                        int i = o.get("index") instanceof JsonNumber ? ((JsonNumber) o.get("index")).intValue() : pos;
                        toolCalls.computeIfAbsent(i, k -> new ToolCallState()).delta(o);
                    }
                    pos++;
                }
            }
        }

        JsonObject toJson() {
            JsonObjectBuilder m = PROVIDER.createObjectBuilder().add("role", role == null ? "assistant" : role);
            if (content == null) {
                m.addNull("content");
            } else {
                m.add("content", content.toString());
            }
            if (reasoning != null) {
                m.add(reasoningKey, reasoning.toString());
            }
            if (!toolCalls.isEmpty()) {
                JsonArrayBuilder a = PROVIDER.createArrayBuilder();
                toolCalls.values().forEach(t -> a.add(t.toJson()));
                m.add("tool_calls", a);
            }
            JsonObjectBuilder c = PROVIDER.createObjectBuilder().add("index", index).add("message", m);
            JsonValue lp = logprobs.result();
            if (lp == null) {
                c.addNull("logprobs");
            } else {
                c.add("logprobs", lp);
            }
            if (finishReason == null) {
                c.addNull("finish_reason");
            } else {
                c.add("finish_reason", ChunkJson.standard(finishReason));
            }
            if (stopReason != null) {
                c.add("stop_reason", ChunkJson.standard(stopReason));
            }
            return c.build();
        }
    }

    private static final class ToolCallState {
        String id;
        String type;
        StringBuilder name;
        final StringBuilder arguments = new StringBuilder();

        void delta(JsonObject o) {
            String i = stringOrNull(o.get("id"));
            if (i != null && id == null) {
                id = i;
            }
            String t = stringOrNull(o.get("type"));
            if (t != null && type == null) {
                type = t;
            }
            JsonValue f = o.get("function");
            if (f instanceof JsonObject) {
                String n = stringOrNull(((JsonObject) f).get("name"));
                if (n != null) {
                    if (name == null) {
                        name = new StringBuilder(n);
                    } else if (!name.toString().equals(n)) {
                        name.append(n);
                    }
                }
                String a = stringOrNull(((JsonObject) f).get("arguments"));
                if (a != null) {
                    arguments.append(a);
                }
            }
        }

        JsonObject toJson() {
            JsonObjectBuilder b = PROVIDER.createObjectBuilder();
            if (id != null) {
                b.add("id", id);
            }
            b.add("type", type == null ? "function" : type);
            b.add("function", PROVIDER.createObjectBuilder()
                    .add("name", name == null ? "" : name.toString())
                    .add("arguments", arguments.toString()));
            return b.build();
        }
    }

    /**
     * Concatenates the per-chunk logprobs objects of one choice into one object of the provider's shape:
     * array members (e.g. {@code content}, {@code refusal}) are concatenated in arrival order, other members
     * keep their last non-null value, and member order is that of first appearance. Works on the exact
     * text of the chunks' payloads, so nothing is decoded and every number keeps its text: a chunk read by
     * {@link ChunkReader} lends the text of its arrays as it stands in the event when that is already compact
     * text, so a 16k-token stream appends 16k slices to one buffer and builds no entry objects.
     */
    static final class LogprobsMerger {
        private static final byte[] NULL = {'n', 'u', 'l', 'l'};

        /** Member name to its concatenated array items ({@link Items}) or its last value's text. */
        private final LinkedHashMap<String, Object> members = new LinkedHashMap<>();
        private boolean seen;

        void add(JsonObject chunkLogprobs) {
            seen = true;
            if (chunkLogprobs instanceof ChunkJson.Obj) {
                ChunkJson.Obj o = (ChunkJson.Obj) chunkLogprobs;
                for (int i = 0; i < o.size(); i++) {
                    JsonValue v = o.valueAt(i);
                    if (v instanceof ChunkJson.Spanned && ((ChunkJson.Spanned) v).canonical()) {
                        ChunkJson.Spanned s = (ChunkJson.Spanned) v;
                        member(o.keyAt(i), s.source(), s.from(), s.to());
                    } else if (v.getValueType() == JsonValue.ValueType.NULL) {
                        member(o.keyAt(i), NULL, 0, NULL.length);
                    } else {
                        byte[] t = new CompactJson(64).value(v).toByteArray();
                        member(o.keyAt(i), t, 0, t.length);
                    }
                }
                return;
            }
            if (chunkLogprobs instanceof RawJsonValue) {
                RawJsonSupport.Access raw = RawJsonSupport.access();
                RawJsonValue v = (RawJsonValue) chunkLogprobs;
                byte[] text = raw.array(v);
                int from = raw.offset(v);
                // compact text of an object: {"name":value,...}
                int i = from + 1;
                if (text[i] == '}') {
                    return;
                }
                while (true) {
                    int ke = raw.skipStringBody(text, i + 1);
                    int vs = ke + 1;
                    int ve = raw.skipValue(text, vs);
                    member(name(text, i + 1, ke - 1), text, vs, ve);
                    if (text[ve] == '}') {
                        return;
                    }
                    i = ve + 1;
                }
            }
            byte[] text = new CompactJson().value(chunkLogprobs).toByteArray();
            CompactMembers.forEach(text, 0, text.length, (json, ks, ke, vs, ve) ->
                    member(ChunkJson.decodeString(json, ks + 1, ke - 1), json, vs, ve));
        }

        /** Adds a chunk's {@code {"content":[...]}} whose array is the canonical text {@code text[from, to)}. */
        void addContent(byte[] text, int from, int to) {
            seen = true;
            member("content", text, from, to);
        }

        /** Names seen so far with their text, so that a chunk's names are compared, not decoded. */
        private byte[][] nameText = new byte[4][];
        private String[] names = new String[4];
        private int nameCount;

        /** The name whose quoted text (without the quotes) is {@code text[from, to)}. */
        private String name(byte[] text, int from, int to) {
            for (int k = 0; k < nameCount; k++) {
                byte[] t = nameText[k];
                if (java.util.Arrays.equals(t, 0, t.length, text, from, to)) {
                    return names[k];
                }
            }
            String n = ChunkJson.decodeString(text, from, to);
            if (nameCount == names.length) {
                names = java.util.Arrays.copyOf(names, nameCount * 2);
                nameText = java.util.Arrays.copyOf(nameText, nameCount * 2);
            }
            names[nameCount] = n;
            nameText[nameCount++] = java.util.Arrays.copyOfRange(text, from, to);
            return n;
        }

        /** One member whose value is the compact text {@code json[vs, ve)}. */
        private void member(String key, byte[] json, int vs, int ve) {
            Object current = members.get(key);
            if (json[vs] == '[') {
                Items items;
                if (current instanceof Items) {
                    items = (Items) current;
                } else {
                    items = new Items();
                    members.put(key, items);
                }
                if (ve - vs > 2) {
                    items.append(json, vs + 1, ve - 1);
                }
            } else if (ve - vs == 4 && json[vs] == 'n') {
                members.putIfAbsent(key, NULL);
            } else if (!(current instanceof Items)) {
                members.put(key, java.util.Arrays.copyOfRange(json, vs, ve));
            }
        }

        /** The merged object as exact text, or null when no chunk carried logprobs. */
        JsonValue result() {
            if (!seen) {
                return null;
            }
            // the exact size first, so that the text is written once, into the array the value keeps
            byte[][] keys = new byte[members.size()][];
            long size = 2 + Math.max(0, members.size() - 1);
            int i = 0;
            for (Map.Entry<String, Object> e : members.entrySet()) {
                keys[i] = new CompactJson(e.getKey().length() + 8).key(e.getKey()).toByteArray();
                Object v = e.getValue();
                size += keys[i++].length + (v instanceof Items ? ((Items) v).size + 2 : ((byte[]) v).length);
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidResponseException("merged stream logprobs exceed the largest array");
            }
            byte[] out = new byte[(int) size];
            int at = 0;
            out[at++] = '{';
            i = 0;
            for (Object v : members.values()) {
                if (i > 0) {
                    out[at++] = ',';
                }
                byte[] k = keys[i++];
                System.arraycopy(k, 0, out, at, k.length);
                at += k.length;
                if (v instanceof Items) {
                    out[at++] = '[';
                    at = ((Items) v).copyTo(out, at);
                    out[at++] = ']';
                } else {
                    byte[] t = (byte[]) v;
                    System.arraycopy(t, 0, out, at, t.length);
                    at += t.length;
                }
            }
            out[at] = '}';
            return RawJsonSupport.access().trusted(out);
        }

        /**
         * The comma-separated items of one array member, as text, in blocks of at most 64 KiB: a 16k-token stream
         * appends 16k slices, and one doubling array would copy them all again at every growth.
         */
        private static final class Items {
            private static final int BLOCK = 1 << 16;
            private static final byte[] COMMA = {','};

            private final List<byte[]> full = new ArrayList<>();
            private byte[] current = new byte[1024];
            private int used;
            /** All bytes, commas included. */
            long size;

            void append(byte[] src, int from, int to) {
                if (size + (to - from) + 1 > Integer.MAX_VALUE - 8) {
                    throw new InvalidResponseException("merged stream logprobs exceed the largest array");
                }
                if (size > 0) {
                    put(COMMA, 0, 1);
                }
                put(src, from, to);
            }

            private void put(byte[] src, int from, int to) {
                size += to - from;
                while (from < to) {
                    if (used == current.length) {
                        if (current.length < BLOCK) {
                            current = java.util.Arrays.copyOf(current, current.length * 2);
                        } else {
                            full.add(current);
                            current = new byte[BLOCK];
                            used = 0;
                        }
                    }
                    int n = Math.min(to - from, current.length - used);
                    System.arraycopy(src, from, current, used, n);
                    used += n;
                    from += n;
                }
            }

            /** Copies the items to {@code out} at {@code at}; returns the index after them. */
            int copyTo(byte[] out, int at) {
                for (byte[] b : full) {
                    System.arraycopy(b, 0, out, at, b.length);
                    at += b.length;
                }
                System.arraycopy(current, 0, out, at, used);
                return at + used;
            }
        }
    }
}
