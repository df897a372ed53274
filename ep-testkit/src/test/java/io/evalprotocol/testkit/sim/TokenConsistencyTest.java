package io.evalprotocol.testkit.sim;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token-level contract: ids decode to the content, bytes concatenate to it, offsets count code points,
 * logprob alternatives are a sorted sub-distribution, usage counts the ids, and streaming reproduces the
 * non-streamed response exactly.
 */
class TokenConsistencyTest {
    static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    static final int IM_START = 200_264;
    static final int IM_END = 200_265;
    static final int IM_SEP = 200_266;

    private static final Map<Flavour, SimulatedProvider> SIMS = new EnumMap<>(Flavour.class);

    /** Ends with a tool result holding emoji whose o200k tokens split UTF-8 characters (💙: 2 tokens, 🫶: 3). */
    private static final String EMOJI_CONVERSATION = "\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"What does my friend think of Paris?\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"ask_friend\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"She says: I 💙 Paris 🫶 très jolie\"}]";
    private static final String MATH = "\"messages\":[{\"role\":\"user\",\"content\":\"A baker made 36 muffins and "
            + "sold 17 of them. How many muffins are left?\"}]";

    @BeforeAll
    static void start() {
        for (Flavour f : Flavour.values()) {
            SIMS.put(f, SimulatedProvider.builder().flavour(f).seed(11).build().start());
        }
    }

    @AfterAll
    static void stop() {
        SIMS.values().forEach(SimulatedProvider::close);
    }

    private static SimClient client(Flavour f) {
        return new SimClient(SIMS.get(f));
    }

    private static String chatBody(Flavour f, String messages, String extra) {
        return "{\"model\":\"sim\"," + messages + ",\"logprobs\":true,\"top_logprobs\":3,\"n\":2"
                + (f == Flavour.OPENAI ? "" : ",\"return_token_ids\":true") + extra + "}";
    }

    static String decode(int[] ids) {
        IntArrayList l = new IntArrayList(ids.length);
        for (int id : ids) {
            l.add(id);
        }
        return O200K.decode(l);
    }

    private static String content(JsonObject choice) {
        return choice.getJsonObject("message").getString("content");
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"VLLM", "FIREWORKS"})
    void completionIdsDecodeToContentAndEndWithTheChatEos(Flavour f) throws Exception {
        JsonObject r = client(f).chat(chatBody(f, EMOJI_CONVERSATION, ""));
        int total = 0;
        for (JsonValue cv : r.getJsonArray("choices")) {
            JsonObject c = cv.asJsonObject();
            int[] ids = SimClient.ints(c.getJsonArray("token_ids"));
            assertThat(c.getString("finish_reason")).isEqualTo("stop");
            assertThat(ids[ids.length - 1]).isEqualTo(IM_END);
            assertThat(decode(Arrays.copyOf(ids, ids.length - 1))).isEqualTo(content(c)).contains("💙", "🫶");
            assertThat(c.getJsonObject("logprobs").getJsonArray("content")).hasSize(ids.length);
            total += ids.length;
        }
        assertThat(r.getJsonObject("usage").getInt("completion_tokens")).isEqualTo(total);
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"VLLM", "FIREWORKS"})
    void promptIdsFollowTheDocumentedChatTemplate(Flavour f) throws Exception {
        JsonObject r = client(f).chat(chatBody(f, MATH, ""));
        int[] prompt = SimClient.ints(r.getJsonArray("prompt_token_ids"));
        IntArrayList expected = new IntArrayList();
        expected.add(IM_START);
        for (int id : O200K.encodeOrdinary("user").toArray()) {
            expected.add(id);
        }
        expected.add(IM_SEP);
        for (int id : O200K.encodeOrdinary("A baker made 36 muffins and sold 17 of them. How many muffins are left?")
                .toArray()) {
            expected.add(id);
        }
        expected.add(IM_END);
        expected.add(IM_START);
        for (int id : O200K.encodeOrdinary("assistant").toArray()) {
            expected.add(id);
        }
        expected.add(IM_SEP);
        assertThat(prompt).containsExactly(expected.toArray());
        assertThat(r.getJsonObject("usage").getInt("prompt_tokens")).isEqualTo(prompt.length);
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"OPENAI", "FIREWORKS"})
    void logprobBytesConcatenateToTheContent(Flavour f) throws Exception {
        JsonObject r = client(f).chat(chatBody(f, EMOJI_CONVERSATION, ""));
        for (JsonValue cv : r.getJsonArray("choices")) {
            JsonObject c = cv.asJsonObject();
            JsonArray entries = c.getJsonObject("logprobs").getJsonArray("content");
            int visible = f == Flavour.FIREWORKS ? entries.size() - 1 : entries.size(); // Fireworks: EOS entry last
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int j = 0; j < visible; j++) {
                for (JsonValue b : entries.getJsonObject(j).getJsonArray("bytes")) {
                    bytes.write(((jakarta.json.JsonNumber) b).intValue());
                }
            }
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(content(c));
        }
    }

    @Test
    void openAiSpellsPartialCharacterTokensAsByteEscapes() throws Exception {
        JsonObject r = client(Flavour.OPENAI).chat(chatBody(Flavour.OPENAI, EMOJI_CONVERSATION, ""));
        JsonArray entries = r.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs").getJsonArray("content");
        boolean sawEscape = false;
        for (JsonValue e : entries) {
            String token = e.asJsonObject().getString("token");
            byte[] b = bytes(e.asJsonObject().getJsonArray("bytes"));
            if (token.contains("\\x")) {
                sawEscape = true;
            }
            assertThat(unescape(token)).isEqualTo(b);
        }
        assertThat(sawEscape).isTrue();
        // OpenAI never shows the EOS token
        assertThat(entries.getJsonObject(entries.size() - 1).getString("token")).doesNotContain("<|");
    }

    @Test
    void fireworksTextOffsetsCountCodePointsAndTheEosEntryIsEmpty() throws Exception {
        JsonObject r = client(Flavour.FIREWORKS).chat(chatBody(Flavour.FIREWORKS, EMOJI_CONVERSATION, ""));
        JsonObject c = r.getJsonArray("choices").getJsonObject(0);
        JsonArray entries = c.getJsonObject("logprobs").getJsonArray("content");
        int[] ids = SimClient.ints(c.getJsonArray("token_ids"));
        StringBuilder text = new StringBuilder();
        boolean sawEmptyPartial = false;
        for (int j = 0; j < entries.size(); j++) {
            JsonObject e = entries.getJsonObject(j);
            assertThat(e.getInt("token_id")).isEqualTo(ids[j]);
            assertThat(e.getInt("text_offset")).isEqualTo(text.codePointCount(0, text.length()));
            if (e.getString("token").isEmpty() && j < entries.size() - 1) {
                sawEmptyPartial = true;
            }
            text.append(e.getString("token"));
        }
        assertThat(text.toString()).isEqualTo(content(c));
        assertThat(sawEmptyPartial).isTrue();
        JsonObject eos = entries.getJsonObject(entries.size() - 1);
        assertThat(eos.getString("token")).isEmpty();
        assertThat(new String(bytes(eos.getJsonArray("bytes")), StandardCharsets.UTF_8)).isEqualTo("<|im_end|>");
        assertThat(eos.getInt("token_id")).isEqualTo(IM_END);
    }

    @Test
    void vllmShowsPartialCharactersAsReplacementAndTokenIdPlaceholdersOnRequest() throws Exception {
        String body = chatBody(Flavour.VLLM, EMOJI_CONVERSATION, ",\"return_tokens_as_token_ids\":true");
        JsonObject c = client(Flavour.VLLM).chat(body).getJsonArray("choices").getJsonObject(0);
        int[] ids = SimClient.ints(c.getJsonArray("token_ids"));
        JsonArray entries = c.getJsonObject("logprobs").getJsonArray("content");
        for (int j = 0; j < ids.length; j++) {
            JsonObject e = entries.getJsonObject(j);
            assertThat(e.getString("token")).isEqualTo("token_id:" + ids[j]);
            for (JsonValue alt : e.getJsonArray("top_logprobs")) {
                String t = alt.asJsonObject().getString("token");
                assertThat(t).startsWith("token_id:");
                // vLLM quirk: alternatives carry the bytes of the placeholder itself
                assertThat(bytes(alt.asJsonObject().getJsonArray("bytes"))).isEqualTo(t.getBytes(StandardCharsets.UTF_8));
            }
        }
        JsonObject plain = client(Flavour.VLLM).chat(chatBody(Flavour.VLLM, EMOJI_CONVERSATION, ""))
                .getJsonArray("choices").getJsonObject(0);
        boolean sawReplacement = false;
        for (JsonValue e : plain.getJsonObject("logprobs").getJsonArray("content")) {
            sawReplacement |= e.asJsonObject().getString("token").contains("\uFFFD");
        }
        assertThat(sawReplacement).isTrue();
        assertThat(plain.getJsonObject("logprobs").getJsonArray("content")
                .getJsonObject(ids.length - 1).getString("token")).isEqualTo("<|im_end|>");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void topLogprobsAreSortedAndSumToAtMostOne(Flavour f) throws Exception {
        JsonObject r = client(f).chat(chatBody(f, MATH, ",\"top_logprobs\":5"));
        int checked = 0;
        for (JsonValue e : r.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs").getJsonArray("content")) {
            JsonArray top = e.asJsonObject().getJsonArray("top_logprobs");
            assertThat(top).hasSize(5);
            double prev = 0;
            double sum = 0;
            boolean hasSampled = false;
            for (JsonValue t : top) {
                double lp = t.asJsonObject().getJsonNumber("logprob").doubleValue();
                assertThat(lp).isLessThanOrEqualTo(prev);
                prev = lp;
                sum += Math.exp(lp);
                hasSampled |= t.asJsonObject().getString("token").equals(e.asJsonObject().getString("token"))
                        && lp == e.asJsonObject().getJsonNumber("logprob").doubleValue();
            }
            assertThat(sum).isLessThanOrEqualTo(1.0);
            double sampled = Math.exp(e.asJsonObject().getJsonNumber("logprob").doubleValue());
            if (sampled > 0.5) {
                assertThat(hasSampled).as("a token with p > 0.5 must be the most likely").isTrue();
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(5);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void streamingReproducesTheNonStreamedResponse(Flavour f) throws Exception {
        for (String messages : new String[] {MATH, EMOJI_CONVERSATION}) {
            String body = chatBody(f, messages, "");
            JsonObject full = client(f).chat(body);
            var raw = client(f).post("/chat/completions",
                    body.substring(0, body.length() - 1) + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
            assertThat(raw.statusCode()).isEqualTo(200);
            StreamAccumulator s = StreamAccumulator.of(SimClient.events(raw.body()), true);
            JsonArray choices = full.getJsonArray("choices");
            assertThat(s.choices).hasSize(choices.size());
            for (JsonValue cv : choices) {
                JsonObject c = cv.asJsonObject();
                StreamAccumulator.Acc acc = s.choices.get(c.getInt("index"));
                assertThat(acc.content.toString()).isEqualTo(content(c));
                assertThat(acc.finishReason).isEqualTo(c.getString("finish_reason"));
                assertThat(acc.logprobs).containsExactlyElementsOf(c.getJsonObject("logprobs").getJsonArray("content"));
                if (f != Flavour.OPENAI) {
                    assertThat(acc.ids()).containsExactly(SimClient.ints(c.getJsonArray("token_ids")));
                }
            }
            if (f != Flavour.OPENAI) {
                assertThat(s.promptTokenIds).containsExactly(SimClient.ints(full.getJsonArray("prompt_token_ids")));
            }
            JsonObject usage = full.getJsonObject("usage");
            assertThat(s.usage.getInt("completion_tokens")).isEqualTo(usage.getInt("completion_tokens"));
            assertThat(s.usage.getInt("prompt_tokens")).isEqualTo(usage.getInt("prompt_tokens"));
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void maxTokensCutsTheReplyWithFinishReasonLength(Flavour f) throws Exception {
        JsonObject r = client(f).chat(chatBody(f, MATH, ",\"max_tokens\":5"));
        for (JsonValue cv : r.getJsonArray("choices")) {
            JsonObject c = cv.asJsonObject();
            assertThat(c.getString("finish_reason")).isEqualTo("length");
            assertThat(c.getJsonObject("logprobs").getJsonArray("content")).hasSize(5);
            if (f != Flavour.OPENAI) {
                int[] ids = SimClient.ints(c.getJsonArray("token_ids"));
                assertThat(ids).hasSize(5).doesNotContain(IM_END);
                assertThat(decode(ids)).isEqualTo(content(c));
            }
        }
        assertThat(r.getJsonObject("usage").getInt("completion_tokens")).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void sameRequestAndSeedGiveByteIdenticalResponses(Flavour f) throws Exception {
        String body = chatBody(f, MATH, "");
        String a = client(f).post("/chat/completions", body).body();
        String b = client(f).post("/chat/completions", body).body();
        assertThat(a).isEqualTo(b);
        String streamBody = body.substring(0, body.length() - 1) + ",\"stream\":true}";
        assertThat(client(f).post("/chat/completions", streamBody).body())
                .isEqualTo(client(f).post("/chat/completions", streamBody).body());
        try (SimulatedProvider other = SimulatedProvider.builder().flavour(f).seed(11).build().start()) {
            assertThat(new SimClient(other).post("/chat/completions", body).body()).isEqualTo(a);
        }
        try (SimulatedProvider other = SimulatedProvider.builder().flavour(f).seed(12).build().start()) {
            assertThat(new SimClient(other).post("/chat/completions", body).body()).isNotEqualTo(a);
        }
        String withSeed = body.substring(0, body.length() - 1) + ",\"seed\":99}";
        assertThat(client(f).chat(withSeed).getString("id")).isNotEqualTo(SimClient.parse(a).getString("id"));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void temperatureZeroMakesEveryChoiceIdentical(Flavour f) throws Exception {
        JsonObject r = client(f).chat(chatBody(f, "\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky "
                + "blue?\"}]", ",\"n\":3,\"temperature\":0"));
        JsonArray choices = r.getJsonArray("choices");
        assertThat(choices).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(choices.getJsonObject(i).getInt("index")).isEqualTo(i);
            assertThat(content(choices.getJsonObject(i))).isEqualTo(content(choices.getJsonObject(0)));
        }
    }

    /** Undoes Python's {@code backslashreplace}: each {@code \\xNN} is one raw byte, the rest is UTF-8. */
    static byte[] unescape(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < token.length()) {
            if (token.startsWith("\\x", i) && i + 4 <= token.length()) {
                out.write(Integer.parseInt(token.substring(i + 2, i + 4), 16));
                i += 4;
            } else {
                int cp = token.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    static byte[] bytes(JsonArray a) {
        byte[] b = new byte[a.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) a.getInt(i);
        }
        return b;
    }
}
