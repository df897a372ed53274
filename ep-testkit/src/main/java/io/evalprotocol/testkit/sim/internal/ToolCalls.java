package io.evalprotocol.testkit.sim.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When and how the simulated model calls a tool. The rule is deterministic: a named {@code tool_choice} calls
 * that tool; {@code "required"} calls the tool the last user message mentions, else the first tool; {@code
 * "auto"} calls a tool only when the conversation ends with a user message that mentions the tool's name
 * (as written, or with underscores read as spaces, case-insensitively). {@code "none"} never calls.
 */
public final class ToolCalls {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Pattern PLACE = Pattern.compile("\\b(?:in|at|for|near|to|from)\\s+([A-Z][\\p{L}'-]+(?:\\s+[A-Z][\\p{L}'-]+)*)");
    private static final Pattern CAPITALIZED = Pattern.compile("(?<=\\s)([A-Z][\\p{L}'-]+)");

    private ToolCalls() {
    }

    /** The tool to call, or null for a text answer. */
    public static GenRequest.ToolDef choose(GenRequest r) {
        if (r.tools.isEmpty() || "none".equals(r.toolChoice)) {
            return null;
        }
        if ("named".equals(r.toolChoice)) {
            for (GenRequest.ToolDef d : r.tools) {
                if (d.name().equals(r.forcedTool)) {
                    return d;
                }
            }
        }
        GenRequest.ChatMessage last = r.messages.get(r.messages.size() - 1);
        GenRequest.ToolDef mentioned = null;
        String user = lastUserText(r.messages).toLowerCase(Locale.ROOT);
        for (GenRequest.ToolDef d : r.tools) {
            String n = d.name().toLowerCase(Locale.ROOT);
            if (user.contains(n) || user.contains(n.replace('_', ' '))) {
                mentioned = d;
                break;
            }
        }
        if ("required".equals(r.toolChoice)) {
            return mentioned != null ? mentioned : r.tools.get(0);
        }
        return "user".equals(last.role()) ? mentioned : null;
    }

    public static String lastUserText(List<GenRequest.ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).text();
            }
        }
        return messages.get(messages.size() - 1).text();
    }

    /**
     * Arguments for the call, from the tool's JSON schema and the user's words. {@code spaced} selects Python
     * {@code json.dumps} spacing (what Hermes-style parsers in vLLM and Fireworks return) over OpenAI's compact form.
     */
    public static String arguments(GenRequest.ToolDef tool, String question, boolean spaced) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (GenRequest.Param p : tool.params()) {
            if (!first) {
                sb.append(spaced ? ", " : ",");
            }
            first = false;
            quote(sb, p.name());
            sb.append(spaced ? ": " : ":");
            sb.append(value(p, question));
        }
        return sb.append('}').toString();
    }

    private static String value(GenRequest.Param p, String q) {
        if (p.enumFirst() != null) {
            String pick = p.enumFirst();
            return "string".equals(p.type()) ? quoted(pick) : pick;
        }
        switch (p.type()) {
            case "integer": {
                Matcher m = NUMBER.matcher(q);
                while (m.find()) {
                    if (m.group().indexOf('.') < 0) {
                        return m.group();
                    }
                }
                return "1";
            }
            case "number": {
                Matcher m = NUMBER.matcher(q);
                return m.find() ? m.group() : "1";
            }
            case "boolean":
                return "true";
            case "array":
                return "[]";
            case "object":
                return "{}";
            default:
                return quoted(stringValue(p.name().toLowerCase(Locale.ROOT), q));
        }
    }

    private static String stringValue(String name, String q) {
        if (name.contains("city") || name.contains("location") || name.contains("place") || name.contains("country")
                || name.contains("where")) {
            Matcher m = PLACE.matcher(q);
            if (m.find()) {
                return m.group(1);
            }
            Matcher c = CAPITALIZED.matcher(q);
            if (c.find()) {
                return c.group(1);
            }
            return "San Francisco";
        }
        if (name.contains("unit")) {
            return "celsius";
        }
        if (name.contains("date") || name.contains("day")) {
            return "today";
        }
        String t = q.strip();
        if (t.endsWith("?") || t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (name.contains("query") || name.equals("q") || name.contains("text") || name.contains("question")
                || name.contains("search") || name.contains("prompt") || name.contains("input")) {
            return t.length() > 120 ? t.substring(0, 120) : t;
        }
        List<String> words = ReplyWriter.keywords(q);
        return words.isEmpty() ? t : words.get(0);
    }

    /** The raw text a Hermes/Qwen-style model emits for a call (what {@code token_ids} cover). */
    public static String markup(String name, String spacedArgs) {
        StringBuilder sb = new StringBuilder("<tool_call>\n{\"name\": ");
        quote(sb, name);
        return sb.append(", \"arguments\": ").append(spacedArgs).append("}\n</tool_call>").toString();
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        quote(sb, s);
        return sb.toString();
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
