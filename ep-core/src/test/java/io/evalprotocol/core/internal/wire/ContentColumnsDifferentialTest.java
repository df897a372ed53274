package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.LogprobColumns;
import io.evalprotocol.spi.OpenAiCompatibleChannel;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reading of {@code logprobs.content[]} (the body reader fills the columns while validating them,
 * {@link EntryColumns}, and {@link LogprobColumns} takes them) against the two-pass reading it replaces (the
 * same reader with {@link WireJson#withoutContentColumns()}, then the SPI's byte reader), on seeded generated
 * bodies: every escape form in keys and strings, multi-byte UTF-8, duplicate keys and duplicate {@code content}
 * members, {@code -1} ids, missing members, wrong types, numbers in every form, nested junk, whitespace, and
 * byte-level corruption. The reader's result (kept text) or error, and every columns read (values bit for bit,
 * presence flags, counts, the entry views) or its error, must be equal; so must whole channels
 * ({@link OpenAiCompatibleChannel}, what the fireworks and openai extractors run).
 */
class ContentColumnsDifferentialTest {
    private static final RawJsonSupport.Access RAW = RawJsonSupport.access();

    private static final String[] TOKENS = {
        "hello", " world", "\\n", "\\t", "\\\"", "\\\\", "/", "\\/", "é", "\\u00e9", "\\u00E9", "中文", "😊",
        "\\ud83d\\ude0a", "\\ud83d", "\\udc00", "", "<|im_end|>", "\\u0000", " \\u2028", "ÿ", "\\b\\f\\r", "\u007f",
    };

    private static final String[] NUMBERS = {
        "0", "-0", "0.0", "-0.0", "1", "-1", "-0.6931472", "-9999.0", "-1.25e-7", "-1.25E-7", "2e3", "1E+2",
        "-3.5e+1", "-0.000000000000000000000001", "123456789012345678901234567890", "-12345.678901234567890123",
        "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "0e5", "-0E-3", "1e9999999999", "-2.5",
        "0.30000000000000004", "100", "-123456789", "9007199254740993", "-0.318021", "-0.02749304",
    };

    private static final String[] IDS = {
        "0", "1", "42", "151645", "-1", "-0", "2147483647", "2147483648", "-2", "-2147483649", "99999999999",
        "999999999999999999", "9999999999999999999", "1.0", "1.5", "1e2", "1E0", "-1.0", "0.0", "12345678901234567890",
    };

    private static final String[] WRONG = {"\"x\"", "\"\"", "true", "false", "{}", "{\"a\":1}", "[]", "[1,2]", "null"};

    private static final String[] OTHER_KEYS = {
        "bytes", "top_logprobs", "token_ids", "logprobs", "Token", "token_i", "token_idx", "sampling", "x", "content",
        "tok\\u0065n_id2", "l\\u006fgprob_", "\\u00e9", "中文", "sampling_logprobs", "logprob ", "Logprob",
    };

    /** Junk bytes for corruption: structure, quotes, escapes, invalid and truncated UTF-8, controls. */
    private static final byte[][] JUNK = {
        {','}, {'}'}, {']'}, {'{'}, {'['}, {'"'}, {'\\'}, {':'}, {'x'}, {'-'}, {'.'}, {'e'}, {'0'}, {' '},
        {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {1},
        {'\\', 'u', 'd', '8'}, {'n', 'u', 'l'}, {'t', 'r'},
    };

    @Test
    void onePassMatchesTwoPassOnGeneratedBodies() {
        Random random = new Random(20261126L);
        int documents = 0;
        int readerErrors = 0;
        int attached = 0;
        int columnErrors = 0;
        for (int round = 0; round < 3000; round++) {
            String body = body(random, round % 2 == 1);
            byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
            if (round % 5 == 4) {
                utf8 = corrupt(random, utf8);
            }
            WireJson onePass = reader(random);
            WireJson twoPass = onePass.withoutContentColumns();
            String where = new String(utf8, StandardCharsets.UTF_8);
            Object expected = read(twoPass, utf8);
            Object actual = read(onePass, utf8);
            if (expected instanceof String) {
                assertThat(actual).as(where).isEqualTo(expected);
                readerErrors++;
                continue;
            }
            documents++;
            JsonObject a = (JsonObject) actual;
            JsonObject e = (JsonObject) expected;
            assertThat(a.toString()).as(where).isEqualTo(e.toString());
            if (!(e.get("choices") instanceof JsonArray)) {
                continue; // corruption renamed or retyped it
            }
            JsonArray choices = e.getJsonArray("choices");
            if (!choices.stream().allMatch(c -> c instanceof JsonObject)) {
                continue;
            }
            for (int k = 0; k < choices.size(); k++) {
                JsonValue lp = ((JsonObject) choices.get(k)).get("logprobs");
                assertThat(RAW.takeContentColumns(lp instanceof RawJsonValue ? (RawJsonValue) lp : null))
                        .as("the two-pass reader attaches nothing").isNull();
            }
            // the same document twice more: one for the columns reads, one for the channels
            JsonObject forColumns = (JsonObject) read(onePass, utf8);
            JsonObject forChannels = (JsonObject) read(onePass, utf8);
            for (int k = 0; k < choices.size(); k++) {
                JsonValue lp = ((JsonObject) choices.get(k)).get("logprobs");
                if (!(lp instanceof JsonObject)) {
                    continue;
                }
                JsonObject lpOne = (JsonObject) ((JsonObject) forColumns.getJsonArray("choices").get(k)).get("logprobs");
                if (lpOne instanceof RawJsonValue && hasColumns((RawJsonValue) lpOne)) {
                    attached++;
                }
                LogprobColumns.Spec spec = spec(random);
                int offset = random.nextInt(4) == 0 ? random.nextInt(1000) : 0;
                int max = random.nextInt(8) == 0 ? offset + random.nextInt(10) + 1 : 1 << 20;
                ChoiceReader r = ChoiceReader.of("test.columns", k, max);
                String want = columns(() -> r.contentColumns((JsonObject) lp, spec, offset));
                String got = columns(() -> r.contentColumns(lpOne, spec, offset));
                assertThat(got).as("%s with %s, offset %d, limit %d", where, spec, offset, max).isEqualTo(want);
                if (want.startsWith("!")) {
                    columnErrors++;
                }
                String channelWant = channel(e, k, max);
                String channelGot = channel(forChannels, k, max);
                assertThat(channelGot).as("channel, %s, limit %d", where, max).isEqualTo(channelWant);
            }
            // every choice fed to one channel, as a stream's chunks are: later reads append to earlier entries
            int max = random.nextInt(6) == 0 ? 1 + random.nextInt(12) : 1 << 20;
            assertThat(chunks((JsonObject) read(onePass, utf8), max)).as("as chunks, %s, limit %d", where, max)
                    .isEqualTo(chunks(e, max));
        }
        assertThat(documents).as("documents read").isGreaterThan(1500);
        assertThat(readerErrors).as("reader errors compared").isGreaterThan(300);
        assertThat(attached).as("reads served by the reader's columns").isGreaterThan(500);
        assertThat(columnErrors).as("column errors compared").isGreaterThan(300);
    }

    /** A content array past the reader's first allocation: the columns grow, the positions stay right. */
    @Test
    void longContentArraysGrowTheColumns() {
        Random random = new Random(5L);
        StringBuilder content = new StringBuilder("[");
        for (int j = 0; j < 30_000; j++) {
            if (j > 0) {
                content.append(',');
            }
            content.append("{\"token\":\"t").append(j).append("\",\"logprob\":").append(-random.nextInt(1000) / 97.0)
                    .append(j % 3 == 0 ? ",\"sampling_logprob\":-0.5" : "").append(",\"token_id\":").append(j)
                    .append(",\"bytes\":[116],\"top_logprobs\":[]}");
        }
        String body = "{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":" + content + "]},\"finish_reason\":\"stop\"}]}";
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        for (WireJson base : new WireJson[] {new WireJson(100, 1 << 24, 1000), new WireJson(100, 1 << 24, 1000)
                .withTransientPayloads()}) {
            JsonObject one = (JsonObject) read(base, utf8);
            JsonObject two = (JsonObject) read(base.withoutContentColumns(), utf8);
            JsonObject lpOne = (JsonObject) ((JsonObject) one.getJsonArray("choices").get(0)).get("logprobs");
            JsonObject lpTwo = (JsonObject) ((JsonObject) two.getJsonArray("choices").get(0)).get("logprobs");
            JsonObject probe = (JsonObject) read(base, utf8);
            assertThat(hasColumns((RawJsonValue) ((JsonObject) probe.getJsonArray("choices").get(0)).get("logprobs")))
                    .as("the reader attached columns").isTrue();
            LogprobColumns.Spec spec = LogprobColumns.Spec.of("c").withTokenIds().withSamplingLogprobs();
            ChoiceReader r = ChoiceReader.of("test.columns", 0, 1 << 20);
            String want = columns(() -> r.contentColumns(lpTwo, spec, 0));
            assertThat(want).startsWith("30000 entries");
            assertThat(columns(() -> r.contentColumns(lpOne, spec, 0))).isEqualTo(want);
        }
    }

    /**
     * The reader's shortcuts inside an entry (compact integer arrays such as {@code bytes}, plain token ids and
     * logprobs) meet every odd form with the general scan's result: the same error at the same place, the same
     * limit, the same rewritten text. Each body has no other long number, so a missed limit would show.
     */
    @Test
    void entryShortcutsFailAndRewriteLikeTheGeneralScan() {
        String[] bytes = {
            "[]", "[0]", "[00]", "[01]", "[1,2,]", "[,1]", "[ 1]", "[1 ,2]", "[1, 2]", "[-1]", "[1.5]", "[1e2]", "[1E2]",
            "[123]", "[1234]", "[1,1234]", "[12345678901234567890]", "[[1]]", "[1,\"a\"]", "[1,null]", "[1", "[1,",
            "[1]]", "[1}", "[1,[2,[3]]]", "[\n1]", "[1\t]", "[+1]", "[1x]",
        };
        String[] ids = {"7", "-1", "-0", "0", "00", "07", "1.0", "1e2", "-", "1234", "12", "-12", "2147483647", "2147483648"};
        String[] logprobs = {"-0.5", "-0.50", "0.0", "-0", "00.5", "-.5", "1.", "1.e2", "-1e400", "-12.5", "1234.5", "-1.2345"};
        int compared = 0;
        for (String member : new String[] {"bytes", "top_logprobs", "token_id", "logprob", "sampling_logprob"}) {
            String[] values = member.equals("token_id") ? ids : member.endsWith("logprob") ? logprobs : bytes;
            for (String value : values) {
                String entry = "{\"token\":\"a\",\"logprob\":-0.5,\"token_id\":7,\"" + member + "\":" + value + "}";
                String body = "{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[" + entry + "," + entry
                        + "]},\"finish_reason\":\"stop\"}]}";
                byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
                for (int depth : new int[] {100, 5, 4}) {
                    for (int numbers : new int[] {1000, 3}) {
                        for (boolean ids2 : new boolean[] {false, true}) {
                            WireJson one = new WireJson(depth, 1000, numbers);
                            one = ids2 ? one.withTransientPayloads() : one;
                            Object want = read(one.withoutContentColumns(), utf8);
                            Object got = read(one, utf8);
                            String where = body + " depth " + depth + " numbers " + numbers;
                            if (want instanceof String) {
                                assertThat(got).as(where).isEqualTo(want);
                            } else {
                                assertThat(got.toString()).as(where).isEqualTo(want.toString());
                                JsonObject lp = (JsonObject) ((JsonObject) ((JsonObject) got).getJsonArray("choices").get(0))
                                        .get("logprobs");
                                JsonObject lpWant = (JsonObject) ((JsonObject) ((JsonObject) want)
                                        .getJsonArray("choices").get(0)).get("logprobs");
                                LogprobColumns.Spec spec = LogprobColumns.Spec.of("c").withTokenIds().withSamplingLogprobs();
                                ChoiceReader r = ChoiceReader.of("test.columns", 0, 100);
                                assertThat(columns(() -> r.contentColumns(lp, spec, 0))).as(where)
                                        .isEqualTo(columns(() -> r.contentColumns(lpWant, spec, 0)));
                            }
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(12 * (2 * 29 + 14 + 2 * 12));
    }

    /** Columns are taken once: a second read of the same value reads the bytes, with the same result. */
    @Test
    void columnsAreTakenOnceAndNeverShared() {
        byte[] utf8 = ("{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-0.5,"
                + "\"token_id\":7},{\"token\":\"b\",\"logprob\":null,\"token_id\":-1}]}}]}").getBytes(StandardCharsets.UTF_8);
        JsonObject doc = (JsonObject) read(new WireJson(100, 1000, 1000), utf8);
        JsonObject lp = (JsonObject) ((JsonObject) doc.getJsonArray("choices").get(0)).get("logprobs");
        LogprobColumns.Spec spec = LogprobColumns.Spec.of("c").withTokenIdsOrMissing();
        ChoiceReader r = ChoiceReader.of("test.columns", 0, 100);
        LogprobColumns first = r.contentColumns(lp, spec, 0);
        LogprobColumns second = r.contentColumns(lp, spec, 0);
        assertThat(columns(() -> second)).isEqualTo(columns(() -> first))
                .startsWith("2 entries, 2 ids, 1 missing\n0: lp=bfe0000000000000 id=7\n1: lp=7ff8000000000000 id=-1"
                        + "\nlast={\"token\":\"b\",\"logprob\":null,\"token_id\":-1}");
        assertThat(hasColumns((RawJsonValue) lp)).isFalse();
    }

    // ---- reading ---------------------------------------------------------------------------------------

    /** A reader with random limits and mode; always with content columns (the caller derives the other). */
    private static WireJson reader(Random random) {
        int depth = random.nextInt(6) == 0 ? 3 + random.nextInt(5) : 100;
        int strings = random.nextInt(8) == 0 ? 1 + random.nextInt(6) : 1000;
        int numbers = random.nextInt(8) == 0 ? 1 + random.nextInt(6) : 1000;
        WireJson w = random.nextInt(4) == 0 ? new WireJson(depth, strings, numbers, false)
                : new WireJson(depth, strings, numbers);
        return random.nextBoolean() ? w.withTransientPayloads() : w;
    }

    /** The document, or "!" with the error's type and message. */
    private static Object read(WireJson w, byte[] utf8) {
        try {
            return w.readObject(utf8, 0, utf8.length, "response body", true);
        } catch (EpException e) {
            return "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static boolean hasColumns(RawJsonValue v) {
        return v != null && RAW.takeContentColumns(v) != null;
    }

    /** The columns as text (doubles by their bits), or "!" and the error's type and message. */
    private static String columns(java.util.function.Supplier<LogprobColumns> read) {
        LogprobColumns c;
        try {
            c = read.get();
        } catch (EpException | JsonException e) {
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
            // every entry view: the positions the reader recorded must cut the same text
            StringBuilder views = new StringBuilder();
            for (int j = 0; j < c.size(); j++) {
                views.append(c.entry(j));
            }
            sb.append("\nlast=").append(c.entry(c.size() - 1));
            assertThat(views.toString()).isNotEmpty();
            sb.append("\nviews=").append(views.toString().hashCode());
        }
        return sb.toString();
    }

    /** What a channel over choice {@code k} of {@code doc} assembles, or its error. */
    private static String channel(JsonObject doc, int k, int max) {
        ChoiceReader r = ChoiceReader.of("test.channel", k, max);
        try {
            OpenAiCompatibleChannel ch = OpenAiCompatibleChannel.of(r, OpenAiCompatibleChannel.Source.ANY,
                    "choices[].token_ids", "choices[].logprobs");
            ch.addChoice(r.choice(doc));
            ExtractedTokens t = ch.assemble(ExtractedTokens.builder("test.channel"));
            return t.completionTokenIds() + " " + t.sourceField() + " " + t.logprobs().map(l -> {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < l.size(); j++) {
                    sb.append(Long.toHexString(Double.doubleToRawLongBits(l.get(j)))).append(',');
                }
                return sb.toString();
            }) + " " + t.logprobsField() + " " + t.eos();
        } catch (EpException | JsonException | IllegalStateException e) {
            return "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** What one channel assembles from every choice of {@code doc} in turn (each one a stream chunk), or its error. */
    private static String chunks(JsonObject doc, int max) {
        ChoiceReader r = ChoiceReader.of("test.chunks", 0, max);
        try {
            OpenAiCompatibleChannel ch = OpenAiCompatibleChannel.of(r, OpenAiCompatibleChannel.Source.CONTENT,
                    "choices[].token_ids", "choices[].logprobs");
            for (JsonValue choice : doc.getJsonArray("choices")) {
                ch.addChoice((JsonObject) choice);
            }
            ExtractedTokens t = ch.assemble(ExtractedTokens.builder("test.chunks"));
            return t.completionTokenIds() + " " + t.logprobs().map(l -> {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < l.size(); j++) {
                    sb.append(Long.toHexString(Double.doubleToRawLongBits(l.get(j)))).append(',');
                }
                return sb.toString();
            }) + " " + t.logprobsField() + " " + t.eos();
        } catch (EpException | JsonException | IllegalStateException | ClassCastException e) {
            return "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
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
        if (random.nextInt(5) == 0) {
            spec = spec.withTokens();
        }
        return spec;
    }

    /** A chat completion with one to three choices, each with a {@code logprobs} object. */
    private static String body(Random random, boolean mutate) {
        StringBuilder sb = new StringBuilder("{\"id\":\"chatcmpl-1\",").append(space(random)).append("\"choices\":[");
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                sb.append(',').append(space(random));
            }
            int entries = random.nextInt(random.nextInt(20) == 0 ? 200 : 8);
            List<String> members = new ArrayList<>();
            members.add("\"index\":" + k);
            members.add("\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}");
            members.add("\"logprobs\":" + space(random) + logprobs(random, entries, mutate));
            if (random.nextBoolean()) {
                StringBuilder ids = new StringBuilder("[");
                for (int j = 0; j < entries; j++) {
                    ids.append(j > 0 ? "," : "").append(random.nextInt(8) == 0 ? random.nextInt(1000) : j + 100);
                }
                members.add("\"token_ids\":" + ids + "]");
            }
            members.add("\"finish_reason\":" + pick(random, "\"stop\"", "\"length\"", "null"));
            if (random.nextInt(8) == 0) {
                members.add("\"raw_output\":{\"logprobs\":" + logprobs(random, 2, mutate) + "}");
            }
            Collections.shuffle(members, random);
            sb.append('{').append(String.join("," + space(random), members)).append('}');
        }
        sb.append("],\"usage\":{\"logprobs\":").append(logprobs(random, 1, false)).append("}}");
        if (random.nextInt(10) == 0) {
            // logprobs outside a choice: kept as usual, no columns
            sb.insert(1, "\"logprobs\":" + logprobs(random, 2, false) + ",");
        }
        return sb.toString();
    }

    /** A {@code logprobs} object: a content array among other members, sometimes twice, sometimes odd. */
    private static String logprobs(Random random, int entries, boolean mutate) {
        List<String> members = new ArrayList<>();
        int shape = random.nextInt(20);
        if (shape == 0) {
            return pick(random, "[]", "[1]", "{}");
        }
        members.add(member(random, shape == 1 ? "c\\u006fntent" : "content",
                shape == 2 ? pick(random, WRONG) : array(random, entries, mutate)));
        if (random.nextInt(4) == 0) {
            members.add(member(random, "refusal", pick(random, "null", "[]", "\"no\"")));
        }
        if (random.nextInt(10) == 0) {
            // a duplicate: the last one counts
            members.add(member(random, pick(random, "content", "content", "conten\\u0074", "contents", "Content"),
                    random.nextInt(3) == 0 ? pick(random, WRONG) : array(random, random.nextInt(4), mutate)));
        }
        if (random.nextInt(10) == 0) {
            members.add(member(random, pick(random, OTHER_KEYS), array(random, 1, mutate)));
        }
        Collections.shuffle(members, random);
        return "{" + space(random) + String.join("," + space(random), members) + space(random) + "}";
    }

    /**
     * An array of {@code n} entries; with {@code mutate}, one entry (and sometimes a few more) has exactly one
     * defect, so that arrays whose only problem is one odd value are common.
     */
    private static String array(Random random, int n, boolean mutate) {
        StringBuilder sb = new StringBuilder("[").append(space(random));
        int wrong = mutate && n > 0 ? random.nextInt(n) : -1;
        for (int j = 0; j < n; j++) {
            if (j > 0) {
                sb.append(space(random)).append(',').append(space(random));
            }
            int defect = j == wrong || mutate && random.nextInt(8) == 0 ? 1 + random.nextInt(DEFECTS) : 0;
            sb.append(entry(random, defect));
        }
        return sb.append(space(random)).append(']').toString();
    }

    private static final int DEFECTS = 10;

    /** An entry; {@code defect} 0 for a good one, else which single thing is wrong or unusual. */
    private static String entry(Random random, int defect) {
        if (defect == 1) {
            return pick(random, "1", "-0.5", "\"entry\"", "[]", "null", "true", "[{\"logprob\":1}]", "{}");
        }
        List<String> members = new ArrayList<>();
        members.add(member(random, key(random, "token"), defect == 2 ? pick(random, WRONG)
                : '"' + pick(random, TOKENS) + '"'));
        if (defect != 3) {
            members.add(member(random, key(random, "logprob"), defect == 4 ? pick(random, WRONG)
                    : random.nextInt(10) == 0 ? "null" : pick(random, NUMBERS)));
        }
        if (defect == 5 || random.nextBoolean()) {
            members.add(member(random, key(random, "sampling_logprob"), defect == 5 ? pick(random, WRONG)
                    : random.nextInt(8) == 0 ? "null" : pick(random, NUMBERS)));
        }
        if (defect == 6 || defect == 7 || random.nextInt(5) != 0) {
            String id = defect == 6 ? pick(random, IDS) : defect == 7 ? pick(random, WRONG)
                    : random.nextInt(10) == 0 ? "-1" : String.valueOf(random.nextInt(200_000));
            members.add(member(random, key(random, "token_id"), id));
        }
        if (random.nextBoolean()) {
            members.add(member(random, "bytes", "[" + (32 + random.nextInt(200)) + ",240,159,152,138]"));
        }
        if (random.nextInt(3) == 0) {
            members.add(member(random, "top_logprobs", "[{\"token\":\"a,}]\\\"\",\"logprob\":-1.5,\"bytes\":[97],"
                    + "\"token_id\":3},{\"token\":\"{\",\"logprob\":null,\"bytes\":null,\"nested\":[[[{\"x\":[]}]]]}]"));
        }
        if (defect == 8 || random.nextInt(4) == 0) {
            members.add(member(random, pick(random, OTHER_KEYS), pick(random, pick(random, NUMBERS), "\"v\"",
                    "{\"token_id\":1}", "[null]", "{\"logprob\":{\"logprob\":[-1]}}")));
        }
        if (defect == 9 || defect == 10 || random.nextInt(6) == 0) {
            // a duplicate: the last one counts (defect 10: a key spelled with an escape)
            String name = pick(random, "token", "logprob", "sampling_logprob", "token_id");
            String value = name.equals("token") ? '"' + pick(random, TOKENS) + '"'
                    : name.equals("token_id") ? pick(random, String.valueOf(random.nextInt(1000)), "-1", "1.5", "null")
                    : pick(random, pick(random, NUMBERS), "null", "\"x\"");
            String key = defect == 10 ? escaped(random, name) : key(random, name);
            members.add(random.nextInt(members.size() + 1), member(random, key, value));
        }
        Collections.shuffle(members, random);
        return "{" + space(random) + String.join(space(random) + "," + space(random), members) + space(random) + "}";
    }

    private static String member(Random random, String key, String value) {
        return '"' + key + '"' + space(random) + ':' + space(random) + value;
    }

    /** The key, sometimes with an escape that decodes to the same text. */
    private static String key(Random random, String name) {
        return random.nextInt(12) != 0 ? name : escaped(random, name);
    }

    /** The name with one character as a {@code \\u} escape, in lower or upper case hex. */
    private static String escaped(Random random, String name) {
        int at = random.nextInt(name.length());
        String hex = String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) name.charAt(at));
        return name.substring(0, at) + hex + name.substring(at + 1);
    }

    private static String space(Random random) {
        return random.nextInt(8) == 0 ? pick(random, " ", "\n", "\t ", "\r\n  ") : "";
    }

    /** The body with a few bytes replaced, inserted or cut, mostly inside a {@code logprobs} object. */
    private static byte[] corrupt(Random random, byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        int lp = text.indexOf("\"logprobs\"");
        int from = lp >= 0 && random.nextInt(4) > 0 ? lp : 0;
        int at = from + random.nextInt(Math.max(1, utf8.length - from));
        byte[] junk = JUNK[random.nextInt(JUNK.length)];
        switch (random.nextInt(4)) {
            case 0: // truncate
                return java.util.Arrays.copyOf(utf8, at);
            case 1: // delete one byte
                return concat(java.util.Arrays.copyOf(utf8, at), java.util.Arrays.copyOfRange(utf8, Math.min(at + 1,
                        utf8.length), utf8.length));
            case 2: // insert
                return concat(concat(java.util.Arrays.copyOf(utf8, at), junk),
                        java.util.Arrays.copyOfRange(utf8, at, utf8.length));
            default: // overwrite
                byte[] out = utf8.clone();
                for (int k = 0; k < junk.length && at + k < out.length; k++) {
                    out[at + k] = junk[k];
                }
                return out;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
