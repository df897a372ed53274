package io.evalprotocol.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BufferingSinkTest {
    @Test
    void doesNotAllocateWhatAServerOnlyClaimsToSend() {
        // a hostile server declaring Content-Length: 60 MiB and then sending nothing must not cost 60 MiB per
        // request (times the concurrency limit) before a single byte arrived
        BufferingSink sink = new BufferingSink(64L * 1024 * 1024, "maxResponseBytes");
        sink.start("application/json", 60L * 1024 * 1024);
        assertThat(sink.array().length).isLessThanOrEqualTo(BufferingSink.MAX_INITIAL_CAPACITY);
    }

    @Test
    void growsToWhatActuallyArrives() {
        BufferingSink sink = new BufferingSink(64L * 1024 * 1024, "maxResponseBytes");
        sink.start("application/json", 3_000_000);
        byte[] chunk = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 300; i++) {
            sink.data(ByteBuffer.wrap(chunk));
        }
        assertThat(sink.size()).isEqualTo(3_000_000);
        assertThat(new String(sink.array(), 2_999_990, 10, StandardCharsets.US_ASCII)).isEqualTo("0123456789");
    }

    @Test
    void sizesASmallDeclaredBodyExactly() {
        BufferingSink sink = new BufferingSink(1024, "maxResponseBytes");
        sink.start("application/json", 100);
        assertThat(sink.array()).hasSize(100);
    }
}
