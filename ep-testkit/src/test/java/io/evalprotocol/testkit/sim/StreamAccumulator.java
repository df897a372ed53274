package io.evalprotocol.testkit.sim;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rebuilds per-choice results from stream chunks, the way a careful client would (provider-shapes §7). */
final class StreamAccumulator {
    static final class Acc {
        final StringBuilder content = new StringBuilder();
        final List<Integer> tokenIds = new ArrayList<>();
        final List<JsonValue> logprobs = new ArrayList<>();
        final StringBuilder toolArguments = new StringBuilder();
        String toolName;
        String finishReason;
        JsonValue stopReason;
        int[] promptTokenIds;

        int[] ids() {
            return tokenIds.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    final Map<Integer, Acc> choices = new TreeMap<>();
    int[] promptTokenIds;
    JsonObject usage;
    int chunks;

    static StreamAccumulator of(List<JsonObject> events, boolean chat) {
        StreamAccumulator s = new StreamAccumulator();
        for (JsonObject e : events) {
            s.chunks++;
            if (e.containsKey("prompt_token_ids") && !SimClient.isNull(e, "prompt_token_ids")) {
                if (s.promptTokenIds != null) {
                    throw new AssertionError("prompt_token_ids on more than one chunk");
                }
                s.promptTokenIds = SimClient.ints(e.getJsonArray("prompt_token_ids"));
            }
            if (e.containsKey("usage") && !SimClient.isNull(e, "usage")) {
                if (s.usage != null) {
                    throw new AssertionError("usage on more than one chunk");
                }
                s.usage = e.getJsonObject("usage");
            }
            for (JsonValue cv : e.getJsonArray("choices")) {
                JsonObject c = cv.asJsonObject();
                Acc acc = s.choices.computeIfAbsent(c.getInt("index"), i -> new Acc());
                if (chat) {
                    JsonObject delta = c.getJsonObject("delta");
                    if (delta.containsKey("content") && !SimClient.isNull(delta, "content")) {
                        acc.content.append(delta.getString("content"));
                    }
                    if (delta.containsKey("tool_calls")) {
                        for (JsonValue tc : delta.getJsonArray("tool_calls")) {
                            JsonObject fn = tc.asJsonObject().getJsonObject("function");
                            if (fn.containsKey("name")) {
                                acc.toolName = fn.getString("name");
                            }
                            if (fn.containsKey("arguments")) {
                                acc.toolArguments.append(fn.getString("arguments"));
                            }
                        }
                    }
                } else {
                    acc.content.append(c.getString("text"));
                }
                if (c.containsKey("token_ids") && !SimClient.isNull(c, "token_ids")) {
                    for (int id : SimClient.ints(c.getJsonArray("token_ids"))) {
                        acc.tokenIds.add(id);
                    }
                }
                if (c.containsKey("prompt_token_ids") && !SimClient.isNull(c, "prompt_token_ids")) {
                    acc.promptTokenIds = SimClient.ints(c.getJsonArray("prompt_token_ids"));
                }
                if (c.containsKey("logprobs") && !SimClient.isNull(c, "logprobs")) {
                    JsonObject lp = c.getJsonObject("logprobs");
                    if (lp.containsKey("content") && !SimClient.isNull(lp, "content")) {
                        JsonArray content = lp.getJsonArray("content");
                        acc.logprobs.addAll(content);
                    } else {
                        acc.logprobs.add(lp); // legacy: one object per chunk
                    }
                }
                if (c.containsKey("finish_reason") && !SimClient.isNull(c, "finish_reason")) {
                    if (acc.finishReason != null) {
                        throw new AssertionError("two finish reasons for choice " + c.getInt("index"));
                    }
                    acc.finishReason = c.getString("finish_reason");
                    acc.stopReason = c.get("stop_reason");
                }
            }
        }
        return s;
    }
}
