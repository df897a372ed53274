package io.evalprotocol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixturesTest {
    @Test
    void readsSseDataUpToDone() {
        List<JsonObject> chunks = Fixtures.sse(": keep-alive comment\r\n"
                + "event: message\r\n"
                + "data: {\"a\":1}\r\n\r\n"
                + "data:{\"b\":\r\n"
                + "data: 2}\r\n\r\n"
                + "data: [DONE]\r\n\r\n"
                + "data: {\"after\":true}\r\n\r\n");
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).getInt("a")).isEqualTo(1);
        assertThat(chunks.get(1).getInt("b")).as("data lines of one event are joined").isEqualTo(2);
    }

    @Test
    void readsAStreamWithoutDone() {
        assertThat(Fixtures.sse("data: {\"a\":1}")).hasSize(1);
    }

    @Test
    void rejectsANonObjectBody() {
        assertThatThrownBy(() -> Fixtures.json("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failsClearlyWhenNoAncestorHasTheDirectory() {
        assertThatThrownBy(() -> Fixtures.findUp("no-such-dir-9f8e7d/fixtures"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-dir-9f8e7d/fixtures");
    }
}
