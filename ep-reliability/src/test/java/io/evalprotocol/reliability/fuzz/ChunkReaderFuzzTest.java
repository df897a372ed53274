package io.evalprotocol.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.evalprotocol.core.internal.sse.ChunkJson;
import io.evalprotocol.core.internal.sse.ChunkReader;
import io.evalprotocol.core.internal.wire.CompactJson;
import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stream event reader against arbitrary events: every line of the input is one event, read in order by
 * one reader per stream (so that the member memo and the event templates of earlier lines are in play),
 * with templates and without. Whatever it takes equals what {@link WireJson} builds, and
 * it never takes what WireJson rejects. Seeds: the provider streams in /work/shared/fixtures.
 */
class ChunkReaderFuzzTest {
    private static final int DEPTH = 16;
    private static final int STRING = 64;
    private static final int NUMBER = 24;

    @FuzzTest(maxDuration = "60s")
    void readsEveryEventAsWireJsonDoesOrDeclines(byte[] stream) {
        WireJson wire = new WireJson(DEPTH, STRING, NUMBER);
        ChunkReader[] readers = {
            new ChunkReader(DEPTH, STRING, NUMBER, true),
            new ChunkReader(DEPTH, STRING, NUMBER, false),
        };
        int from = 0;
        for (int i = 0; i <= stream.length; i++) {
            if (i < stream.length && stream[i] != '\n') {
                continue;
            }
            int off = from;
            if (i - off >= 6 && stream[off] == 'd' && stream[off + 4] == ':' && stream[off + 5] == ' ') {
                off += 6; // "data: "
            }
            int len = i - off;
            from = i + 1;
            if (len <= 0) {
                continue;
            }
            JsonObject slow;
            try {
                slow = wire.readObject(stream, off, len, "stream event 1", true);
            } catch (InvalidResponseException rejected) {
                for (ChunkReader r : readers) {
                    assertThat(r.read(stream, off, len)).isNull();
                }
                continue;
            }
            for (ChunkReader r : readers) {
                byte[] event = Arrays.copyOfRange(stream, off, off + len);
                JsonObject fast = r.read(event, 0, len);
                Arrays.fill(event, (byte) 'x'); // the values own their bytes
                if (fast != null) {
                    String what = new String(stream, off, len, StandardCharsets.UTF_8);
                    assertThat(fast).as(what).isEqualTo(slow);
                    assertThat(slow).as(what).isEqualTo(fast);
                    assertThat(fast.hashCode()).as(what).isEqualTo(slow.hashCode());
                    assertThat(new CompactJson().value(ChunkJson.standard(fast)).toString()).as(what)
                            .isEqualTo(new CompactJson().value(slow).toString());
                }
            }
        }
    }
}
