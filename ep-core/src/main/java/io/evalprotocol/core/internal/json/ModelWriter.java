package io.evalprotocol.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.StepOutput;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.api.ToolCall;
import io.evalprotocol.api.internal.FlatLogprobsArray;
import io.evalprotocol.api.internal.IntArrayView;
import io.evalprotocol.api.internal.RawJsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Writes the ep-api model as Python eval-protocol does ({@code model_dump_json(exclude_none=True)}):
 * declared fields in declaration order, absent ones omitted, defaults that Python always writes (empty
 * {@code details}, {@code metrics}, {@code completion_params}) kept, then additional properties in order.
 * Floats go through {@link PythonFloats}; {@link RawJsonValue}s are copied verbatim.
 *
 * <p>Use a generator from {@link JsonSupport#factory()}; its escaping matches serde_json's. Stateless and
 * thread-safe.
 */
public final class ModelWriter {
    private static final RawJsonSupport.Access RAW = RawJsonSupport.access();

    private static final SerializableString MESSAGES = name("messages");
    private static final SerializableString TOOLS = name("tools");
    private static final SerializableString INPUT_METADATA = name("input_metadata");
    private static final SerializableString ROLLOUT_STATUS = name("rollout_status");
    private static final SerializableString GROUND_TRUTH = name("ground_truth");
    private static final SerializableString EVALUATION_RESULT = name("evaluation_result");
    private static final SerializableString EXECUTION_METADATA = name("execution_metadata");
    private static final SerializableString CREATED_AT = name("created_at");
    private static final SerializableString EVAL_METADATA = name("eval_metadata");
    private static final SerializableString PID = name("pid");

    private static final SerializableString ROLE = name("role");
    private static final SerializableString CONTENT = name("content");
    private static final SerializableString REASONING_CONTENT = name("reasoning_content");
    private static final SerializableString NAME = name("name");
    private static final SerializableString TOOL_CALL_ID = name("tool_call_id");
    private static final SerializableString TOOL_CALLS = name("tool_calls");
    private static final SerializableString FUNCTION_CALL = name("function_call");
    private static final SerializableString CONTROL_PLANE_STEP = name("control_plane_step");
    private static final SerializableString WEIGHT = name("weight");
    private static final SerializableString LOGPROBS = name("logprobs");
    private static final SerializableString TOKEN_IDS = name("token_ids");

    private static final SerializableString TEXT = name("text");
    private static final SerializableString TYPE = name("type");
    private static final SerializableString IMAGE_URL = name("image_url");
    private static final SerializableString ID = name("id");
    private static final SerializableString FUNCTION = name("function");
    private static final SerializableString ARGUMENTS = name("arguments");

    private ModelWriter() {
    }

    private static SerializableString name(String s) {
        return new SerializedString(s);
    }

    // ---------------------------------------------------------------- row

    public static void writeRow(JsonGenerator g, EvaluationRow row) throws IOException {
        g.writeStartObject();
        g.writeFieldName(MESSAGES);
        g.writeStartArray();
        for (Message m : row.messages()) {
            writeMessage(g, m);
        }
        g.writeEndArray();
        Optional<List<JsonObject>> tools = row.tools();
        if (tools.isPresent()) {
            g.writeFieldName(TOOLS);
            writeList(g, tools.get());
        }
        g.writeFieldName(INPUT_METADATA);
        writeInputMetadata(g, row.inputMetadata());
        g.writeFieldName(ROLLOUT_STATUS);
        writeStatus(g, row.rolloutStatus());
        if (row.groundTruth().isPresent()) {
            g.writeFieldName(GROUND_TRUTH);
            writeJsonValue(g, row.groundTruth().get());
        }
        if (row.evaluationResult().isPresent()) {
            g.writeFieldName(EVALUATION_RESULT);
            writeEvaluateResult(g, row.evaluationResult().get());
        }
        g.writeFieldName(EXECUTION_METADATA);
        writeExecutionMetadata(g, row.executionMetadata());
        if (row.createdAt().isPresent()) {
            g.writeFieldName(CREATED_AT);
            g.writeString(PythonDateTimes.format(row.createdAt().get()));
        }
        if (row.evalMetadata().isPresent()) {
            g.writeFieldName(EVAL_METADATA);
            writeEvalMetadata(g, row.evalMetadata().get());
        }
        writeLong(g, PID, row.pid());
        writeAdditional(g, row.additionalProperties());
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- message

    /** A message as stored in a row: every field. */
    public static void writeMessage(JsonGenerator g, Message m) throws IOException {
        writeMessage(g, m, false);
    }

    /**
     * A message as sent in a chat-completions request: without {@code reasoning_content},
     * {@code control_plane_step}, {@code weight}, {@code logprobs} and {@code token_ids} (Python
     * eval-protocol strips the first four before sending; token ids are trace data, not input), and
     * without additional properties, which Python's model never forwards either.
     */
    public static void writeRequestMessage(JsonGenerator g, Message m) throws IOException {
        writeMessage(g, m, true);
    }

    private static void writeMessage(JsonGenerator g, Message m, boolean request) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ROLE);
        g.writeString(m.role().value());
        if (m.content().isPresent()) {
            g.writeFieldName(CONTENT);
            g.writeString(m.content().get());
        } else if (m.contentParts().isPresent()) {
            g.writeFieldName(CONTENT);
            g.writeStartArray();
            for (ContentPart part : m.contentParts().get()) {
                writeContentPart(g, part);
            }
            g.writeEndArray();
        }
        if (!request) {
            writeString(g, REASONING_CONTENT, m.reasoningContent());
        }
        writeString(g, NAME, m.name());
        writeString(g, TOOL_CALL_ID, m.toolCallId());
        if (m.toolCalls().isPresent()) {
            g.writeFieldName(TOOL_CALLS);
            g.writeStartArray();
            for (ToolCall call : m.toolCalls().get()) {
                writeToolCall(g, call);
            }
            g.writeEndArray();
        }
        if (m.functionCall().isPresent()) {
            g.writeFieldName(FUNCTION_CALL);
            writeFunctionCall(g, m.functionCall().get());
        }
        if (!request) {
            if (m.controlPlaneStep().isPresent()) {
                g.writeFieldName(CONTROL_PLANE_STEP);
                writeJsonValue(g, m.controlPlaneStep().get());
            }
            writeLong(g, WEIGHT, m.weight());
            if (m.logprobs().isPresent()) {
                g.writeFieldName(LOGPROBS);
                writeJsonValue(g, m.logprobs().get());
            }
            if (m.tokenIds().isPresent()) {
                g.writeFieldName(TOKEN_IDS);
                writeTokenIds(g, m.tokenIds().get());
            }
            writeAdditional(g, m.additionalProperties());
        }
        g.writeEndObject();
    }

    private static void writeTokenIds(JsonGenerator g, TokenIds ids) throws IOException {
        int n = ids.size();
        g.writeStartArray(ids, n);
        for (int i = 0; i < n; i++) {
            g.writeNumber(ids.get(i));
        }
        g.writeEndArray();
    }

    private static void writeContentPart(JsonGenerator g, ContentPart part) throws IOException {
        g.writeStartObject();
        if (part.isText()) {
            // Python's text part declares text before type
            writeString(g, TEXT, part.text());
            g.writeFieldName(TYPE);
            g.writeString(part.type());
        } else {
            g.writeFieldName(TYPE);
            g.writeString(part.type());
            writeString(g, TEXT, part.text());
        }
        if (part.imageUrl().isPresent()) {
            g.writeFieldName(IMAGE_URL);
            writeJsonValue(g, part.imageUrl().get());
        }
        writeAdditional(g, part.additionalProperties());
        g.writeEndObject();
    }

    private static void writeToolCall(JsonGenerator g, ToolCall call) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(call.id());
        g.writeFieldName(FUNCTION);
        writeFunctionCall(g, call.function());
        g.writeFieldName(TYPE);
        g.writeString(call.type());
        writeAdditional(g, call.additionalProperties());
        g.writeEndObject();
    }

    private static void writeFunctionCall(JsonGenerator g, FunctionCall f) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ARGUMENTS);
        g.writeString(f.arguments());
        g.writeFieldName(NAME);
        g.writeString(f.name());
        writeAdditional(g, f.additionalProperties());
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- row parts

    private static void writeInputMetadata(JsonGenerator g, InputMetadata m) throws IOException {
        g.writeStartObject();
        writeString(g, "row_id", m.rowId());
        g.writeFieldName("completion_params");
        writeJsonValue(g, m.completionParams());
        writeJson(g, "dataset_info", m.datasetInfo());
        writeJson(g, "session_data", m.sessionData());
        writeAdditional(g, m.additionalProperties());
        g.writeEndObject();
    }

    public static void writeStatus(JsonGenerator g, Status s) throws IOException {
        g.writeStartObject();
        g.writeFieldName("code");
        g.writeNumber(s.code().value());
        g.writeFieldName("message");
        g.writeString(s.message());
        g.writeFieldName("details");
        writeList(g, s.details());
        writeAdditional(g, s.additionalProperties());
        g.writeEndObject();
    }

    private static void writeEvaluateResult(JsonGenerator g, EvaluateResult r) throws IOException {
        g.writeStartObject();
        writeDouble(g, "score", r.score());
        g.writeFieldName("is_score_valid");
        g.writeBoolean(r.isScoreValid());
        writeString(g, "reason", r.reason());
        g.writeFieldName("metrics");
        g.writeStartObject();
        for (Map.Entry<String, MetricResult> e : r.metrics().entrySet()) {
            g.writeFieldName(e.getKey());
            writeMetricResult(g, e.getValue());
        }
        g.writeEndObject();
        if (r.stepOutputs().isPresent()) {
            g.writeFieldName("step_outputs");
            g.writeStartArray();
            for (StepOutput s : r.stepOutputs().get()) {
                writeStepOutput(g, s);
            }
            g.writeEndArray();
        }
        writeString(g, "error", r.error());
        writeJson(g, "trajectory_info", r.trajectoryInfo());
        writeJson(g, "final_control_plane_info", r.finalControlPlaneInfo());
        writeDouble(g, "agg_score", r.aggScore());
        writeDouble(g, "standard_error", r.standardError());
        writeAdditional(g, r.additionalProperties());
        g.writeEndObject();
    }

    private static void writeMetricResult(JsonGenerator g, MetricResult m) throws IOException {
        g.writeStartObject();
        g.writeFieldName("is_score_valid");
        g.writeBoolean(m.isScoreValid());
        writeDouble(g, "score", m.score());
        g.writeFieldName("reason");
        g.writeString(m.reason());
        g.writeFieldName("data");
        writeJsonValue(g, m.data());
        writeAdditional(g, m.additionalProperties());
        g.writeEndObject();
    }

    private static void writeStepOutput(JsonGenerator g, StepOutput s) throws IOException {
        g.writeStartObject();
        g.writeFieldName("step_index");
        writeJsonValue(g, s.stepIndex());
        writeDouble(g, "base_reward", s.baseReward());
        g.writeFieldName("terminated");
        g.writeBoolean(s.terminated());
        writeJson(g, "control_plane_info", s.controlPlaneInfo());
        g.writeFieldName("metrics");
        writeJsonValue(g, s.metrics());
        writeString(g, "reason", s.reason());
        writeAdditional(g, s.additionalProperties());
        g.writeEndObject();
    }

    private static void writeExecutionMetadata(JsonGenerator g, ExecutionMetadata m) throws IOException {
        g.writeStartObject();
        writeString(g, "invocation_id", m.invocationId());
        writeString(g, "experiment_id", m.experimentId());
        writeString(g, "rollout_id", m.rolloutId());
        writeString(g, "run_id", m.runId());
        if (m.usage().isPresent()) {
            g.writeFieldName("usage");
            writeUsage(g, m.usage().get());
        }
        if (m.costMetrics().isPresent()) {
            g.writeFieldName("cost_metrics");
            writeCostMetrics(g, m.costMetrics().get());
        }
        writeDouble(g, "duration_seconds", m.durationSeconds());
        writeDouble(g, "rollout_duration_seconds", m.rolloutDurationSeconds());
        writeDouble(g, "eval_duration_seconds", m.evalDurationSeconds());
        writeDouble(g, "experiment_duration_seconds", m.experimentDurationSeconds());
        writeJson(g, "extra", m.extra());
        if (m.finishReason().isPresent()) {
            g.writeFieldName("finish_reason");
            g.writeString(m.finishReason().get().value());
        }
        writeLong(g, "tool_call_count", m.toolCallCount());
        writeJson(g, "raw_output", m.rawOutput());
        writeAdditional(g, m.additionalProperties());
        g.writeEndObject();
    }

    private static void writeUsage(JsonGenerator g, CompletionUsage u) throws IOException {
        g.writeStartObject();
        writeLong(g, "completion_tokens", u.completionTokens());
        writeLong(g, "prompt_tokens", u.promptTokens());
        writeLong(g, "total_tokens", u.totalTokens());
        writeJson(g, "completion_tokens_details", u.completionTokensDetails());
        writeJson(g, "prompt_tokens_details", u.promptTokensDetails());
        writeAdditional(g, u.additionalProperties());
        g.writeEndObject();
    }

    private static void writeCostMetrics(JsonGenerator g, CostMetrics c) throws IOException {
        g.writeStartObject();
        writeDouble(g, "input_cost", c.inputCost());
        writeDouble(g, "output_cost", c.outputCost());
        writeDouble(g, "total_cost_dollar", c.totalCostDollar());
        writeAdditional(g, c.additionalProperties());
        g.writeEndObject();
    }

    private static void writeEvalMetadata(JsonGenerator g, EvalMetadata m) throws IOException {
        g.writeStartObject();
        g.writeFieldName("name");
        g.writeString(m.name());
        writeString(g, "description", m.description());
        writeString(g, "version", m.version());
        if (m.status().isPresent()) {
            g.writeFieldName("status");
            writeStatus(g, m.status().get());
        }
        g.writeFieldName("num_runs");
        g.writeNumber(m.numRuns());
        g.writeFieldName("aggregation_method");
        g.writeString(m.aggregationMethod());
        if (m.passedThreshold().isPresent()) {
            g.writeFieldName("passed_threshold");
            writeThreshold(g, m.passedThreshold().get());
        }
        if (m.passed().isPresent()) {
            g.writeFieldName("passed");
            g.writeBoolean(m.passed().get());
        }
        writeAdditional(g, m.additionalProperties());
        g.writeEndObject();
    }

    private static void writeThreshold(JsonGenerator g, EvaluationThreshold t) throws IOException {
        g.writeStartObject();
        writeDouble(g, "success", t.success());
        writeDouble(g, "standard_error", t.standardError());
        writeAdditional(g, t.additionalProperties());
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- JSON-P values

    /**
     * Writes any JSON-P value: a {@link RawJsonValue} verbatim (one array copy); anything else member by
     * member, numbers as Python would (integral ones as integers, others through {@link PythonFloats}).
     */
    public static void writeJsonValue(JsonGenerator g, JsonValue v) throws IOException {
        if (v instanceof RawJsonValue) {
            RawJsonValue r = (RawJsonValue) v;
            g.writeRawValue(new RawBytes(RAW.array(r), RAW.offset(r), RAW.length(r)));
            return;
        }
        if (v instanceof FlatLogprobsArray) {
            writeFlatLogprobs(g, ((FlatLogprobsArray) v).values());
            return;
        }
        if (v instanceof IntArrayView) {
            writeInts(g, (IntArrayView) v);
            return;
        }
        switch (v.getValueType()) {
            case OBJECT:
                JsonObject o = (JsonObject) v;
                g.writeStartObject();
                for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeJsonValue(g, e.getValue());
                }
                g.writeEndObject();
                break;
            case ARRAY:
                JsonArray a = (JsonArray) v;
                g.writeStartArray();
                for (JsonValue item : a) {
                    writeJsonValue(g, item);
                }
                g.writeEndArray();
                break;
            case STRING:
                g.writeString(((JsonString) v).getString());
                break;
            case NUMBER:
                writeNumber(g, (JsonNumber) v);
                break;
            case TRUE:
                g.writeBoolean(true);
                break;
            case FALSE:
                g.writeBoolean(false);
                break;
            default:
                g.writeNull();
        }
    }

    /** Token-native flat logprobs straight from their doubles: Python floats, a missing value as {@code null}. */
    private static void writeFlatLogprobs(JsonGenerator g, TokenLogprobs values) throws IOException {
        int n = values.size();
        g.writeStartArray(values, n);
        for (int i = 0; i < n; i++) {
            writeDoubleValue(g, values.get(i));
        }
        g.writeEndArray();
    }

    /** Token ids straight from their ints: the text the element-by-element path writes for the same numbers. */
    private static void writeInts(JsonGenerator g, IntArrayView ints) throws IOException {
        int n = ints.size();
        g.writeStartArray(ints, n);
        for (int i = 0; i < n; i++) {
            g.writeNumber(ints.getInt(i));
        }
        g.writeEndArray();
    }

    private static void writeNumber(JsonGenerator g, JsonNumber n) throws IOException {
        if (n.isIntegral()) {
            // Python's int: exact, any size
            g.writeNumber(n.bigIntegerValue().toString());
        } else {
            writeDoubleValue(g, n.doubleValue());
        }
    }

    /** A Python float: shortest round-trip text, NaN and the infinities as {@code null} (pydantic's default). */
    public static void writeDoubleValue(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(PythonFloats.format(d));
        } else {
            g.writeNull();
        }
    }

    private static void writeList(JsonGenerator g, List<? extends JsonValue> list) throws IOException {
        g.writeStartArray();
        for (JsonValue v : list) {
            writeJsonValue(g, v);
        }
        g.writeEndArray();
    }

    private static void writeAdditional(JsonGenerator g, Map<String, JsonValue> props) throws IOException {
        if (props.isEmpty()) {
            return;
        }
        for (Map.Entry<String, JsonValue> e : props.entrySet()) {
            g.writeFieldName(e.getKey());
            writeJsonValue(g, e.getValue());
        }
    }

    private static void writeString(JsonGenerator g, SerializableString name, Optional<String> value)
            throws IOException {
        if (value.isPresent()) {
            g.writeFieldName(name);
            g.writeString(value.get());
        }
    }

    private static void writeString(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeFieldName(name);
            g.writeString(value.get());
        }
    }

    private static void writeJson(JsonGenerator g, String name, Optional<? extends JsonValue> value)
            throws IOException {
        if (value.isPresent()) {
            g.writeFieldName(name);
            writeJsonValue(g, value.get());
        }
    }

    private static void writeLong(JsonGenerator g, SerializableString name, OptionalLong value)
            throws IOException {
        if (value.isPresent()) {
            g.writeFieldName(name);
            g.writeNumber(value.getAsLong());
        }
    }

    private static void writeLong(JsonGenerator g, String name, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            g.writeFieldName(name);
            g.writeNumber(value.getAsLong());
        }
    }

    private static void writeDouble(JsonGenerator g, String name, double value) throws IOException {
        g.writeFieldName(name);
        writeDoubleValue(g, value);
    }

    private static void writeDouble(JsonGenerator g, String name, OptionalDouble value) throws IOException {
        if (value.isPresent()) {
            writeDouble(g, name, value.getAsDouble());
        }
    }
}
