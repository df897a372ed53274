package io.evalprotocol.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.evalprotocol.api.CompletionUsage;
import io.evalprotocol.api.ContentPart;
import io.evalprotocol.api.CostMetrics;
import io.evalprotocol.api.EvalMetadata;
import io.evalprotocol.api.EvaluateResult;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.EvaluationThreshold;
import io.evalprotocol.api.ExecutionMetadata;
import io.evalprotocol.api.FunctionCall;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.MetricResult;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.StepOutput;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.ToolCall;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads eval-protocol JSON into the ep-api model with a streaming {@link JsonParser}, one token at a time.
 *
 * <p>Free-form values (logprobs, raw_output, extra, unknown keys, ...) become {@link
 * io.evalprotocol.api.RawJsonValue}s: their tokens are copied into compact text with the number text kept
 * as written, so that writing the row back reproduces the input byte for byte. Errors are
 * {@link InvalidDataException}s naming the JSON path (and the JSONL line when known).
 *
 * <p>Not thread-safe (it reuses a capture buffer); create one per thread or per stream.
 */
public final class ModelReader {
    private static final RawJsonSupport.Access RAW = RawJsonSupport.access();

    private final JsonProvider provider = JsonSupport.jsonProvider();
    private final ByteArrayBuilder captureBuffer = new ByteArrayBuilder(4096);
    private JsonGenerator capture;
    private int[] idBuffer = new int[256];
    private long line = -1;
    private byte[] source;
    private int sourceOffset;
    private boolean pythonNumbers;

    /** Sets the 1-based JSONL line that errors report; -1 for none. */
    public ModelReader line(long line) {
        this.line = line;
        return this;
    }

    /**
     * When on, numbers in free-form values are re-spelled as Python writes them after {@code json.loads}:
     * integers as integers ({@code -0} becomes {@code 0}), floats through {@link PythonFloats}
     * ({@code 1.0E-5} becomes {@code 0.00001}), floats beyond the double range as {@code null}. Meant for
     * provider responses, so that a row written from a response matches the row Python eval-protocol
     * writes for the same response. Off by default: rows read back keep their text.
     */
    public ModelReader pythonNumbers(boolean on) {
        this.pythonNumbers = on;
        return this;
    }

    /**
     * Tells the reader that the parser reads {@code bytes} from {@code offset}, so that free-form values
     * already in canonical form can be taken as a slice of the input instead of token by token.
     * {@code null} turns this off (for parsers over other sources).
     */
    public ModelReader source(byte[] bytes, int offset) {
        this.source = bytes;
        this.sourceOffset = offset;
        return this;
    }

    // ---------------------------------------------------------------- entry points

    /** Reads exactly one row from {@code p} (positioned before it), failing on trailing content. */
    public EvaluationRow readSingleRow(JsonParser p) {
        try {
            p.nextToken();
            EvaluationRow row = readRow(p);
            requireEnd(p);
            return row;
        } catch (IOException e) {
            throw translate(p, e);
        }
    }

    /** Reads exactly one message from {@code p} (positioned before it), failing on trailing content. */
    public Message readSingleMessage(JsonParser p) {
        try {
            p.nextToken();
            Message m = readMessage(p);
            requireEnd(p);
            return m;
        } catch (IOException e) {
            throw translate(p, e);
        }
    }

    /** Reads exactly one JSON value, keeping its text (see {@link #readValue(JsonParser)}). */
    public JsonValue readSingleValue(JsonParser p) {
        try {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw JsonSupport.invalid(p, line, "no JSON value: empty input");
            }
            JsonValue v = readValue(p);
            requireEnd(p);
            return v;
        } catch (IOException e) {
            throw translate(p, e);
        }
    }

    private void requireEnd(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != null) {
            throw new InvalidDataException("unexpected " + JsonSupport.describe(t)
                    + " after the end of the JSON value", "$", line, null);
        }
    }

    /** Turns Jackson's exceptions into the SDK's, with the path of the token where parsing stopped. */
    InvalidDataException translate(JsonParser p, IOException e) {
        if (e instanceof JsonParseException || e instanceof StreamConstraintsException
                || e instanceof InputCoercionException) {
            String msg = e instanceof com.fasterxml.jackson.core.JacksonException
                    ? ((com.fasterxml.jackson.core.JacksonException) e).getOriginalMessage() : e.getMessage();
            long column = p.currentLocation().getColumnNr();
            return new InvalidDataException("malformed JSON" + (column > 0 ? " at column " + column : "") + ": "
                    + msg, JsonSupport.path(p), line, e);
        }
        if (e instanceof CharConversionException) {
            return encodingError((CharConversionException) e, line);
        }
        throw new EpIoException("I/O error reading JSON: " + e.getMessage(), e);
    }

    /**
     * Jackson guessed UTF-16/32 from NUL bytes near the start and then met an impossible character or byte
     * order (while creating the parser or while reading): the input is corrupt text, not a failing stream.
     */
    public static InvalidDataException encodingError(CharConversionException e, long line) {
        return new InvalidDataException("malformed JSON: not UTF-8 text (" + e.getMessage() + ")", "$", line, e);
    }

    // ---------------------------------------------------------------- row

    /** Reads a row; {@code p} is on its {@code START_OBJECT}. */
    public EvaluationRow readRow(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "an EvaluationRow object");
        EvaluationRow.Builder b = EvaluationRow.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "messages":
                    if (t != JsonToken.VALUE_NULL) {
                        expect(p, JsonToken.START_ARRAY, "a list of messages");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            b.addMessage(readMessage(p));
                        }
                    }
                    break;
                case "tools":
                    b.tools(readObjectListOrNull(p));
                    break;
                case "input_metadata":
                    b.inputMetadata(t == JsonToken.VALUE_NULL ? null : readInputMetadata(p));
                    break;
                case "rollout_status":
                    b.rolloutStatus(t == JsonToken.VALUE_NULL ? null : readStatus(p));
                    break;
                case "ground_truth":
                    b.groundTruth(readValue(p));
                    break;
                case "evaluation_result":
                    b.evaluationResult(t == JsonToken.VALUE_NULL ? null : readEvaluateResult(p));
                    break;
                case "execution_metadata":
                    b.executionMetadata(t == JsonToken.VALUE_NULL ? null : readExecutionMetadata(p));
                    break;
                case "created_at":
                    b.createdAt(readDateTimeOrNull(p));
                    break;
                case "eval_metadata":
                    b.evalMetadata(t == JsonToken.VALUE_NULL ? null : readEvalMetadata(p));
                    break;
                case "pid":
                    b.pid(readLongOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return b.build();
    }

    // ---------------------------------------------------------------- message

    /** Reads a message; {@code p} is on its {@code START_OBJECT}. */
    public Message readMessage(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a message object");
        // An absent `content` stays absent (Python would default it to ""), so that a message Python wrote
        // with content=None is written back as it was.
        Message.Builder b = Message.builder().content(null);
        boolean hasRole = false;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "role":
                    b.role(readString(p));
                    hasRole = true;
                    break;
                case "content":
                    if (t == JsonToken.VALUE_NULL) {
                        b.content(null);
                    } else if (t == JsonToken.VALUE_STRING) {
                        b.content(p.getText());
                    } else if (t == JsonToken.START_ARRAY) {
                        List<ContentPart> parts = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            parts.add(readContentPart(p));
                        }
                        b.contentParts(parts);
                    } else {
                        throw typeError(p, "a string, a list of content parts or null");
                    }
                    break;
                case "reasoning_content":
                    b.reasoningContent(readStringOrNull(p));
                    break;
                case "name":
                    b.name(readStringOrNull(p));
                    break;
                case "tool_call_id":
                    b.toolCallId(readStringOrNull(p));
                    break;
                case "tool_calls":
                    if (t == JsonToken.VALUE_NULL) {
                        b.toolCalls(null);
                    } else {
                        expect(p, JsonToken.START_ARRAY, "a list of tool calls or null");
                        List<ToolCall> calls = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            calls.add(readToolCall(p));
                        }
                        b.toolCalls(calls);
                    }
                    break;
                case "function_call":
                    b.functionCall(t == JsonToken.VALUE_NULL ? null : readFunctionCall(p));
                    break;
                case "control_plane_step":
                    b.controlPlaneStep(readObjectOrNull(p));
                    break;
                case "weight":
                    b.weight(readLongOrNull(p));
                    break;
                case "logprobs":
                    b.logprobs(readValue(p));
                    break;
                case "token_ids":
                    b.tokenIds(t == JsonToken.VALUE_NULL ? null : readTokenIds(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        if (!hasRole) {
            throw new InvalidDataException("message has no `role`", JsonSupport.path(p), line, null);
        }
        try {
            return b.build();
        } catch (InvalidDataException | IllegalStateException | IllegalArgumentException e) {
            throw new InvalidDataException(e.getMessage(), JsonSupport.path(p), line, e);
        }
    }

    /** Token ids straight into an {@code int[]}: non-negative 32-bit integers only. */
    private TokenIds readTokenIds(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "a list of token ids or null");
        int[] buf = idBuffer;
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw typeError(p, "a token id (a non-negative integer)");
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                throw JsonSupport.invalid(p, line, "token id " + p.getText()
                        + " does not fit in 32 bits");
            }
            int id = p.getIntValue();
            if (id < 0) {
                throw JsonSupport.invalid(p, line, "token id " + id
                        + " is negative; token ids must be non-negative (providers use -1 for a missing id)");
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
                idBuffer = buf;
            }
            buf[n++] = id;
        }
        return n == 0 ? TokenIds.empty() : TokenIds.wrap(Arrays.copyOf(buf, n));
    }

    private ContentPart readContentPart(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a content part object");
        ContentPart.Builder b = ContentPart.builder();
        String field;
        boolean hasType = false;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "type":
                    b.type(readString(p));
                    hasType = true;
                    break;
                case "text":
                    b.text(readStringOrNull(p));
                    break;
                case "image_url":
                    b.imageUrl(readObjectOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        if (!hasType) {
            // Python's text part defaults `type` to "text"
            b.type(ContentPart.TYPE_TEXT);
        }
        return build(p, b::build);
    }

    private ToolCall readToolCall(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a tool call object");
        ToolCall.Builder b = ToolCall.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "id":
                    b.id(readStringOrNull(p));
                    break;
                case "function":
                    b.function(t == JsonToken.VALUE_NULL ? null : readFunctionCall(p));
                    break;
                case "type":
                    b.type(readString(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    private FunctionCall readFunctionCall(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a function call object");
        FunctionCall.Builder b = FunctionCall.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "arguments":
                    b.arguments(readStringOrNull(p));
                    break;
                case "name":
                    b.name(readStringOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    // ---------------------------------------------------------------- row parts

    private InputMetadata readInputMetadata(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "an input_metadata object");
        InputMetadata.Builder b = InputMetadata.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "row_id":
                    b.rowId(readStringOrNull(p));
                    break;
                case "completion_params":
                    b.completionParams(readObjectOrNull(p));
                    break;
                case "dataset_info":
                    b.datasetInfo(readObjectOrNull(p));
                    break;
                case "session_data":
                    b.sessionData(readObjectOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return b.build();
    }

    /** Reads a status; {@code p} is on its {@code START_OBJECT}. */
    public Status readStatus(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a status object");
        Status.Builder b = Status.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "code":
                    b.code(readInt(p));
                    break;
                case "message":
                    b.message(readString(p));
                    break;
                case "details":
                    if (t != JsonToken.VALUE_NULL) {
                        b.details(readObjectListOrNull(p));
                    }
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    private EvaluateResult readEvaluateResult(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "an evaluation_result object");
        EvaluateResult.Builder b = EvaluateResult.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "score":
                    b.score(readDouble(p));
                    break;
                case "is_score_valid":
                    b.scoreValid(readBoolean(p));
                    break;
                case "reason":
                    b.reason(readStringOrNull(p));
                    break;
                case "metrics":
                    if (t != JsonToken.VALUE_NULL) {
                        expect(p, JsonToken.START_OBJECT, "an object of metrics");
                        String name;
                        while ((name = p.nextFieldName()) != null) {
                            p.nextToken();
                            b.putMetric(name, readMetricResult(p));
                        }
                    }
                    break;
                case "step_outputs":
                    if (t == JsonToken.VALUE_NULL) {
                        b.stepOutputs(null);
                    } else {
                        expect(p, JsonToken.START_ARRAY, "a list of step outputs or null");
                        List<StepOutput> steps = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            steps.add(readStepOutput(p));
                        }
                        b.stepOutputs(steps);
                    }
                    break;
                case "error":
                    b.error(readStringOrNull(p));
                    break;
                case "trajectory_info":
                    b.trajectoryInfo(readObjectOrNull(p));
                    break;
                case "final_control_plane_info":
                    b.finalControlPlaneInfo(readObjectOrNull(p));
                    break;
                case "agg_score":
                    b.aggScore(readDoubleOrNull(p));
                    break;
                case "standard_error":
                    b.standardError(readDoubleOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    private MetricResult readMetricResult(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a metric result object");
        MetricResult.Builder b = MetricResult.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "is_score_valid":
                    b.scoreValid(readBoolean(p));
                    break;
                case "score":
                    b.score(readDouble(p));
                    break;
                case "reason":
                    b.reason(readString(p));
                    break;
                case "data":
                    b.data(readObjectOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    private StepOutput readStepOutput(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a step output object");
        StepOutput.Builder b = StepOutput.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "step_index":
                    if (t == JsonToken.VALUE_STRING) {
                        b.stepIndex(p.getText());
                    } else {
                        b.stepIndex(readLong(p));
                    }
                    break;
                case "base_reward":
                    b.baseReward(readDouble(p));
                    break;
                case "terminated":
                    b.terminated(readBoolean(p));
                    break;
                case "control_plane_info":
                    b.controlPlaneInfo(readObjectOrNull(p));
                    break;
                case "metrics":
                    b.metrics(readObjectOrNull(p));
                    break;
                case "reason":
                    b.reason(readStringOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    private ExecutionMetadata readExecutionMetadata(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "an execution_metadata object");
        ExecutionMetadata.Builder b = ExecutionMetadata.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "invocation_id":
                    b.invocationId(readStringOrNull(p));
                    break;
                case "experiment_id":
                    b.experimentId(readStringOrNull(p));
                    break;
                case "rollout_id":
                    b.rolloutId(readStringOrNull(p));
                    break;
                case "run_id":
                    b.runId(readStringOrNull(p));
                    break;
                case "usage":
                    b.usage(t == JsonToken.VALUE_NULL ? null : readUsage(p));
                    break;
                case "cost_metrics":
                    b.costMetrics(t == JsonToken.VALUE_NULL ? null : readCostMetrics(p));
                    break;
                case "duration_seconds":
                    b.durationSeconds(readDoubleOrNull(p));
                    break;
                case "rollout_duration_seconds":
                    b.rolloutDurationSeconds(readDoubleOrNull(p));
                    break;
                case "eval_duration_seconds":
                    b.evalDurationSeconds(readDoubleOrNull(p));
                    break;
                case "experiment_duration_seconds":
                    b.experimentDurationSeconds(readDoubleOrNull(p));
                    break;
                case "extra":
                    b.extra(readObjectOrNull(p));
                    break;
                case "finish_reason":
                    b.finishReason(readStringOrNull(p));
                    break;
                case "tool_call_count":
                    b.toolCallCount(readLongOrNull(p));
                    break;
                case "raw_output":
                    b.rawOutput(readValue(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return b.build();
    }

    private CompletionUsage readUsage(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a usage object");
        CompletionUsage.Builder b = CompletionUsage.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "completion_tokens":
                    b.completionTokens(readLongOrNull(p));
                    break;
                case "prompt_tokens":
                    b.promptTokens(readLongOrNull(p));
                    break;
                case "total_tokens":
                    b.totalTokens(readLongOrNull(p));
                    break;
                case "completion_tokens_details":
                    b.completionTokensDetails(readObjectOrNull(p));
                    break;
                case "prompt_tokens_details":
                    b.promptTokensDetails(readObjectOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return b.build();
    }

    private CostMetrics readCostMetrics(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a cost_metrics object");
        CostMetrics.Builder b = CostMetrics.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "input_cost":
                    b.inputCost(readDoubleOrNull(p));
                    break;
                case "output_cost":
                    b.outputCost(readDoubleOrNull(p));
                    break;
                case "total_cost_dollar":
                    b.totalCostDollar(readDoubleOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return b.build();
    }

    private EvalMetadata readEvalMetadata(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "an eval_metadata object");
        EvalMetadata.Builder b = EvalMetadata.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "name":
                    b.name(readString(p));
                    break;
                case "description":
                    b.description(readStringOrNull(p));
                    break;
                case "version":
                    b.version(readStringOrNull(p));
                    break;
                case "status":
                    b.status(t == JsonToken.VALUE_NULL ? null : readStatus(p));
                    break;
                case "num_runs":
                    b.numRuns(readLong(p));
                    break;
                case "aggregation_method":
                    b.aggregationMethod(readString(p));
                    break;
                case "passed_threshold":
                    b.passedThreshold(t == JsonToken.VALUE_NULL ? null : readThreshold(p));
                    break;
                case "passed":
                    b.passed(t == JsonToken.VALUE_NULL ? null : readBoolean(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    private EvaluationThreshold readThreshold(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "a passed_threshold object");
        EvaluationThreshold.Builder b = EvaluationThreshold.builder();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "success":
                    b.success(readDouble(p));
                    break;
                case "standard_error":
                    b.standardError(readDoubleOrNull(p));
                    break;
                default:
                    b.putAdditionalProperty(field, readValue(p));
            }
        }
        return build(p, b::build);
    }

    // ---------------------------------------------------------------- free-form values

    /**
     * Reads the value at the current token as JSON-P. Objects, arrays and numbers come back as
     * {@link io.evalprotocol.api.RawJsonValue}s holding compact text with the number text kept as
     * written; NaN and the infinities (which only Python's json module writes) become {@code null}, as
     * Python writes them back.
     */
    public JsonValue readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING:
                return provider.createValue(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                String text = numberText(p, pythonNumbers);
                if (text == null) {
                    return JsonValue.NULL;
                }
                try {
                    return RAW.trusted(text.getBytes(StandardCharsets.ISO_8859_1));
                } catch (NumberFormatException e) {
                    // valid JSON grammar that BigDecimal cannot hold, e.g. 1e9999999999
                    throw JsonSupport.invalid(p, line, "the number " + text + " is out of range");
                }
            case VALUE_TRUE:
                return JsonValue.TRUE;
            case VALUE_FALSE:
                return JsonValue.FALSE;
            case VALUE_NULL:
                return JsonValue.NULL;
            case START_OBJECT:
            case START_ARRAY:
                return RAW.trusted(capture(p));
            default:
                throw typeError(p, "a JSON value");
        }
    }

    private byte[] capture(JsonParser p) throws IOException {
        if (source != null && !pythonNumbers) {
            long start = p.currentTokenLocation().getByteOffset();
            if (start >= 0) {
                p.skipChildren();
                long end = p.currentLocation().getByteOffset();
                int from = sourceOffset + (int) start;
                int to = sourceOffset + (int) end;
                if (isContainerSlice(from, to) && CanonicalJson.isCanonical(source, from, to)) {
                    // the common case for rows Python wrote: the input text is already what we would write
                    return Arrays.copyOfRange(source, from, to);
                }
                try (JsonParser sub = JsonSupport.factory().createParser(source, from, to - from)) {
                    sub.nextToken();
                    return copy(sub);
                }
            }
        }
        return copy(p);
    }

    /** A cheap guard that the offsets Jackson reported do frame one object or array. */
    private boolean isContainerSlice(int from, int to) {
        if (from < 0 || to > source.length || to - from < 2) {
            return false;
        }
        byte first = source[from];
        byte last = source[to - 1];
        return first == '{' && last == '}' || first == '[' && last == ']';
    }

    private byte[] copy(JsonParser p) throws IOException {
        JsonGenerator g = capture;
        if (g == null) {
            g = JsonSupport.factory().createGenerator(captureBuffer);
            capture = g;
        }
        copyStructure(p, g, pythonNumbers);
        g.flush();
        byte[] bytes = captureBuffer.toByteArray();
        captureBuffer.reset();
        return bytes;
    }

    /**
     * The text to write for the number at the current token: as written, or as Python spells it; null for
     * NaN and the infinities (and, when re-spelling, floats that overflow a double), which Python writes
     * as {@code null}.
     */
    private static String numberText(JsonParser p, boolean python) throws IOException {
        if (p.isNaN()) {
            return null;
        }
        if (!python) {
            return p.getText();
        }
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue().toString() : Long.toString(p.getLongValue());
        }
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? PythonFloats.format(d) : null;
    }

    /** Copies the structure at the current token (see {@link #numberText} for numbers). */
    static void copyStructure(JsonParser p, JsonGenerator g, boolean pythonNumbers) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case START_OBJECT:
                    g.writeStartObject();
                    depth++;
                    break;
                case START_ARRAY:
                    g.writeStartArray();
                    depth++;
                    break;
                case END_OBJECT:
                    g.writeEndObject();
                    depth--;
                    break;
                case END_ARRAY:
                    g.writeEndArray();
                    depth--;
                    break;
                case FIELD_NAME:
                    g.writeFieldName(p.currentName());
                    break;
                case VALUE_STRING:
                    g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    if (pythonNumbers) {
                        String text = numberText(p, true);
                        if (text == null) {
                            g.writeNull();
                        } else {
                            g.writeNumber(text);
                        }
                    } else if (p.isNaN()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    }
                    break;
                case VALUE_TRUE:
                    g.writeBoolean(true);
                    break;
                case VALUE_FALSE:
                    g.writeBoolean(false);
                    break;
                case VALUE_NULL:
                    g.writeNull();
                    break;
                default:
                    throw new IllegalStateException("unexpected token " + t);
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    private JsonObject readObjectOrNull(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw typeError(p, "an object or null");
        }
        return (JsonObject) readValue(p);
    }

    private List<JsonObject> readObjectListOrNull(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY, "a list of objects or null");
        List<JsonObject> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw typeError(p, "an object");
            }
            list.add((JsonObject) readValue(p));
        }
        return list;
    }

    // ---------------------------------------------------------------- scalars

    private String readString(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw typeError(p, "a string");
        }
        return p.getText();
    }

    private String readStringOrNull(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw typeError(p, "a string or null");
        }
        return p.getText();
    }

    private boolean readBoolean(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw typeError(p, "a boolean");
    }

    private double readDouble(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        throw typeError(p, "a number");
    }

    private Double readDoubleOrNull(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : readDouble(p);
    }

    /** An integer; like pydantic, a float with no fractional part (3.0) is accepted. */
    private long readLong(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.BIG_INTEGER) {
                throw JsonSupport.invalid(p, line, "integer " + p.getText() + " does not fit in 64 bits");
            }
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d;
            }
        }
        throw typeError(p, "an integer");
    }

    private Long readLongOrNull(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : readLong(p);
    }

    private int readInt(JsonParser p) throws IOException {
        long v = readLong(p);
        if (v != (int) v) {
            throw JsonSupport.invalid(p, line, "integer " + v + " does not fit in 32 bits");
        }
        return (int) v;
    }

    private Instant readDateTimeOrNull(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return PythonDateTimes.fromEpochNumber(p.getDoubleValue());
        }
        String text = readString(p);
        try {
            return PythonDateTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidDataException("not an ISO 8601 date-time: \"" + text + "\"", JsonSupport.path(p),
                    line, e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void expect(JsonParser p, JsonToken expected, String what) {
        if (p.currentToken() != expected) {
            throw typeError(p, what);
        }
    }

    private InvalidDataException typeError(JsonParser p, String expected) {
        return JsonSupport.invalid(p, line, "expected " + expected + ", got "
                + JsonSupport.describe(p.currentToken()));
    }

    /** Runs a builder's build(), turning its complaints into errors at the object just read. */
    private <T> T build(JsonParser p, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalStateException | IllegalArgumentException | InvalidDataException e) {
            throw new InvalidDataException(e.getMessage(), JsonSupport.path(p), line, e);
        }
    }
}
