package io.evalprotocol.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.ContentColumns;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Taking the columns a body reader attached to a {@code logprobs} object ({@link ContentColumns}) against reading
 * its bytes, for every spec, after earlier appended reads (a stream's chunks) and at the entry limit: the same
 * values, presence flags, counts and entry views, or the same error. The attached columns are made here from a
 * full read of the same bytes, as ep-core's reader would fill them (ep-core's
 * {@code ContentColumnsDifferentialTest} holds the reader to that).
 */
class LogprobColumnsPreReadTest {
    private static final RawJsonSupport.Access RAW = RawJsonSupport.access();
    private static final LogprobColumns.Spec FULL = LogprobColumns.Spec.of("c").withTokenIdsOrMissing()
            .withSamplingLogprobs();

    @Test
    void takenColumnsReadLikeTheBytes() {
        Random random = new Random(99L);
        int taken = 0;
        for (int round = 0; round < 3000; round++) {
            LogprobColumns.Spec spec = spec(random);
            int max = random.nextInt(6) == 0 ? 1 + random.nextInt(12) : 1 << 20;
            ChoiceReader r = ChoiceReader.of("test.preread", 0, max);
            List<String> earlier = new ArrayList<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                earlier.add(logprobs(random));
            }
            String last = logprobs(random);
            String want = outcome(r, spec, earlier, (JsonObject) RawJsonValue.of(last));
            JsonObject attached = withColumns(last);
            String got = outcome(r, spec, earlier, attached);
            assertThat(got).as("%s then %s with %s, limit %d", earlier, last, spec, max).isEqualTo(want);
            if (RAW.takeContentColumns((RawJsonValue) attached) == null) {
                taken++;
            }
        }
        assertThat(taken).as("reads that took the attached columns").isGreaterThan(1000);
    }

    /** Earlier chunks read from bytes, then {@code last}; the columns as text, or the error. */
    private static String outcome(ChoiceReader r, LogprobColumns.Spec spec, List<String> earlier, JsonObject last) {
        LogprobColumns c = new LogprobColumns(spec, 1);
        try {
            for (String e : earlier) {
                r.appendContent((JsonObject) RawJsonValue.of(e), c.size(), c);
            }
            r.appendContent(last, c.size(), c);
        } catch (TokenIdExtractionException e) {
            return "!" + e.getMessage();
        }
        StringBuilder sb = new StringBuilder().append(c.size()).append(" entries");
        if (spec.readsTokenIds()) {
            sb.append(", ").append(c.tokenIdCount()).append(" ids, ").append(c.missingTokenIdCount()).append(" missing");
        }
        if (spec.readsSamplingLogprobs()) {
            sb.append(", ").append(c.samplingLogprobCount()).append(" sampling");
        }
        for (int j = 0; j < c.size(); j++) {
            sb.append("\n").append(Long.toHexString(Double.doubleToRawLongBits(c.logprob(j))));
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
        int latest = c.size() - (int) last.getJsonArray("content").size();
        for (int j = Math.max(0, latest); j < c.size(); j++) {
            sb.append("\nentry ").append(c.entry(j));
        }
        sb.append("\nlogprobs ").append(c.logprobs().size());
        return sb.toString();
    }

    /** The object of {@code text} with the columns of its content attached, as ep-core's reader fills them. */
    private static JsonObject withColumns(String text) {
        RawJsonValue v = (RawJsonValue) RawJsonValue.of(text);
        byte[] b = RAW.array(v);
        int from = RAW.offset(v);
        LogprobColumns full = ChoiceReader.of("test.full", 0, 1 << 20).contentColumns((JsonObject) v, FULL, 0);
        int n = full.size();
        byte[] flags = new byte[n + 3]; // spare capacity, as the reader's arrays have
        double[] logprob = new double[n + 3];
        double[] sampling = full.samplingLogprobCount() == 0 ? null : new double[n + 3];
        int[] tokenId = full.tokenIdCount() == 0 ? null : new int[n + 3];
        for (int j = 0; j < n; j++) {
            logprob[j] = full.logprob(j);
            if (sampling != null) {
                sampling[j] = full.samplingLogprob(j);
            }
            if (full.hasTokenId(j)) {
                tokenId[j] = full.tokenId(j);
            }
            flags[j] = (byte) ((full.hasTokenId(j) ? ContentColumns.HAS_TOKEN_ID : 0)
                    | (full.hasSamplingLogprob(j) ? ContentColumns.HAS_SAMPLING : 0));
        }
        // the entries' positions: "{"content":[" is 12 bytes, then entries separated by one comma
        int[] starts = new int[n + 1];
        int i = from + 12;
        for (int j = 0; j < n; j++) {
            starts[j] = i;
            i = RAW.skipValue(b, i) + 1;
        }
        starts[n] = n == 0 ? i + 1 : i;
        ContentColumns pre = new ContentColumns(n, logprob, sampling, tokenId, flags, full.tokenIdCount(),
                full.samplingLogprobCount(), full.missingTokenIdCount(), starts);
        return (JsonObject) RAW.trusted(b, from, RAW.length(v), pre);
    }

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
        if (random.nextInt(6) == 0) {
            spec = spec.withTokens();
        }
        return spec;
    }

    /** A compact {@code {"content":[...]}} of plain entries, the only kind a reader attaches columns for. */
    private static String logprobs(Random random) {
        int n = random.nextInt(5);
        boolean sampling = random.nextInt(3) > 0;
        boolean ids = random.nextInt(4) > 0;
        StringBuilder sb = new StringBuilder("{\"content\":[");
        for (int j = 0; j < n; j++) {
            if (j > 0) {
                sb.append(',');
            }
            sb.append("{\"token\":\"t").append(j).append("\",\"logprob\":")
                    .append(random.nextInt(8) == 0 ? "null" : String.valueOf(-random.nextInt(10_000) / 1000.0));
            if (sampling && random.nextInt(5) > 0) {
                sb.append(",\"sampling_logprob\":").append(random.nextInt(8) == 0 ? "null" : "-0.25");
            }
            if (ids && random.nextInt(8) > 0) {
                sb.append(",\"token_id\":").append(random.nextInt(10) == 0 ? -1 : random.nextInt(200_000));
            }
            sb.append(",\"bytes\":[116]}");
        }
        return sb.append("]}").toString();
    }
}
