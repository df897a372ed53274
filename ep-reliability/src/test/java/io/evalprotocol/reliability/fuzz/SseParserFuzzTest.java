package io.evalprotocol.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.evalprotocol.core.internal.sse.SseParser;
import io.evalprotocol.errors.SseStreamException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SSE parser against arbitrary bytes: it throws nothing but {@link SseStreamException} (the event-size
 * limit), never dispatches an event above the limit, and its result does not depend on how the network split
 * the bytes. Seeds: the provider streams in /work/shared/fixtures.
 */
class SseParserFuzzTest {
    private static final int[] LIMITS = {1, 16, 256, 4096, 1 << 20};

    @FuzzTest(maxDuration = "60s")
    void parsesAnyChunkingOfAnyStreamTheSameWay(byte[] stream) {
        // Chunking and limit come from the input itself, so that raw fixture streams are valid seeds.
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(stream));
        int maxEvent = LIMITS[random.nextInt(LIMITS.length)];
        int[] cuts = random.ints(1 + random.nextInt(16), 0, stream.length + 1).sorted().toArray();

        Outcome whole = parse(maxEvent, stream, new int[0]);
        Outcome chunked = parse(maxEvent, stream, cuts);
        Outcome byteByByte = parse(maxEvent, stream, null);

        assertThat(chunked).usingRecursiveComparison().isEqualTo(whole);
        assertThat(byteByByte).usingRecursiveComparison().isEqualTo(whole);
        if (maxEvent == 1 << 20) {
            assertThat(whole.error).isNull();
        }
    }

    private static Outcome parse(int maxEvent, byte[] stream, int[] cuts) {
        Outcome out = new Outcome();
        SseParser parser = new SseParser(maxEvent, e -> {
            assertThat(e.length()).isLessThanOrEqualTo(maxEvent);
            out.events.add(e.type() + "\u0000" + e.id() + "\u0000" + e.dataAsString());
        });
        try {
            if (cuts == null) {
                for (byte b : stream) {
                    parser.feed(new byte[] {b});
                }
            } else {
                int from = 0;
                for (int to : cuts) {
                    parser.feed(ByteBuffer.wrap(stream, from, to - from));
                    from = to;
                }
                parser.feed(ByteBuffer.wrap(stream, from, stream.length - from));
            }
            out.partial = parser.end();
        } catch (SseStreamException expected) {
            assertThat(expected.getMessage()).contains("maxSseEventBytes");
            out.error = expected.getMessage().replaceAll("after \\d+ events", "");
        }
        return out;
    }

    private static final class Outcome {
        final List<String> events = new ArrayList<>();
        String error;
        boolean partial;
    }
}
