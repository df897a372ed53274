package io.evalprotocol.core.internal.rollout;

import java.util.Random;

/**
 * Random Fireworks-style chat bodies for comparing decode paths: {@code logprobs.content[]} entries with every
 * escape form, multi-byte UTF-8, 0-3 {@code top_logprobs}, {@code sampling_logprob} on all, some or no entries
 * (sometimes {@code null}), {@code choices[].token_ids}, one to three choices, and random whitespace.
 */
final class GeneratedBodies {
    private static final String[] TOKEN_PARTS = {
        "a", " the", "Hello", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u00e9", "\\u00E9", "\\ud83d\\ude0a", "\\u2028", " ",
        "<|im_end|>", "\\\\xf0\\\\x9f",
    };
    private static final String[] LOGPROBS = {
        "0", "-0.0", "-0.00419", "-1e-05", "-2.5E-7", "-9999.0", "-3", "-12.75", "-1.0500000000000001e-5",
        "-0.30000000000000004", "-123456789.5", "-5e-324",
    };

    private GeneratedBodies() {
    }

    static String fireworks(Random r) {
        String ws = r.nextInt(3) > 0 ? "" : new String[] {" ", "\n", "\t", "\r\n  "}[r.nextInt(4)];
        int choices = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1;
        int sampling = r.nextInt(3); // 0: none, 1: all, 2: some (and some null)
        StringBuilder sb = new StringBuilder("{").append(ws)
                .append("\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",").append(ws)
                .append("\"prompt_token_ids\":[1,2,3],\"choices\":[");
        for (int c = 0; c < choices; c++) {
            int[] ids = new int[r.nextInt(6)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(151_000);
            }
            sb.append(c > 0 ? "," + ws : "").append("{\"index\":").append(c)
                    .append(",\"message\":{\"role\":\"assistant\",\"content\":").append(token(r)).append("},")
                    .append(ws).append("\"finish_reason\":\"stop\",\"logprobs\":").append(ws)
                    .append(logprobs(r, ws, ids, sampling)).append(",\"token_ids\":[");
            for (int i = 0; i < ids.length; i++) {
                sb.append(i > 0 ? "," + ws : "").append(ids[i]);
            }
            sb.append(ws).append("]}");
        }
        return sb.append("],").append(ws)
                .append("\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}").toString();
    }

    private static String logprobs(Random r, String ws, int[] ids, int sampling) {
        StringBuilder sb = new StringBuilder("{\"content\":").append(ws).append('[');
        for (int i = 0; i < ids.length; i++) {
            sb.append(i > 0 ? "," + ws : "").append(entry(r, ws, r.nextInt(4), ids[i], sampling));
        }
        return sb.append(ws).append("]}").toString();
    }

    private static String entry(Random r, String ws, int alternatives, int id, int sampling) {
        StringBuilder sb = new StringBuilder("{\"token\":").append(ws).append(token(r))
                .append(",\"logprob\":").append(LOGPROBS[r.nextInt(LOGPROBS.length)]);
        if (sampling == 1 || sampling == 2 && r.nextBoolean()) {
            sb.append(",\"sampling_logprob\":")
                    .append(sampling == 2 && r.nextInt(3) == 0 ? "null" : LOGPROBS[r.nextInt(LOGPROBS.length)]);
        }
        sb.append(",").append(ws).append("\"bytes\":[");
        for (int b = r.nextInt(4); b > 0; b--) {
            sb.append(r.nextInt(256)).append(b > 1 ? "," : "");
        }
        sb.append("],\"token_id\":").append(id);
        if (alternatives > 0) {
            sb.append(",\"top_logprobs\":[");
            for (int i = 0; i < alternatives; i++) {
                sb.append(i > 0 ? "," + ws : "").append(entry(r, ws, 0, r.nextInt(151_000), 0));
            }
            sb.append(']');
        }
        return sb.append(ws).append('}').toString();
    }

    private static String token(Random r) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = r.nextInt(4); i > 0; i--) {
            sb.append(TOKEN_PARTS[r.nextInt(TOKEN_PARTS.length)]);
        }
        return sb.append('"').toString();
    }
}
