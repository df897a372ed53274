package io.evalprotocol.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.internal.sse.SseParser;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drives one built-in extractor with a fuzzed response: a JSON object goes to {@code supports} and
 * {@code extract}; a JSON array of objects or an SSE stream goes chunk by chunk to an accumulator. The
 * contract checked: {@code supports} never throws, the others throw only {@link EpException}s, and what they
 * return respects {@code maxTokenIds}.
 */
final class ExtractorHarness {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final TokenIdExtractorRegistry REGISTRY = TokenIdExtractorRegistry.load();
    private static final int[] MAX_TOKEN_IDS = {3, 64, ExtractionContext.DEFAULT_MAX_TOKEN_IDS};

    private ExtractorHarness() {
    }

    static TokenIdExtractor extractor(String id) {
        return REGISTRY.find(id).orElseThrow(() -> new AssertionError("no built-in extractor " + id
                + " on the class path; discovered: " + REGISTRY.registered()));
    }

    static List<String> builtInIds() {
        List<String> ids = new ArrayList<>();
        for (TokenIdExtractor e : REGISTRY.extractors()) {
            ids.add(e.id());
        }
        return ids;
    }

    static void run(String extractorId, byte[] input) {
        TokenIdExtractor extractor = extractor(extractorId);
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
        int maxTokenIds = MAX_TOKEN_IDS[random.nextInt(MAX_TOKEN_IDS.length)];
        String hint = random.nextBoolean() ? extractorId.substring(0, extractorId.indexOf('.')) : null;
        List<JsonObject> chunks = new ArrayList<>();
        JsonObject response = parse(input, chunks);
        for (ApiKind kind : ApiKind.values()) {
            ProviderShape.Builder shape = ProviderShape.builder().model("m").apiKind(kind)
                    .baseUri(URI.create("http://127.0.0.1:8000/v1")).streaming(response == null);
            if (hint != null) {
                shape.providerHint(hint);
            }
            ProviderShape before = shape.build();
            extractor.supports(before);
            ExtractionContext context = ExtractionContext.of(before, JSON, maxTokenIds);
            if (response != null) {
                extractor.supports(before.withFirstResponse(response));
                for (int choice = 0; choice < 2; choice++) {
                    try {
                        check(extractor.extract(response, choice, context), maxTokenIds);
                    } catch (EpException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }
            }
            if (!chunks.isEmpty()) {
                extractor.supports(before.withFirstResponse(chunks.get(0)));
                TokenIdAccumulator acc = extractor.newAccumulator(0, context);
                try {
                    for (JsonObject chunk : chunks) {
                        acc.accept(chunk);
                    }
                    check(acc.finish(), maxTokenIds);
                } catch (EpException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }

    private static void check(ExtractedTokens tokens, int maxTokenIds) {
        assertThat(tokens).isNotNull();
        tokens.completionTokenIds().ifPresent(ids -> assertThat(ids.size()).isLessThanOrEqualTo(maxTokenIds));
        tokens.promptTokenIds().ifPresent(ids -> assertThat(ids.size()).isLessThanOrEqualTo(maxTokenIds));
        tokens.logprobs().ifPresent(lp -> assertThat(lp.size()).isLessThanOrEqualTo(maxTokenIds));
    }

    /** The response object, or null with {@code chunks} filled from a JSON array or an SSE stream. */
    private static JsonObject parse(byte[] input, List<JsonObject> chunks) {
        if (looksLikeSse(input)) {
            try {
                SseParser sse = new SseParser(1 << 20, event -> {
                    if (!event.isDone()) {
                        JsonValue v = read(event.dataAsString().getBytes(StandardCharsets.UTF_8));
                        if (v instanceof JsonObject) {
                            chunks.add((JsonObject) v);
                        }
                    }
                });
                sse.feed(input);
                sse.end();
            } catch (EpException tooLarge) {
                // fine: a stream the parser rejects never reaches an extractor
            }
            return null;
        }
        JsonValue v = read(input);
        if (v instanceof JsonObject) {
            return (JsonObject) v;
        }
        if (v instanceof JsonArray) {
            for (JsonValue item : (JsonArray) v) {
                if (item instanceof JsonObject) {
                    chunks.add((JsonObject) item);
                }
            }
        }
        return null;
    }

    private static boolean looksLikeSse(byte[] input) {
        int i = 0;
        while (i < input.length && (input[i] == ' ' || input[i] == '\n' || input[i] == '\r')) {
            i++;
        }
        return input.length - i >= 5 && input[i] == 'd' && input[i + 1] == 'a' && input[i + 2] == 't'
                && input[i + 3] == 'a' && input[i + 4] == ':';
    }

    private static JsonValue read(byte[] bytes) {
        try (JsonReader r = JSON.createReader(new ByteArrayInputStream(bytes))) {
            return r.readValue();
        } catch (JsonException | IllegalStateException | ArithmeticException | NumberFormatException notJson) {
            // Parsson's own errors on garbage: the input never becomes a JsonObject, so nothing to test.
            return null;
        }
    }
}
