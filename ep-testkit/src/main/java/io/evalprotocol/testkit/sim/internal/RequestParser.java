package io.evalprotocol.testkit.sim.internal;

import io.evalprotocol.testkit.sim.Flavour;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates request bodies the way the real servers do, failing with OpenAI-format 400s.
 * The OpenAI flavour rejects parameters OpenAI does not know (e.g. vLLM's {@code return_token_ids}), as the
 * real API does; the vLLM and Fireworks flavours ignore unknown parameters.
 */
public final class RequestParser {
    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());

    private static final Set<String> OPENAI_CHAT_PARAMS = Set.of(
            "model", "messages", "stream", "stream_options", "n", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "logprobs", "top_logprobs", "seed", "tools", "tool_choice",
            "parallel_tool_calls", "stop", "presence_penalty", "frequency_penalty", "logit_bias", "user",
            "metadata", "store", "response_format", "service_tier", "reasoning_effort", "modalities", "audio",
            "prediction", "web_search_options", "functions", "function_call", "verbosity", "prompt_cache_key",
            "safety_identifier");
    private static final Set<String> OPENAI_COMPLETION_PARAMS = Set.of(
            "model", "prompt", "suffix", "max_tokens", "temperature", "top_p", "n", "stream", "stream_options",
            "logprobs", "echo", "stop", "presence_penalty", "frequency_penalty", "best_of", "logit_bias", "user",
            "seed");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private RequestParser() {
    }

    public static JsonObject readObject(byte[] body) {
        if (body.length == 0) {
            throw new BadRequest("We could not parse the JSON body of your request: the body is empty. "
                    + "(HINT: the API expects a JSON object.)", null, null);
        }
        try (JsonReader r = READERS.createReader(new ByteArrayInputStream(body))) {
            JsonValue v = r.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new BadRequest("The request body must be a JSON object, but got " + typeName(v) + ".",
                        null, "invalid_type");
            }
            return v.asJsonObject();
        } catch (JsonParsingException e) {
            throw new BadRequest("We could not parse the JSON body of your request: " + e.getMessage()
                    + " (HINT: the API expects a JSON object.)", null, null);
        } catch (JsonException e) {
            throw new BadRequest("We could not parse the JSON body of your request: " + e.getMessage(), null, null);
        }
    }

    public static GenRequest parse(Flavour flavour, GenRequest.Api api, byte[] body, String defaultModel) {
        JsonObject o = readObject(body);
        if (flavour == Flavour.OPENAI) {
            Set<String> known = api == GenRequest.Api.CHAT ? OPENAI_CHAT_PARAMS : OPENAI_COMPLETION_PARAMS;
            for (String k : o.keySet()) {
                if (!known.contains(k)) {
                    throw new BadRequest("Unrecognized request argument supplied: " + k, null, null);
                }
            }
        }
        GenRequest r = new GenRequest();
        r.api = api;
        JsonValue model = o.get("model");
        if (model == null || isNull(model)) {
            if (flavour != Flavour.VLLM) {
                throw new BadRequest("You must provide a model parameter.", "model", null);
            }
            r.model = defaultModel;
        } else {
            r.model = string(o, "model");
        }
        r.stream = bool(o, "stream", false);
        JsonValue so = o.get("stream_options");
        if (so != null && !isNull(so)) {
            if (!r.stream) {
                throw new BadRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                        "stream_options", null);
            }
            if (so.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalidType("stream_options", "an object", so);
            }
            r.includeUsage = bool(so.asJsonObject(), "include_usage", false, "stream_options.include_usage");
        }
        r.n = intRange(o, "n", 1, 1, 128);
        int maxTokens = intRange(o, "max_completion_tokens", -1, 1, Integer.MAX_VALUE);
        if (maxTokens < 0) {
            maxTokens = intRange(o, "max_tokens", -1, 1, Integer.MAX_VALUE);
        }
        r.maxTokens = maxTokens;
        JsonValue t = o.get("temperature");
        if (t != null && !isNull(t)) {
            if (t.getValueType() != JsonValue.ValueType.NUMBER) {
                throw invalidType("temperature", "a decimal", t);
            }
            r.temperature = ((JsonNumber) t).doubleValue();
            if (r.temperature < 0) {
                throw new BadRequest("Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got "
                        + t + " instead.", "temperature", "decimal_below_min_value");
            }
            if (r.temperature > 2) {
                throw new BadRequest("Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got "
                        + t + " instead.", "temperature", "decimal_above_max_value");
            }
        }
        JsonValue seed = o.get("seed");
        if (seed != null && !isNull(seed)) {
            if (seed.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) seed).isIntegral()) {
                throw invalidType("seed", "an integer", seed);
            }
            r.hasSeed = true;
            r.seed = ((JsonNumber) seed).longValue();
        }
        r.stop = stops(o);
        if (flavour != Flavour.OPENAI) {
            r.returnTokenIds = bool(o, "return_token_ids", false);
        }
        if (flavour == Flavour.VLLM) {
            r.tokensAsIds = bool(o, "return_tokens_as_token_ids", false);
        }
        if (flavour == Flavour.FIREWORKS) {
            r.rawOutput = bool(o, "raw_output", false);
            r.perfMetrics = bool(o, "perf_metrics_in_response", false);
        }
        if (api == GenRequest.Api.CHAT) {
            parseChat(flavour, o, r);
        } else {
            parseCompletion(flavour, o, r);
        }
        return r;
    }

    private static void parseChat(Flavour flavour, JsonObject o, GenRequest r) {
        JsonValue lp = o.get("logprobs");
        if (lp != null && !isNull(lp)) {
            if (lp.getValueType() != JsonValue.ValueType.TRUE && lp.getValueType() != JsonValue.ValueType.FALSE) {
                throw invalidType("logprobs", "a boolean", lp);
            }
            r.logprobs = (lp.getValueType() == JsonValue.ValueType.TRUE);
        }
        int maxTop = flavour == Flavour.FIREWORKS ? 5 : 20;
        r.topLogprobs = intRange(o, "top_logprobs", 0, 0, maxTop);
        if (o.containsKey("top_logprobs") && !isNull(o.get("top_logprobs")) && !r.logprobs) {
            throw new BadRequest("Invalid value for 'top_logprobs': 'logprobs' must be set to true when "
                    + "'top_logprobs' is used.", "top_logprobs", "invalid_value");
        }
        JsonValue msgs = o.get("messages");
        if (msgs == null || isNull(msgs)) {
            throw new BadRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (msgs.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalidType("messages", "an array", msgs);
        }
        JsonArray arr = msgs.asJsonArray();
        if (arr.isEmpty()) {
            throw new BadRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, but got "
                    + "an empty array instead.", "messages", "empty_array");
        }
        List<GenRequest.ChatMessage> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String p = "messages[" + i + "]";
            JsonValue mv = arr.get(i);
            if (mv.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalidType(p, "an object", mv);
            }
            JsonObject m = mv.asJsonObject();
            JsonValue role = m.get("role");
            if (role == null || isNull(role)) {
                throw new BadRequest("Missing required parameter: '" + p + ".role'.", p + ".role",
                        "missing_required_parameter");
            }
            if (role.getValueType() != JsonValue.ValueType.STRING || !ROLES.contains(((JsonString) role).getString())) {
                throw new BadRequest("Invalid value: " + role + ". Supported values are: 'system', 'assistant', "
                        + "'user', 'function', 'tool', and 'developer'.", p + ".role", "invalid_value");
            }
            String roleName = ((JsonString) role).getString();
            List<String> calls = List.of();
            JsonValue tc = m.get("tool_calls");
            if (tc != null && !isNull(tc) && "assistant".equals(roleName)) {
                if (tc.getValueType() != JsonValue.ValueType.ARRAY) {
                    throw invalidType(p + ".tool_calls", "an array", tc);
                }
                calls = new ArrayList<>();
                for (int k = 0; k < tc.asJsonArray().size(); k++) {
                    JsonValue c = tc.asJsonArray().get(k);
                    String cp = p + ".tool_calls[" + k + "]";
                    if (c.getValueType() != JsonValue.ValueType.OBJECT
                            || !(c.asJsonObject().get("function") instanceof JsonObject)) {
                        throw new BadRequest("Missing required parameter: '" + cp + ".function'.", cp + ".function",
                                "missing_required_parameter");
                    }
                    JsonObject fn = c.asJsonObject().getJsonObject("function");
                    String name = requiredString(fn, "name", cp + ".function.name");
                    String args = fn.get("arguments") instanceof JsonString ? fn.getString("arguments") : "{}";
                    calls.add(ToolCalls.markup(name, args));
                }
            }
            JsonValue content = m.get("content");
            String text;
            if (content == null || isNull(content)) {
                if (!"assistant".equals(roleName)) {
                    throw new BadRequest("Missing required parameter: '" + p + ".content'.", p + ".content",
                            "missing_required_parameter");
                }
                text = "";
            } else if (content.getValueType() == JsonValue.ValueType.STRING) {
                text = ((JsonString) content).getString();
            } else if (content.getValueType() == JsonValue.ValueType.ARRAY) {
                StringBuilder sb = new StringBuilder();
                for (JsonValue part : content.asJsonArray()) {
                    if (part.getValueType() != JsonValue.ValueType.OBJECT) {
                        throw invalidType(p + ".content[]", "an object", part);
                    }
                    JsonObject po = part.asJsonObject();
                    String type = po.get("type") instanceof JsonString ? po.getString("type") : "";
                    if ("text".equals(type) && po.get("text") instanceof JsonString) {
                        sb.append(po.getString("text"));
                    } else if ("image_url".equals(type)) {
                        sb.append("[image]");
                    } else {
                        throw new BadRequest("Invalid value: '" + type + "'. Supported values are: 'text' and "
                                + "'image_url'.", p + ".content[].type", "invalid_value");
                    }
                }
                text = sb.toString();
            } else {
                throw invalidType(p + ".content", "a string or an array", content);
            }
            String toolCallId = null;
            if ("tool".equals(roleName)) {
                JsonValue id = m.get("tool_call_id");
                if (!(id instanceof JsonString)) {
                    throw new BadRequest("Missing required parameter: '" + p + ".tool_call_id'.", p + ".tool_call_id",
                            "missing_required_parameter");
                }
                toolCallId = ((JsonString) id).getString();
            }
            String name = m.get("name") instanceof JsonString ? m.getString("name") : null;
            out.add(new GenRequest.ChatMessage(roleName, text, name, toolCallId, calls));
        }
        r.messages = out;
        parseTools(o, r);
    }

    private static void parseTools(JsonObject o, GenRequest r) {
        JsonValue tools = o.get("tools");
        List<GenRequest.ToolDef> defs = new ArrayList<>();
        if (tools != null && !isNull(tools)) {
            if (tools.getValueType() != JsonValue.ValueType.ARRAY) {
                throw invalidType("tools", "an array", tools);
            }
            JsonArray arr = tools.asJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                String p = "tools[" + i + "]";
                if (arr.get(i).getValueType() != JsonValue.ValueType.OBJECT
                        || !(arr.get(i).asJsonObject().get("function") instanceof JsonObject)) {
                    throw new BadRequest("Missing required parameter: '" + p + ".function'.", p + ".function",
                            "missing_required_parameter");
                }
                JsonObject fn = arr.get(i).asJsonObject().getJsonObject("function");
                String name = requiredString(fn, "name", p + ".function.name");
                List<GenRequest.Param> params = new ArrayList<>();
                if (fn.get("parameters") instanceof JsonObject
                        && fn.getJsonObject("parameters").get("properties") instanceof JsonObject) {
                    JsonObject props = fn.getJsonObject("parameters").getJsonObject("properties");
                    for (Map.Entry<String, JsonValue> e : props.entrySet()) {
                        String type = "string";
                        String enumFirst = null;
                        if (e.getValue() instanceof JsonObject) {
                            JsonObject po = e.getValue().asJsonObject();
                            if (po.get("type") instanceof JsonString) {
                                type = po.getString("type");
                            }
                            if (po.get("enum") instanceof JsonArray && !po.getJsonArray("enum").isEmpty()) {
                                JsonValue first = po.getJsonArray("enum").get(0);
                                enumFirst = first instanceof JsonString ? ((JsonString) first).getString() : first.toString();
                            }
                        }
                        params.add(new GenRequest.Param(e.getKey(), type, enumFirst));
                    }
                }
                defs.add(new GenRequest.ToolDef(name, params));
            }
            if (!arr.isEmpty()) {
                r.toolsJson = arr.toString();
            }
        }
        r.tools = defs;
        JsonValue choice = o.get("tool_choice");
        if (choice == null || isNull(choice)) {
            r.toolChoice = defs.isEmpty() ? "none" : "auto";
            return;
        }
        if (defs.isEmpty()) {
            throw new BadRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are "
                    + "specified.", "tool_choice", null);
        }
        if (choice.getValueType() == JsonValue.ValueType.STRING) {
            String c = ((JsonString) choice).getString();
            if (!c.equals("none") && !c.equals("auto") && !c.equals("required")) {
                throw new BadRequest("Invalid value: '" + c + "'. Supported values are: 'none', 'auto', and "
                        + "'required'.", "tool_choice", "invalid_value");
            }
            r.toolChoice = c;
            return;
        }
        if (choice.getValueType() == JsonValue.ValueType.OBJECT
                && choice.asJsonObject().get("function") instanceof JsonObject) {
            String name = requiredString(choice.asJsonObject().getJsonObject("function"), "name",
                    "tool_choice.function.name");
            for (GenRequest.ToolDef d : defs) {
                if (d.name().equals(name)) {
                    r.toolChoice = "named";
                    r.forcedTool = name;
                    return;
                }
            }
            throw new BadRequest("Tool choice '" + name + "' not found in 'tools' parameter.", "tool_choice", null);
        }
        throw invalidType("tool_choice", "a string or an object", choice);
    }

    private static void parseCompletion(Flavour flavour, JsonObject o, GenRequest r) {
        JsonValue lp = o.get("logprobs");
        if (lp != null && !isNull(lp)) {
            if (flavour == Flavour.FIREWORKS && ((lp.getValueType() == JsonValue.ValueType.TRUE) || (lp.getValueType() == JsonValue.ValueType.FALSE))) {
                r.logprobs = (lp.getValueType() == JsonValue.ValueType.TRUE);
                r.topLogprobs = intRange(o, "top_logprobs", 0, 0, 5);
            } else {
                r.legacyLogprobs = intRange(o, "logprobs", -1, 0, flavour == Flavour.VLLM ? 20 : 5);
            }
        }
        if (bool(o, "echo", false)) {
            throw new BadRequest("'echo' is not supported by the simulated provider.", "echo", "unsupported_value");
        }
        JsonValue prompt = o.get("prompt");
        if (prompt == null || isNull(prompt)) {
            throw new BadRequest("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
        }
        SimTokenizer tok = SimTokenizer.get();
        List<int[]> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        if (prompt.getValueType() == JsonValue.ValueType.STRING) {
            String text = ((JsonString) prompt).getString();
            texts.add(text);
            ids.add(tok.encode(text));
        } else if (prompt.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray arr = prompt.asJsonArray();
            if (arr.isEmpty()) {
                throw new BadRequest("Invalid 'prompt': empty array. Expected a non-empty prompt.", "prompt",
                        "empty_array");
            }
            JsonValue.ValueType first = arr.get(0).getValueType();
            if (first == JsonValue.ValueType.NUMBER) {
                int[] p = tokenIds(arr, "prompt", tok);
                ids.add(p);
                texts.add(tok.decode(p));
            } else {
                for (int i = 0; i < arr.size(); i++) {
                    JsonValue v = arr.get(i);
                    if (v.getValueType() == JsonValue.ValueType.STRING) {
                        String text = ((JsonString) v).getString();
                        texts.add(text);
                        ids.add(tok.encode(text));
                    } else if (v.getValueType() == JsonValue.ValueType.ARRAY && !v.asJsonArray().isEmpty()) {
                        int[] p = tokenIds(v.asJsonArray(), "prompt[" + i + "]", tok);
                        ids.add(p);
                        texts.add(tok.decode(p));
                    } else {
                        throw invalidType("prompt[" + i + "]", "a string or a non-empty array of token ids", v);
                    }
                }
            }
        } else {
            throw invalidType("prompt", "a string, an array of strings or an array of token ids", prompt);
        }
        r.promptIds = ids;
        r.promptTexts = texts;
    }

    private static int[] tokenIds(JsonArray arr, String param, SimTokenizer tok) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonValue v = arr.get(i);
            if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
                throw invalidType(param + "[" + i + "]", "an integer token id", v);
            }
            long id = ((JsonNumber) v).longValue();
            if (id < 0 || id >= SimTokenizer.ID_LIMIT || !tok.isKnown((int) id)) {
                throw new BadRequest("Token id " + v + " in '" + param + "[" + i + "]' is out of vocabulary "
                        + "(o200k_base, valid ids 0-199997, 199999, 200018 and the chat-template ids 200264-200266).",
                        param, "invalid_value");
            }
            out[i] = (int) id;
        }
        return out;
    }

    private static List<String> stops(JsonObject o) {
        JsonValue s = o.get("stop");
        if (s == null || isNull(s)) {
            return List.of();
        }
        if (s.getValueType() == JsonValue.ValueType.STRING) {
            return List.of(((JsonString) s).getString());
        }
        if (s.getValueType() == JsonValue.ValueType.ARRAY) {
            List<String> out = new ArrayList<>();
            for (JsonValue v : s.asJsonArray()) {
                if (!(v instanceof JsonString)) {
                    throw invalidType("stop[]", "a string", v);
                }
                if (!((JsonString) v).getString().isEmpty()) {
                    out.add(((JsonString) v).getString());
                }
            }
            if (out.size() > 4) {
                throw new BadRequest("Invalid 'stop': array too long. Expected an array with maximum length 4, but got "
                        + "an array with length " + out.size() + " instead.", "stop", "array_above_max_length");
            }
            return out;
        }
        throw invalidType("stop", "a string or an array of strings", s);
    }

    private static boolean isNull(JsonValue v) {
        return v.getValueType() == JsonValue.ValueType.NULL;
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (!(v instanceof JsonString)) {
            throw invalidType(key, "a string", v);
        }
        return ((JsonString) v).getString();
    }

    private static String requiredString(JsonObject o, String key, String param) {
        JsonValue v = o.get(key);
        if (v == null || isNull(v)) {
            throw new BadRequest("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
        }
        if (!(v instanceof JsonString)) {
            throw invalidType(param, "a string", v);
        }
        return ((JsonString) v).getString();
    }

    private static boolean bool(JsonObject o, String key, boolean dflt) {
        return bool(o, key, dflt, key);
    }

    private static boolean bool(JsonObject o, String key, boolean dflt, String param) {
        JsonValue v = o.get(key);
        if (v == null || isNull(v)) {
            return dflt;
        }
        if ((v.getValueType() == JsonValue.ValueType.TRUE)) {
            return true;
        }
        if ((v.getValueType() == JsonValue.ValueType.FALSE)) {
            return false;
        }
        throw invalidType(param, "a boolean", v);
    }

    private static int intRange(JsonObject o, String key, int dflt, int min, int max) {
        JsonValue v = o.get(key);
        if (v == null || isNull(v)) {
            return dflt;
        }
        if (v.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) v).isIntegral()) {
            throw invalidType(key, "an integer", v);
        }
        long x = ((JsonNumber) v).longValue();
        if (x < min) {
            throw new BadRequest("Invalid '" + key + "': integer below minimum value. Expected a value >= " + min
                    + ", but got " + v + " instead.", key, "integer_below_min_value");
        }
        if (x > max) {
            throw new BadRequest("Invalid '" + key + "': integer above maximum value. Expected a value <= " + max
                    + ", but got " + v + " instead.", key, "integer_above_max_value");
        }
        return (int) x;
    }

    private static BadRequest invalidType(String param, String expected, JsonValue got) {
        return new BadRequest("Invalid type for '" + param + "': expected " + expected + ", but got "
                + typeName(got) + " instead.", param, "invalid_type");
    }

    private static String typeName(JsonValue v) {
        if (v == null) {
            return "nothing";
        }
        switch (v.getValueType()) {
            case STRING: return "a string";
            case NUMBER: return ((JsonNumber) v).isIntegral() ? "an integer" : "a decimal";
            case TRUE:
            case FALSE: return "a boolean";
            case NULL: return "null";
            case ARRAY: return "an array";
            default: return "an object";
        }
    }
}
