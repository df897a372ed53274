package io.evalprotocol.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.IntArrayView;
import io.evalprotocol.api.internal.JsonArrayView;
import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.AbstractList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ChoiceReaderTest {
    private static final JsonProvider JSON = JsonProvider.provider();
    private final ChoiceReader r = ChoiceReader.of("acme.ids", 1, 5);

    private static JsonObject json(String text) {
        return JSON.createReader(new StringReader(text)).readObject();
    }

    private static String message(Runnable read) {
        try {
            read.run();
        } catch (TokenIdExtractionException e) {
            assertThat(e.extractorId()).isEqualTo("acme.ids");
            assertThat(e.choiceIndex()).isEqualTo(1);
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void findsTheChoiceByIndexOrByPosition() {
        JsonObject response = json("{\"choices\":[{\"index\":1,\"a\":1},{\"index\":0}]}");
        assertThat(r.choice(response).getInt("a")).isEqualTo(1);
        assertThat(r.choice(json("{\"choices\":[{},{\"a\":2}]}")).getInt("a")).as("position").isEqualTo(2);
        assertThat(r.chunkChoice(json("{\"choices\":[{\"index\":0}]}"))).isNull();
        assertThat(r.chunkChoice(json("{\"usage\":{}}"))).isNull();
    }

    @Test
    void choiceErrorsNameExtractorChoiceAndWhatIsWrong() {
        assertThat(message(() -> r.choice(json("{}"))))
                .isEqualTo("[acme.ids, choice 1] the response has no `choices` array");
        assertThat(message(() -> r.choice(json("{\"choices\":[{\"index\":0},{\"index\":7}]}"))))
                .isEqualTo("[acme.ids, choice 1] the response has no choice with index 1 (indices present: [0, 7])");
        assertThat(message(() -> r.choice(json("{\"choices\":[\"secret text\"]}"))))
                .isEqualTo("[acme.ids, choice 1] choices[0] is a string, expected an object");
        assertThat(message(() -> r.choice(json("{\"choices\":[{\"index\":\"1\"}]}"))))
                .isEqualTo("[acme.ids, choice 1] choices[0].index is a string, expected an integer");
        assertThat(message(() -> r.chunkChoice(json("{\"choices\":{}}"))))
                .isEqualTo("[acme.ids, choice 1] stream chunk `choices` is an object, expected an array");
    }

    @Test
    void typedReadsReturnNullForAbsentOrNullAndFailOnOtherTypes() {
        JsonObject o = json("{\"n\":null,\"s\":\"x\",\"a\":[],\"o\":{},\"num\":2.5}");
        assertThat(r.object(o, "missing", "p")).isNull();
        assertThat(r.array(o, "n", "p")).isNull();
        assertThat(r.string(o, "s", "p")).isEqualTo("x");
        assertThat(message(() -> r.object(o, "a", "choices[].x"))).endsWith("`choices[].x` is an array, expected an object");
        assertThat(message(() -> r.array(o, "num", "p"))).endsWith("`p` is the number 2.5, expected an array");
        assertThat(message(() -> r.string(o, "o", "p"))).endsWith("`p` is an object, expected a string");
        assertThat(ChoiceReader.kind(null)).isEqualTo("missing");
        assertThat(ChoiceReader.kind(JsonValue.TRUE)).isEqualTo("a boolean");
        assertThat(ChoiceReader.kind(JSON.createValue("a long secret"))).as("never the text").isEqualTo("a string");
    }

    @Test
    void idErrorsSayWhichEntryAndWhy() {
        assertThat(message(() -> r.ids(json("{\"i\":[1,\"2\"]}"), "i", "choices[].token_ids")))
                .endsWith("`choices[].token_ids` entry 1 is a string, expected an integer token id");
        assertThat(message(() -> r.ids(json("{\"i\":[1,2.5]}"), "i", "p")))
                .endsWith("`p` entry 1 is the number 2.5, expected an integer token id");
        assertThat(message(() -> r.ids(json("{\"i\":[-1]}"), "i", "p"))).endsWith("`p` entry 0 is -1, not a valid token id");
        assertThat(message(() -> r.ids(json("{\"i\":[2147483648]}"), "i", "p")))
                .endsWith("`p` entry 0 is 2147483648, not a valid token id");
        assertThat(message(() -> r.ids(json("{\"i\":[1,2,3,4,5,6]}"), "i", "p")))
                .endsWith("`p` has 6 entries, more than the limit of 5 (ExtractionContext.maxTokenIds)");
        assertThat(r.idOrMissing(JSON.createValue(-1), "p", 0)).isEqualTo(LogprobColumns.MISSING_TOKEN_ID);
        assertThat(message(() -> r.idOrMissing(JSON.createValue(-2), "p", 3))).endsWith("`p` entry 3 is -2, not a valid token id");
    }

    @Test
    void logprobsReadNullAsNaNAndRejectOtherTypes() {
        assertThat(r.logprobs(json("{\"l\":[-0.5,null,-9999.0]}").getJsonArray("l"), "p"))
                .containsExactly(-0.5, Double.NaN, -9999.0);
        assertThat(message(() -> r.logprobs(json("{\"l\":[-0.5,true]}").getJsonArray("l"), "lp")))
                .endsWith("`lp` entry 1 is a boolean, expected a number or null");
        assertThat(message(() -> r.logprob(null, "lp", 4))).endsWith("`lp` entry 4 is missing, expected a number or null");
    }

    /** Every id array, read the fast way and the JSON-P way, gives the same ids or the same message. */
    @Test
    void rawAndIntBackedIdArraysReadLikeJsonP() {
        String[] arrays = {
            "[]", "[0]", "[1,2,3]", "[2147483647]", "[2147483648]", "[-1]", "[1,-0]", "[1.0]", "[1e2]", "[1,\"2\"]",
            "[null]", "[1,[2]]", "[\"a,b\"]", "[1,2,3,4,5,6]", "[1,2,3,4,5]", "[10,20]",
            "[99999999999]", "[12345678901234567890]", "[0,{\"a\":1}]"
        };
        for (String text : arrays) {
            JsonArray raw = (JsonArray) RawJsonValue.of(text);
            // the same elements, through the generic path (messages print numbers as the raw view keeps them)
            JsonArray view = new ViewOnly(raw);
            assertThat(outcome(a -> r.ids(a, "p"), raw)).as(text).isEqualTo(outcome(a -> r.ids(a, "p"), view));
        }
        int[][] intArrays = {{}, {1, 2, 3}, {0, -1, 5}, {1, 2, 3, 4, 5, 6}, {Integer.MAX_VALUE}};
        for (int[] ints : intArrays) {
            JsonArray plain = JSON.createArrayBuilder(java.util.Arrays.stream(ints).boxed()
                    .collect(java.util.stream.Collectors.toList())).build();
            assertThat(outcome(a -> r.ids(a, "p"), new Ints(ints))).as(java.util.Arrays.toString(ints))
                    .isEqualTo(outcome(a -> r.ids(a, "p"), plain));
        }
    }

    @Test
    void idsOfAnIntBackedArrayAreACopy() {
        int[] values = {4, 5, 6};
        int[] read = r.ids(new Ints(values), "p");
        read[0] = 99;
        assertThat(values).containsExactly(4, 5, 6);
    }

    private static String outcome(Function<JsonArray, int[]> read, JsonArray a) {
        try {
            return java.util.Arrays.toString(read.apply(a));
        } catch (TokenIdExtractionException e) {
            return e.getMessage();
        }
    }

    /** What ep-core's {@code int[]}-backed token_ids arrays look like to the toolkit. */
    private static final class Ints extends AbstractList<JsonValue> implements IntArrayView {
        private final int[] values;

        Ints(int[] values) {
            this.values = values;
        }

        @Override
        public int[] toIntArray() {
            return values.clone();
        }

        @Override
        public JsonValue get(int index) {
            return JSON.createValue(values[index]);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public ValueType getValueType() {
            return ValueType.ARRAY;
        }
    }

    /** A JSON array that is not a RawJsonValue, answering from one: forces the generic path. */
    private static final class ViewOnly extends AbstractList<JsonValue> implements JsonArrayView {
        private final JsonArray a;

        ViewOnly(JsonArray a) {
            this.a = a;
        }

        @Override
        public JsonValue get(int index) {
            return a.get(index);
        }

        @Override
        public int size() {
            return a.size();
        }

        @Override
        public ValueType getValueType() {
            return ValueType.ARRAY;
        }
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(() -> ChoiceReader.of("x", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
