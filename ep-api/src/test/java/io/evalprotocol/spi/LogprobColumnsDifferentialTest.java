package io.evalprotocol.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The byte-level column reader ({@link RawColumns}) against the JSON-P reading of the same entries, on seeded
 * generated {@code logprobs.content[]} arrays: every value type in every member, escaped and duplicate keys,
 * {@code -1} ids, nulls, exponents, {@code -0.0}, numbers out of every range, multi-byte UTF-8, whitespace, and
 * entry-count limits. Results must be equal entry for entry (doubles bit for bit) and errors equal in type and
 * message; plain JSON-P arrays (Parsson's) must give the same values.
 */
class LogprobColumnsDifferentialTest {
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final String[] TOKENS = {
        "hello", " world", "\\n", "\\t", "\\\"", "\\\\", "/", "\\/", "é", "\\u00e9", "中文", "😊", "\\ud83d\\ude0a", "",
        "token_id:7", "token_id:151645", "<|im_end|>", "\\u0000", " \\u2028", "ÿ"
    };

    private static final String[] NUMBERS = {
        "0", "-0", "0.0", "-0.0", "1", "-1", "-0.6931472", "-9999.0", "-1.25e-7", "-1.25E-7", "2e3", "1E+2", "-3.5e+1",
        "-0.000000000000000000000001", "123456789012345678901234567890", "-12345.678901234567890123", "1e400",
        "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "0e5", "-0E-3", "1e9999999999", "-2.5",
        "0.30000000000000004", "100", "-123456789", "9007199254740993"
    };

    private static final String[] IDS = {
        "0", "1", "42", "151645", "-1", "-0", "2147483647", "2147483648", "-2", "-2147483649", "99999999999",
        "999999999999999999", "9999999999999999999", "1.0", "1.5", "1e2", "1E0", "-1.0", "0.0", "12345678901234567890"
    };

    private static final String[] WRONG = {"\"x\"", "\"\"", "true", "false", "{}", "{\"a\":1}", "[]", "[1,2]", "null"};

    private static final String[] OTHER_KEYS = {
        "bytes", "top_logprobs", "token_ids", "logprobs", "Token", "token_i", "token_idx", "sampling", "x",
        "tok\\u0065n_id2", "l\\u006fgprob_", "\\u00e9", "中文"
    };

    @Test
    void rawReaderMatchesJsonPOnGeneratedEntries() {
        Random random = new Random(20261126L);
        int errors = 0;
        for (int round = 0; round < 4000; round++) {
            boolean mutate = round % 2 == 1;
            String text = array(random, random.nextInt(round % 50 == 0 ? 300 : 12), mutate);
            LogprobColumns.Spec spec = spec(random);
            int offset = random.nextInt(4) == 0 ? random.nextInt(1000) : 0;
            int max = random.nextInt(8) == 0 ? offset + random.nextInt(10) + 1 : 1 << 20;
            ChoiceReader r = ChoiceReader.of("test.columns", 3, max);
            JsonArray raw = (JsonArray) RawJsonValue.of(text);
            String expected = outcome(() -> LogprobColumns.readJsonP(r, raw, spec, offset), true);
            String actual = outcome(() -> r.columns(raw, spec, offset), true);
            assertThat(actual).as("%s with %s, offset %d, limit %d", text, spec, offset, max).isEqualTo(expected);
            if (expected.startsWith("!")) {
                errors++;
            }
            JsonArray plain = parsson(text);
            if (plain != null && !expected.startsWith("!")) {
                assertThat(outcome(() -> r.columns(plain, spec, offset), false))
                        .as("plain JSON-P array %s", text).isEqualTo(outcome(() -> r.columns(raw, spec, offset), false));
            }
        }
        assertThat(errors).as("the mutations reach the error paths").isGreaterThan(1000);
    }

    @Test
    void contentWalkMatchesLookupThenRead() {
        Random random = new Random(7L);
        for (int round = 0; round < 2000; round++) {
            StringBuilder o = new StringBuilder("{");
            int members = random.nextInt(4);
            for (int m = 0; m < members; m++) {
                if (m > 0) {
                    o.append(',');
                }
                String key = pick(random, "content", "content", "c\\u006fntent", "refusal", "token_ids", "contents");
                o.append('"').append(key).append("\":");
                switch (random.nextInt(6)) {
                    case 0:
                        o.append("null");
                        break;
                    case 1:
                        o.append(pick(random, WRONG));
                        break;
                    default:
                        o.append(array(random, random.nextInt(6), random.nextInt(3) == 0));
                        break;
                }
            }
            String text = o.append('}').toString();
            LogprobColumns.Spec spec = spec(random);
            ChoiceReader r = ChoiceReader.of("test.columns", 0, random.nextInt(5) == 0 ? 3 : 1 << 20);
            JsonObject raw = (JsonObject) RawJsonValue.of(text);
            JsonObject viewOnly = new Delegating(raw);
            assertThat(outcome(() -> r.contentColumns(raw, spec, 0), true)).as(text)
                    .isEqualTo(outcome(() -> r.contentColumns(viewOnly, spec, 0), true));
        }
    }

    /** A stream's chunks appended to one set of columns read like one array of all their entries. */
    @Test
    void appendedChunksReadLikeOneArray() {
        Random random = new Random(11L);
        for (int round = 0; round < 1000; round++) {
            LogprobColumns.Spec spec = spec(random);
            ChoiceReader r = ChoiceReader.of("test.columns", 0, random.nextInt(6) == 0 ? 6 : 1 << 20);
            int chunks = 1 + random.nextInt(5);
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < chunks; k++) {
                // the last chunk has entries: the columns' entry() reaches the latest read only
                String a = array(random, k == chunks - 1 ? 1 + random.nextInt(3) : random.nextInt(4), round % 3 == 0);
                parts.add(a.substring(1, a.length() - 1));
            }
            String whole = "[" + parts.stream().filter(p -> !p.isEmpty()).collect(java.util.stream.Collectors.joining(","))
                    + "]";
            String expected = outcome(() -> LogprobColumns.readJsonP(r, (JsonArray) RawJsonValue.of(whole), spec, 0),
                    false);
            String[] chunked = new String[2];
            for (int k = 0; k < 2; k++) {
                boolean raw = k == 0;
                chunked[k] = outcome(() -> {
                    LogprobColumns c = new LogprobColumns(spec, 1);
                    for (String part : parts) {
                        JsonObject lp = (JsonObject) RawJsonValue.of("{\"content\":[" + part + "]}");
                        r.appendContent(raw ? lp : new Delegating(lp), c.size(), c);
                    }
                    return c;
                }, false);
            }
            assertThat(chunked[0]).as("%s read from bytes and through JSON-P", parts).isEqualTo(chunked[1]);
            if (!expected.startsWith("!")) {
                // with an error, chunks report the first one a chunk meets (the limit is checked chunk by chunk)
                assertThat(chunked[0]).as("%s as chunks and as one array", parts).isEqualTo(expected);
            } else {
                assertThat(chunked[0]).startsWith("!");
            }
        }
    }

    @Test
    void growsPastTheFirstAllocationOnALongArray() {
        Random random = new Random(3L);
        // without the one number no double holds, which would fail the whole read
        String text = array(random, 20_000, false).replace("1e9999999999", "1e99");
        LogprobColumns.Spec spec = LogprobColumns.Spec.of("c").withTokenIdsOrMissing().withSamplingLogprobs().withTokens();
        ChoiceReader r = ChoiceReader.of("test.columns", 0, 1 << 20);
        JsonArray raw = (JsonArray) RawJsonValue.of(text);
        String expected = outcome(() -> LogprobColumns.readJsonP(r, raw, spec, 0), true);
        assertThat(expected).startsWith("20000 entries");
        assertThat(outcome(() -> r.columns(raw, spec, 0), true)).isEqualTo(expected);
    }

    // ---- generation ------------------------------------------------------------------------------------

    private static LogprobColumns.Spec spec(Random random) {
        LogprobColumns.Spec spec = LogprobColumns.Spec.of("choices[].logprobs.content");
        switch (random.nextInt(3)) {
            case 0:
                spec = spec.withTokenIds();
                break;
            case 1:
                spec = spec.withTokenIdsOrMissing();
                break;
            default:
                break;
        }
        if (random.nextBoolean()) {
            spec = spec.withSamplingLogprobs();
        }
        if (random.nextBoolean()) {
            spec = spec.withTokens();
        }
        return spec;
    }

    /** An array of {@code n} entries; with {@code mutate}, about one entry in four has something wrong. */
    private static String array(Random random, int n, boolean mutate) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < n; j++) {
            if (j > 0) {
                sb.append(',').append(space(random));
            }
            sb.append(entry(random, mutate && random.nextInt(4) == 0));
        }
        return sb.append(']').toString();
    }

    private static String entry(Random random, boolean wrong) {
        if (wrong && random.nextInt(6) == 0) {
            return pick(random, "1", "-0.5", "\"entry\"", "[]", "null", "true", "[{\"logprob\":1}]");
        }
        List<String> members = new ArrayList<>();
        members.add(member(random, key(random, "token"), random.nextInt(20) == 0 && wrong ? pick(random, WRONG)
                : '"' + pick(random, TOKENS) + '"'));
        if (!wrong || random.nextInt(3) != 0) {
            members.add(member(random, key(random, "logprob"), wrong && random.nextBoolean()
                    ? pick(random, WRONG) : random.nextInt(10) == 0 ? "null" : pick(random, NUMBERS)));
        }
        if (random.nextBoolean()) {
            members.add(member(random, key(random, "sampling_logprob"), wrong && random.nextInt(3) == 0
                    ? pick(random, WRONG) : random.nextInt(8) == 0 ? "null" : pick(random, NUMBERS)));
        }
        if (random.nextInt(5) != 0) {
            String id = wrong && random.nextBoolean() ? pick(random, IDS[random.nextInt(IDS.length)], pick(random, WRONG))
                    : random.nextInt(10) == 0 ? "-1" : String.valueOf(random.nextInt(200_000));
            members.add(member(random, key(random, "token_id"), id));
        }
        if (random.nextBoolean()) {
            members.add(member(random, "bytes", "[" + (32 + random.nextInt(200)) + ",240,159,152,138]"));
        }
        if (random.nextInt(3) == 0) {
            members.add(member(random, "top_logprobs", "[{\"token\":\"a,}]\\\"\",\"logprob\":-1.5,\"bytes\":[97]},"
                    + "{\"token\":\"{\",\"logprob\":null,\"bytes\":null}]"));
        }
        if (random.nextInt(4) == 0) {
            members.add(member(random, pick(random, OTHER_KEYS), pick(random, NUMBERS[random.nextInt(NUMBERS.length)],
                    "\"v\"", "{\"token_id\":1}", "[null]")));
        }
        if (random.nextInt(6) == 0) {
            // a duplicate: the last one counts
            String name = pick(random, "token", "logprob", "sampling_logprob", "token_id");
            String value = name.equals("token") ? '"' + pick(random, TOKENS) + '"'
                    : name.equals("token_id") ? String.valueOf(random.nextInt(1000)) : pick(random, NUMBERS);
            members.add(random.nextInt(members.size() + 1), member(random, key(random, name), value));
        }
        java.util.Collections.shuffle(members, random);
        return "{" + space(random) + String.join("," + space(random), members) + space(random) + "}";
    }

    private static String member(Random random, String key, String value) {
        return '"' + key + '"' + space(random) + ':' + space(random) + value;
    }

    /** The key, sometimes with an escape that decodes to the same text. */
    private static String key(Random random, String name) {
        if (random.nextInt(12) != 0) {
            return name;
        }
        int at = random.nextInt(name.length());
        return name.substring(0, at) + String.format("\\u%04x", (int) name.charAt(at)) + name.substring(at + 1);
    }

    private static String space(Random random) {
        return random.nextInt(8) == 0 ? pick(random, " ", "\n", "\t ", "\r\n  ") : "";
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static JsonArray parsson(String text) {
        try {
            return JSON.createReader(new StringReader(text)).readArray();
        } catch (JsonException | NumberFormatException e) {
            return null; // a number Parsson's reader cannot hold
        }
    }

    // ---- comparison ------------------------------------------------------------------------------------

    /** The columns as text (doubles by their bits), or "!" and the error's type and message. */
    private static String outcome(Supplier<LogprobColumns> read, boolean withEntryText) {
        LogprobColumns c;
        try {
            c = read.get();
        } catch (TokenIdExtractionException | JsonException e) {
            return "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (c == null) {
            return "null";
        }
        LogprobColumns.Spec spec = c.spec();
        StringBuilder sb = new StringBuilder().append(c.size()).append(" entries");
        if (spec.readsTokenIds()) {
            sb.append(", ").append(c.tokenIdCount()).append(" ids, ").append(c.missingTokenIdCount()).append(" missing");
        }
        if (spec.readsSamplingLogprobs()) {
            sb.append(", ").append(c.samplingLogprobCount()).append(" sampling");
        }
        for (int j = 0; j < c.size(); j++) {
            sb.append("\n").append(j).append(": lp=").append(Long.toHexString(Double.doubleToRawLongBits(c.logprob(j))));
            if (spec.readsSamplingLogprobs()) {
                sb.append(" s=").append(c.hasSamplingLogprob(j)).append('/')
                        .append(Long.toHexString(Double.doubleToRawLongBits(c.samplingLogprob(j))));
            }
            if (spec.readsTokenIds()) {
                sb.append(" id=").append(c.hasTokenId(j) ? String.valueOf(c.tokenId(j)) : "absent");
            }
            if (spec.readsTokens()) {
                sb.append(" token=").append(c.token(j));
            }
        }
        if (c.size() > 0) {
            JsonObject last = c.entry(c.size() - 1);
            sb.append("\nlast token=").append(last.get("token"));
            if (withEntryText) {
                sb.append(" text=").append(last);
            }
        }
        if (spec.readsTokenIds() || spec.readsSamplingLogprobs() || spec.readsTokens()) {
            assertThat(c.logprobs().size()).isEqualTo(c.size());
        }
        return sb.toString();
    }

    /** A JSON object that is not a {@link RawJsonValue}, answering from one: forces the lookup path. */
    private static final class Delegating extends AbstractMap<String, JsonValue> implements JsonObject {
        private final JsonObject o;

        Delegating(JsonObject o) {
            this.o = o;
        }

        @Override
        public Set<Map.Entry<String, JsonValue>> entrySet() {
            return o.entrySet();
        }

        @Override
        public JsonValue get(Object key) {
            return o.get(key);
        }

        @Override
        public JsonArray getJsonArray(String name) {
            return o.getJsonArray(name);
        }

        @Override
        public JsonObject getJsonObject(String name) {
            return o.getJsonObject(name);
        }

        @Override
        public jakarta.json.JsonNumber getJsonNumber(String name) {
            return o.getJsonNumber(name);
        }

        @Override
        public jakarta.json.JsonString getJsonString(String name) {
            return o.getJsonString(name);
        }

        @Override
        public String getString(String name) {
            return o.getString(name);
        }

        @Override
        public String getString(String name, String defaultValue) {
            return o.getString(name, defaultValue);
        }

        @Override
        public int getInt(String name) {
            return o.getInt(name);
        }

        @Override
        public int getInt(String name, int defaultValue) {
            return o.getInt(name, defaultValue);
        }

        @Override
        public boolean getBoolean(String name) {
            return o.getBoolean(name);
        }

        @Override
        public boolean getBoolean(String name, boolean defaultValue) {
            return o.getBoolean(name, defaultValue);
        }

        @Override
        public boolean isNull(String name) {
            return o.isNull(name);
        }

        @Override
        public ValueType getValueType() {
            return ValueType.OBJECT;
        }
    }
}
