package io.evalprotocol.testkit.sim.internal;

import java.util.List;

/** A validated generation request (chat or completions). Internal: fields are read directly. */
public final class GenRequest {
    public enum Api { CHAT, COMPLETIONS }

    public record ChatMessage(String role, String text, String name, String toolCallId, List<String> toolCallMarkup) {
    }

    public record ToolDef(String name, List<Param> params) {
    }

    /** One JSON-schema property of a tool: name, type, and first enum value if any. */
    public record Param(String name, String type, String enumFirst) {
    }

    public Api api;
    public String model;
    public boolean stream;
    public boolean includeUsage;
    public int n = 1;
    /** -1 when not set. */
    public int maxTokens = -1;
    public boolean hasSeed;
    public long seed;
    public double temperature = 1.0;
    /** Chat {@code logprobs: true}, or Fireworks completions {@code logprobs: true} (the content[] format). */
    public boolean logprobs;
    public int topLogprobs;
    /** Completions {@code logprobs: N} (legacy format); -1 when not requested. */
    public int legacyLogprobs = -1;
    public boolean returnTokenIds;
    public boolean tokensAsIds;
    public boolean rawOutput;
    public boolean perfMetrics;
    public List<String> stop = List.of();

    public List<ChatMessage> messages = List.of();
    public List<ToolDef> tools = List.of();
    /** Canonical JSON of the request's {@code tools} array, rendered into the prompt; null without tools. */
    public String toolsJson;
    /** "auto", "none", "required", or "named". */
    public String toolChoice = "auto";
    public String forcedTool;

    /** Completions: one entry per prompt. */
    public List<int[]> promptIds = List.of();
    /** Completions: the prompt texts (decoded when given as ids). */
    public List<String> promptTexts = List.of();
}
