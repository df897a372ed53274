package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.internal.ContentColumns;
import io.evalprotocol.api.internal.RawJsonSupport;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The columns a body reader attaches to a raw {@code logprobs} object ({@link ContentColumns}): handed out once,
 * invisible to the value's JSON behaviour, and dropped when a message keeps the value.
 */
class RawJsonContentColumnsTest {
    private static final RawJsonSupport.Access RAW = RawJsonSupport.access();
    private static final byte[] TEXT = "{\"content\":[{\"logprob\":-0.5,\"token_id\":7}]}".getBytes(StandardCharsets.UTF_8);

    private static ContentColumns columns() {
        return new ContentColumns(1, new double[] {-0.5}, null, new int[] {7}, new byte[] {ContentColumns.HAS_TOKEN_ID},
                1, 0, 0, new int[] {12, TEXT.length - 1});
    }

    @Test
    void columnsAreTakenOnce() {
        ContentColumns c = columns();
        RawJsonValue v = (RawJsonValue) RAW.trusted(TEXT, 0, TEXT.length, c);
        assertThat(RAW.takeContentColumns(v)).isSameAs(c);
        assertThat(RAW.takeContentColumns(v)).isNull();
        assertThat(RAW.takeContentColumns((RawJsonValue) RAW.trusted(TEXT, 0, TEXT.length))).isNull();
    }

    @Test
    void columnsDoNotChangeTheValue() {
        JsonObject with = (JsonObject) RAW.trusted(TEXT, 0, TEXT.length, columns());
        JsonObject without = (JsonObject) RAW.trusted(TEXT, 0, TEXT.length);
        assertThat(with).isEqualTo(without).hasSameHashCodeAs(without);
        assertThat(with.toString()).isEqualTo(without.toString());
        assertThat(with.getJsonArray("content").getJsonObject(0).getInt("token_id")).isEqualTo(7);
    }

    @Test
    void aMessageKeepingThePayloadDropsTheColumns() {
        RawJsonValue v = (RawJsonValue) RAW.trusted(TEXT, 0, TEXT.length, columns());
        Message m = Message.builder().role(Role.ASSISTANT).content("a").logprobs(v).build();
        assertThat(m.logprobs()).contains(v);
        assertThat(RAW.takeContentColumns(v)).as("a row does not carry the reader's columns").isNull();
    }

    @Test
    void onlyObjectsCarryColumns() {
        byte[] array = "[1]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RAW.trusted(array, 0, array.length, columns()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
