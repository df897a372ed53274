package io.evalprotocol.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The compatibility kit (TCK) for {@link TokenIdExtractor} plugins. Extend it in a test class, supply the
 * extractor, fixtures with the ids they must yield, and response shapes of other providers:
 *
 * <pre>{@code
 * class AcmeTokenIdsExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
 *     protected TokenIdExtractor extractor() { return new AcmeTokenIdsExtractor(); }
 *     protected List<ExtractorFixture> fixtures() { ... }
 *     protected List<ExtractorFixture> foreignShapes() { ... }
 * }
 * }</pre>
 *
 * <p>It checks, beyond the fixtures' expectations: the id format, that {@code supports()} is pure and never
 * throws (foreign shapes, garbage, hint-only shapes), choices found by their {@code index}, {@code n > 1},
 * that a stream gives the same result as its non-streamed twin (also with usage-only chunks and other
 * choices' chunks mixed in), that provider sentinels ({@code -9999.0}, {@code null} logprobs,
 * {@code bytes: null}) are kept or rejected as documented, that {@link ExtractionContext#maxTokenIds()} is
 * enforced, that malformed bodies fail only with {@link TokenIdExtractionException}, that
 * {@code contribute()} is idempotent and keeps the user's own request fields, and thread safety.
 *
 * <p>Pair it with {@link ProviderRegistrationKit}, which checks that ServiceLoader finds the plugin.
 */
public abstract class TokenIdExtractorCompatibilityKit {
    /**
     * {@code <vendor>.<shape>}: lower-case words of letters and digits joined by single {@code -} or
     * {@code _}, dot-separated; the same rule ep-core's registry applies when it loads plugins.
     */
    static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\\.[a-z0-9]+(?:[-_][a-z0-9]+)*)+");

    /** Above this many nodes, a deterministic sample of the nodes is mutated (keeps the kit fast). */
    private static final int MAX_MUTATED_NODES = 1500;
    private static final int THREADS = 4;
    private static final int ROUNDS = 25;

    /** For subclasses: JUnit instantiates them. */
    protected TokenIdExtractorCompatibilityKit() {}

    /** The extractor under test; may return the same instance every time. */
    protected abstract TokenIdExtractor extractor();

    /** Responses the extractor reads, with the tokens each choice must yield. At least one. */
    protected abstract List<ExtractorFixture> fixtures();

    /** Responses of other providers or shapes, each with the hint a user would give; all must be declined. */
    protected abstract List<ExtractorFixture> foreignShapes();

    /** Whether the provider can return several choices ({@code n > 1}); then a fixture must show it. */
    protected boolean supportsMultipleChoices() {
        return true;
    }

    /** Shapes without a response yet (hint, model, endpoint) that the extractor must claim. */
    protected List<ProviderShape> claimedBeforeFirstResponse() {
        return List.of();
    }

    /** Shapes without a response yet that the extractor must decline. */
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of();
    }

    /** The fields {@code contribute()} must set for {@code shape}, or null to skip that check. */
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return null;
    }

    /** The context extraction runs with; override to supply another JSON-P provider. */
    protected ExtractionContext context(ProviderShape shape, int maxTokenIds) {
        return ExtractionContext.of(shape, Fixtures.JSON, maxTokenIds);
    }

    // ---- descriptor ----------------------------------------------------------------------------------

    @Test
    public void idIsLowerCaseVendorDotShape() {
        String id = extractor().id();
        assertThat(id).as("extractor id").isNotNull();
        assertThat(ID.matcher(id).matches())
                .as("id '%s' must be lower-case <vendor>.<shape>, e.g. 'acme.token-ids'", id)
                .isTrue();
    }

    @Test
    public void descriptorIsStable() {
        TokenIdExtractor x = extractor();
        assertThat(x.id()).as("id() twice").isEqualTo(x.id());
        assertThat(x.priority()).as("priority() twice").isEqualTo(x.priority());
        assertThat(x.fidelity()).as("fidelity()").isNotNull().isEqualTo(x.fidelity());
        assertThat(x.spiVersion())
                .as("spiVersion() must be one this SDK knows (%s)", TokenIdExtractor.SPI_VERSION)
                .isBetween(1, TokenIdExtractor.SPI_VERSION);
    }

    @Test
    public void fixturesAreUsable() {
        List<ExtractorFixture> fixtures = fixtures();
        assertThat(fixtures).as("fixtures()").isNotEmpty();
        Set<String> names = new HashSet<>();
        for (ExtractorFixture f : fixtures) {
            assertThat(names.add(f.name())).as("fixture names must be unique: %s", f.name()).isTrue();
            assertThat(f.expected()).as("fixture %s expects nothing", f.name()).isNotEmpty();
        }
        assertThat(fixtures).as("at least one fixture needs a non-streamed body")
                .anyMatch(f -> f.body().isPresent());
        assertThat(foreignShapes()).as("foreignShapes(): give the responses of other providers").isNotEmpty();
    }

    @Test
    public void coversSeveralChoices() {
        if (!supportsMultipleChoices()) {
            return;
        }
        assertThat(fixtures())
                .as("no fixture expects several choices (n > 1); add one, or override supportsMultipleChoices()")
                .anyMatch(f -> f.expected().size() > 1);
    }

    // ---- fixtures ------------------------------------------------------------------------------------

    @TestFactory
    public Stream<DynamicTest> readsEveryFixture() {
        TokenIdExtractor x = extractor();
        List<DynamicTest> tests = new ArrayList<>();
        for (ExtractorFixture f : fixtures()) {
            if (f.body().isPresent()) {
                tests.add(DynamicTest.dynamicTest(f.name() + " (body)", () -> {
                    ProviderShape shape = f.bodyShape();
                    assertSupports(x, shape, f.claimed(), f.name() + " body");
                    for (Map.Entry<Integer, ExpectedTokens> e : f.expected().entrySet()) {
                        ExtractedTokens got = extract(x, f.body().get(), e.getKey(), context(shape, Integer.MAX_VALUE),
                                f.name());
                        assertMatches(x, got, e.getValue(), f.name() + " body, choice " + e.getKey());
                    }
                }));
            }
            if (f.hasStream()) {
                tests.add(DynamicTest.dynamicTest(f.name() + " (stream)", () -> {
                    ProviderShape shape = f.streamShape();
                    assertSupports(x, shape, f.streamClaimed(), f.name() + " stream");
                    for (Map.Entry<Integer, ExpectedTokens> e : f.expected().entrySet()) {
                        String where = f.name() + " stream, choice " + e.getKey();
                        ExtractedTokens got = accumulate(x, f.stream(), e.getKey(), context(shape, Integer.MAX_VALUE),
                                where);
                        assertMatches(x, got, e.getValue(), where);
                        if (f.body().isPresent()) {
                            ExtractedTokens twin = extract(x, f.body().get(), e.getKey(),
                                    context(f.bodyShape(), Integer.MAX_VALUE), f.name());
                            assertSameTokens(got, twin, where + " vs. its non-streamed body");
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    public Stream<DynamicTest> findsChoicesByIndexNotPosition() {
        TokenIdExtractor x = extractor();
        return fixtures().stream()
                .filter(f -> f.body().isPresent() && JsonTrees.countChoices(f.body().get()) > 1)
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> {
                    JsonObject body = f.body().get();
                    JsonObject reversed = JsonTrees.withChoices(body, list -> {
                        List<JsonValue> copy = new ArrayList<>(list);
                        Collections.reverse(copy);
                        return copy;
                    });
                    for (int choice : f.expected().keySet()) {
                        ExtractionContext ctx = context(f.bodyShape(), Integer.MAX_VALUE);
                        assertThat(extract(x, reversed, choice, ctx, f.name()))
                                .as("%s: choice %s must be found by its index field, not its position", f.name(), choice)
                                .isEqualTo(extract(x, body, choice, ctx, f.name()));
                    }
                }));
    }

    @TestFactory
    public Stream<DynamicTest> failsOnAMissingChoice() {
        TokenIdExtractor x = extractor();
        return fixtures().stream()
                .filter(f -> f.body().isPresent())
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> {
                    int missing = 9999;
                    Outcome o = outcome(() -> x.extract(f.body().get(), missing, context(f.bodyShape(), Integer.MAX_VALUE)),
                            f.name() + ", choice " + missing);
                    assertThat(o.failure)
                            .as("%s: extracting choice %s, which the response lacks, must throw "
                                    + "TokenIdExtractionException", f.name(), missing)
                            .isNotNull();
                }));
    }

    @TestFactory
    public Stream<DynamicTest> streamsIgnoreUsageChunksAndOtherChoices() {
        TokenIdExtractor x = extractor();
        return fixtures().stream()
                .filter(ExtractorFixture::hasStream)
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> {
                    JsonObject usage = Fixtures.json("{\"id\":\"kit\",\"object\":\"chat.completion.chunk\","
                            + "\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                            + "\"total_tokens\":2}}");
                    List<JsonObject> noisy = new ArrayList<>();
                    for (JsonObject chunk : f.stream()) {
                        noisy.add(chunk);
                        // the same chunk for a choice nobody asked for: must not leak into other choices
                        noisy.add(JsonTrees.withChoices(chunk, list -> {
                            List<JsonValue> shifted = new ArrayList<>();
                            list.forEach(c -> shifted.add(JsonTrees.shiftIndex(c, 1000)));
                            return shifted;
                        }));
                        noisy.add(usage);
                    }
                    for (int choice : f.expected().keySet()) {
                        String where = f.name() + " stream, choice " + choice;
                        ExtractionContext ctx = context(f.streamShape(), Integer.MAX_VALUE);
                        assertThat(accumulate(x, noisy, choice, ctx, where + " with usage-only and other-choice chunks"))
                                .as("%s: usage-only chunks and chunks of other choices must not change the result", where)
                                .isEqualTo(accumulate(x, f.stream(), choice, ctx, where));
                    }
                }));
    }

    // ---- sentinels -----------------------------------------------------------------------------------

    @TestFactory
    public Stream<DynamicTest> keepsLogprobSentinelsAsSent() {
        TokenIdExtractor x = extractor();
        Set<String> keys = Set.of("logprob", "sampling_logprob");
        Set<String> arrays = Set.of("token_logprobs");
        List<DynamicTest> tests = new ArrayList<>();
        for (ExtractorFixture f : fixtures()) {
            for (Variant v : variants(f)) {
                tests.add(DynamicTest.dynamicTest(f.name() + " (" + v.form + ")", () -> {
                    for (int choice : f.expected().keySet()) {
                        String where = f.name() + " " + v.form + ", choice " + choice;
                        Outcome original = v.run(x, UnaryOperator.identity(), choice, Integer.MAX_VALUE, where);
                        if (original.failure != null) {
                            continue;
                        }
                        // -9999.0 is OpenAI's / vLLM's "not in the top k" clamp: a value, kept as is
                        Outcome clamped = v.run(x, n -> JsonTrees.replaceNumbers(n, keys, arrays,
                                Fixtures.JSON.createValue(-9999.0)), choice, Integer.MAX_VALUE, where + " with -9999.0 logprobs");
                        assertSentinel(original.result, clamped, -9999.0, where + " with every logprob -9999.0");
                        // null means "no value" (e.g. the echoed first prompt token): NaN in TokenLogprobs
                        Outcome nulls = v.run(x, n -> JsonTrees.replaceNumbers(n, keys, arrays, JsonValue.NULL),
                                choice, Integer.MAX_VALUE, where + " with null logprobs");
                        assertSentinel(original.result, nulls, Double.NaN, where + " with every logprob null");
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    public Stream<DynamicTest> handlesNullBytes() {
        TokenIdExtractor x = extractor();
        List<DynamicTest> tests = new ArrayList<>();
        for (ExtractorFixture f : fixtures()) {
            for (Variant v : variants(f)) {
                tests.add(DynamicTest.dynamicTest(f.name() + " (" + v.form + ")", () -> {
                    for (int choice : f.expected().keySet()) {
                        String where = f.name() + " " + v.form + ", choice " + choice;
                        Outcome original = v.run(x, UnaryOperator.identity(), choice, Integer.MAX_VALUE, where);
                        Outcome noBytes = v.run(x, n -> JsonTrees.replaceMembers(n, "bytes", JsonValue.NULL),
                                choice, Integer.MAX_VALUE, where + " with bytes: null");
                        if (original.failure != null || noBytes.failure != null && x.fidelity() == Fidelity.RECONSTRUCTED) {
                            continue; // RECONSTRUCTED ids come from bytes: refusing null bytes is the documented answer
                        }
                        assertThat(noBytes.failure)
                                .as("%s: EXACT ids never depend on `bytes` (null for special tokens)", where)
                                .isNull();
                        assertThat(noBytes.result.completionTokenIds())
                                .as("%s: ids with bytes: null", where)
                                .isEqualTo(original.result.completionTokenIds());
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    public Stream<DynamicTest> respectsMaxTokenIds() {
        TokenIdExtractor x = extractor();
        List<DynamicTest> tests = new ArrayList<>();
        for (ExtractorFixture f : fixtures()) {
            for (Variant v : variants(f)) {
                tests.add(DynamicTest.dynamicTest(f.name() + " (" + v.form + ")", () -> {
                    for (int choice : f.expected().keySet()) {
                        String where = f.name() + " " + v.form + ", choice " + choice;
                        Outcome full = v.run(x, UnaryOperator.identity(), choice, Integer.MAX_VALUE, where);
                        if (full.failure != null || full.result.completionTokenIds().isEmpty()) {
                            continue;
                        }
                        int needed = Math.max(full.result.completionTokenIds().get().size(),
                                full.result.promptTokenIds().map(p -> p.size()).orElse(0));
                        Outcome atLimit = v.run(x, UnaryOperator.identity(), choice, needed, where);
                        assertThat(atLimit.failure)
                                .as("%s: maxTokenIds = %s (the largest id list) must be enough", where, needed)
                                .isNull();
                        if (needed > 1) {
                            Outcome over = v.run(x, UnaryOperator.identity(), choice, needed - 1, where);
                            assertThat(over.failure)
                                    .as("%s: maxTokenIds = %s must fail with TokenIdExtractionException", where, needed - 1)
                                    .isNotNull();
                            assertThat(over.failure.getMessage())
                                    .as("%s: the error must name the limit", where)
                                    .contains(String.valueOf(needed - 1));
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    // ---- malformed input -----------------------------------------------------------------------------

    @TestFactory
    public Stream<DynamicTest> failsOnlyWithTokenIdExtractionExceptionOnMalformedResponses() {
        TokenIdExtractor x = extractor();
        List<DynamicTest> tests = new ArrayList<>();
        for (ExtractorFixture f : fixtures()) {
            f.body().ifPresent(body -> tests.add(DynamicTest.dynamicTest(f.name() + " (body)", () -> {
                for (JsonObject mutated : mutations(body)) {
                    ProviderShape shape = f.hintOnlyShape(false).withFirstResponse(mutated);
                    supportsTwice(x, shape, f.name() + " mutated body");
                    for (int choice : f.expected().keySet()) {
                        outcome(() -> x.extract(mutated, choice, context(shape, Integer.MAX_VALUE)),
                                () -> f.name() + " mutated body " + mutated + ", choice " + choice);
                    }
                }
            })));
            if (f.hasStream()) {
                tests.add(DynamicTest.dynamicTest(f.name() + " (stream)", () -> {
                    List<JsonObject> chunks = f.stream();
                    for (int i = 0; i < chunks.size(); i++) {
                        for (JsonObject mutated : mutations(chunks.get(i))) {
                            List<JsonObject> copy = new ArrayList<>(chunks);
                            copy.set(i, mutated);
                            ProviderShape shape = f.hintOnlyShape(true).withFirstResponse(mutated);
                            supportsTwice(x, shape, f.name() + " mutated chunk");
                            for (int choice : f.expected().keySet()) {
                                int at = i;
                                outcome(() -> accumulateRaw(x, copy, choice, context(shape, Integer.MAX_VALUE)),
                                        () -> f.name() + " stream with chunk " + at + " = " + mutated + ", choice " + choice);
                            }
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    public void declinesForeignShapes() {
        TokenIdExtractor x = extractor();
        for (ExtractorFixture f : foreignShapes()) {
            if (f.body().isPresent()) {
                assertSupports(x, f.bodyShape(), false, "foreign shape " + f.name());
                outcome(() -> x.extract(f.body().get(), 0, context(f.bodyShape(), Integer.MAX_VALUE)),
                        "foreign shape " + f.name());
            }
            if (f.hasStream()) {
                assertSupports(x, f.streamShape(), false, "foreign stream " + f.name());
                outcome(() -> accumulateRaw(x, f.stream(), 0, context(f.streamShape(), Integer.MAX_VALUE)),
                        "foreign stream " + f.name());
            }
        }
    }

    @Test
    public void supportsIsPureOnGarbage() {
        TokenIdExtractor x = extractor();
        Set<String> hints = new LinkedHashSet<>();
        hints.add(null);
        hints.add("acme");
        fixtures().forEach(f -> f.providerHint().ifPresent(hints::add));
        for (String hint : hints) {
            for (boolean streaming : new boolean[] {false, true}) {
                ProviderShape hintOnly = ProviderShape.builder().providerHint(hint).streaming(streaming).build();
                supportsTwice(x, hintOnly, "hint-only shape " + hintOnly);
                for (JsonObject garbage : GARBAGE) {
                    ProviderShape shape = hintOnly.withFirstResponse(garbage);
                    supportsTwice(x, shape, "garbage " + garbage + " with " + shape);
                    outcome(() -> x.extract(garbage, 0, context(shape, Integer.MAX_VALUE)), "garbage " + garbage);
                    outcome(() -> accumulateRaw(x, List.of(garbage), 0, context(shape, Integer.MAX_VALUE)),
                            "garbage chunk " + garbage);
                }
            }
        }
    }

    @Test
    public void probesBeforeTheFirstResponse() {
        TokenIdExtractor x = extractor();
        for (ProviderShape s : claimedBeforeFirstResponse()) {
            assertSupports(x, s, true, "hint-only shape " + s);
        }
        for (ProviderShape s : declinedBeforeFirstResponse()) {
            assertSupports(x, s, false, "hint-only shape " + s);
        }
    }

    // ---- request contribution ------------------------------------------------------------------------

    @Test
    public void contributeIsIdempotentAndKeepsUserSettings() {
        TokenIdExtractor x = extractor();
        // ProviderShape has no equals(); its toString() names everything that identifies a hint-only shape
        Map<String, ProviderShape> shapes = new LinkedHashMap<>();
        for (ExtractorFixture f : fixtures()) {
            shapes.putIfAbsent(f.hintOnlyShape(false).toString(), f.hintOnlyShape(false));
            shapes.putIfAbsent(f.hintOnlyShape(true).toString(), f.hintOnlyShape(true));
        }
        claimedBeforeFirstResponse().forEach(s -> shapes.putIfAbsent(s.toString(), s));
        for (ProviderShape shape : shapes.values()) {
            MapRequest once = new MapRequest(shape);
            x.contribute(once);
            Map<String, JsonValue> first = new LinkedHashMap<>(once.fields);
            x.contribute(once);
            assertThat(once.fields).as("contribute() twice for %s must change nothing more", shape).isEqualTo(first);
            Map<String, JsonValue> expected = expectedContribution(shape);
            if (expected != null) {
                assertThat(first).as("contribute() for %s", shape).isEqualTo(expected);
            }
            MapRequest user = new MapRequest(shape);
            for (String field : first.keySet()) {
                user.fields.put(field, Fixtures.string("set-by-user"));
            }
            Map<String, JsonValue> userFields = new LinkedHashMap<>(user.fields);
            x.contribute(user);
            assertThat(user.fields)
                    .as("contribute() for %s must keep fields the user set (use setIfAbsent)", shape)
                    .isEqualTo(userFields);
        }
    }

    // ---- threads -------------------------------------------------------------------------------------

    @Test
    public void isThreadSafe() throws Exception {
        TokenIdExtractor x = extractor();
        List<Callable<Object>> cases = new ArrayList<>();
        for (ExtractorFixture f : fixtures()) {
            for (Variant v : variants(f)) {
                for (int choice : f.expected().keySet()) {
                    String where = f.name() + " " + v.form + ", choice " + choice;
                    cases.add(() -> {
                        Outcome o = v.run(x, UnaryOperator.identity(), choice, Integer.MAX_VALUE, where);
                        return o.failure != null ? o.failure.getMessage() : o.result;
                    });
                    cases.add(() -> x.supports(v.shape));
                }
            }
        }
        List<Object> expected = new ArrayList<>();
        for (Callable<Object> c : cases) {
            expected.add(c.call());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> problems = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        for (int i = 0; i < cases.size(); i++) {
                            Object got = cases.get(i).call();
                            if (!expected.get(i).equals(got)) {
                                problems.add("case " + i + ": expected " + expected.get(i) + " but got " + got);
                            }
                        }
                    }
                    return problems;
                }));
            }
            start.countDown();
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                // a bound so that a deadlocked extractor fails the build instead of hanging it
                problems.addAll(f.get(5, TimeUnit.MINUTES));
            }
            assertThat(problems).as("concurrent calls on one instance must give the sequential results").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static final List<JsonObject> GARBAGE = Stream.of(
            "{}",
            "{\"choices\":null}",
            "{\"choices\":5}",
            "{\"choices\":\"x\"}",
            "{\"choices\":[]}",
            "{\"choices\":[null,1,\"x\",[]]}",
            "{\"choices\":[{}]}",
            "{\"choices\":[{\"index\":\"0\"}]}",
            "{\"choices\":[{\"index\":-1}]}",
            "{\"choices\":[{\"index\":1.5}]}",
            "{\"choices\":[{\"index\":0,\"token_ids\":\"1,2\"}]}",
            "{\"choices\":[{\"index\":0,\"token_ids\":[1.5,\"2\",null,-1,99999999999]}]}",
            "{\"choices\":[{\"index\":0,\"logprobs\":\"x\"}]}",
            "{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":7}}]}",
            "{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[null,1,{\"token\":5,\"logprob\":\"x\","
                    + "\"token_id\":\"y\",\"bytes\":\"z\",\"sampling_logprob\":[]}]}}]}",
            "{\"choices\":[{\"index\":0,\"logprobs\":{\"content\":[{\"token\":\"token_id:x\",\"logprob\":null,"
                    + "\"bytes\":[999,-5]}]}}]}",
            "{\"choices\":[{\"index\":0,\"logprobs\":{\"tokens\":[1],\"token_logprobs\":\"x\",\"token_ids\":{}}}]}",
            "{\"choices\":[{\"index\":0,\"raw_output\":[]}]}",
            "{\"choices\":[{\"index\":0,\"raw_output\":{\"completion_token_ids\":{},\"completion_logprobs\":5,"
                    + "\"prompt_token_ids\":\"x\"}}]}",
            "{\"prompt_token_ids\":\"x\",\"choices\":[{\"index\":0,\"prompt_token_ids\":{},\"message\":5,\"delta\":[]}]}",
            "{\"model\":5,\"object\":[],\"perf_metrics\":1,\"choices\":[{\"index\":0,\"finish_reason\":7,"
                    + "\"stop_reason\":{},\"matched_stop\":[]}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"token_id\":\"x\"},\"token_ids\":[1]}],\"kv_transfer_params\":1}")
            .map(Fixtures::json)
            .collect(Collectors.toUnmodifiableList());

    /** The body and stream forms of a fixture, each runnable with a transformation of its JSON. */
    private List<Variant> variants(ExtractorFixture f) {
        List<Variant> out = new ArrayList<>();
        f.body().ifPresent(b -> out.add(new Variant("body", f.bodyShape(), List.of(b), false)));
        if (f.hasStream()) {
            out.add(new Variant("stream", f.streamShape(), f.stream(), true));
        }
        return out;
    }

    private final class Variant {
        final String form;
        final ProviderShape shape;
        final List<JsonObject> json;
        final boolean streaming;

        Variant(String form, ProviderShape shape, List<JsonObject> json, boolean streaming) {
            this.form = form;
            this.shape = shape;
            this.json = json;
            this.streaming = streaming;
        }

        Outcome run(TokenIdExtractor x, UnaryOperator<JsonValue> edit, int choice, int max,
                String where) {
            List<JsonObject> edited = new ArrayList<>();
            for (JsonObject o : json) {
                edited.add((JsonObject) edit.apply(o));
            }
            ExtractionContext ctx = context(shape, max);
            return outcome(streaming ? () -> accumulateRaw(x, edited, choice, ctx)
                    : () -> x.extract(edited.get(0), choice, ctx), where);
        }
    }

    /** A result or a TokenIdExtractionException; any other throwable fails the kit right away. */
    static final class Outcome {
        final ExtractedTokens result;
        final TokenIdExtractionException failure;

        Outcome(ExtractedTokens result, TokenIdExtractionException failure) {
            this.result = result;
            this.failure = failure;
        }
    }

    static Outcome outcome(Supplier<ExtractedTokens> action, String where) {
        return outcome(action, () -> where);
    }

    /** Takes the description lazily: mutated bodies are large and almost always pass. */
    static Outcome outcome(Supplier<ExtractedTokens> action, Supplier<String> where) {
        ExtractedTokens result;
        try {
            result = action.get();
        } catch (TokenIdExtractionException e) {
            return new Outcome(null, e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(where.get() + ": only TokenIdExtractionException may be thrown, got " + e, e);
        }
        if (result == null) {
            throw new AssertionError(where.get() + ": extract()/finish() returned null; return ExtractedTokens.none(id)");
        }
        return new Outcome(result, null);
    }

    private static ExtractedTokens extract(TokenIdExtractor x, JsonObject body, int choice, ExtractionContext ctx,
            String where) {
        Outcome o = outcome(() -> x.extract(body, choice, ctx), where + ", choice " + choice);
        if (o.failure != null) {
            throw new AssertionError(where + ", choice " + choice + ": " + o.failure.getMessage(), o.failure);
        }
        return o.result;
    }

    private static ExtractedTokens accumulate(TokenIdExtractor x, List<JsonObject> chunks, int choice,
            ExtractionContext ctx, String where) {
        Outcome o = outcome(() -> accumulateRaw(x, chunks, choice, ctx), where);
        if (o.failure != null) {
            throw new AssertionError(where + ": " + o.failure.getMessage(), o.failure);
        }
        return o.result;
    }

    static ExtractedTokens accumulateRaw(TokenIdExtractor x, List<JsonObject> chunks, int choice, ExtractionContext ctx) {
        TokenIdAccumulator acc = x.newAccumulator(choice, ctx);
        if (acc == null) {
            throw new AssertionError("newAccumulator() returned null");
        }
        for (JsonObject chunk : chunks) {
            acc.accept(chunk);
        }
        return acc.finish();
    }

    private static void assertSupports(TokenIdExtractor x, ProviderShape shape, boolean expected, String where) {
        boolean first = supportsTwice(x, shape, where);
        assertThat(first).as("%s: supports(%s)", where, shape).isEqualTo(expected);
    }

    /** supports() must not throw and must answer the same twice; returns the answer. */
    static boolean supportsTwice(TokenIdExtractor x, ProviderShape shape, String where) {
        boolean a;
        boolean b;
        try {
            a = x.supports(shape);
            b = x.supports(shape);
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": supports() must never throw, got " + e, e);
        }
        if (a != b) {
            throw new AssertionError(where + ": supports() answered " + a + " then " + b + "; it must be pure");
        }
        return a;
    }

    private static void assertMatches(TokenIdExtractor x, ExtractedTokens got, ExpectedTokens expected, String where) {
        assertThat(got.extractorId()).as("%s: extractorId", where).isEqualTo(x.id());
        List<String> problems = expected.mismatches(got);
        assertThat(problems).as("%s: %s", where, got).isEmpty();
    }

    private static void assertSameTokens(ExtractedTokens stream, ExtractedTokens body, String where) {
        assertThat(stream.completionTokenIds()).as("%s: completion ids", where).isEqualTo(body.completionTokenIds());
        assertThat(stream.promptTokenIds()).as("%s: prompt ids", where).isEqualTo(body.promptTokenIds());
        assertThat(stream.logprobs()).as("%s: logprobs", where).isEqualTo(body.logprobs());
        assertThat(stream.logprobsField()).as("%s: logprobs field", where).isEqualTo(body.logprobsField());
        assertThat(stream.eos()).as("%s: eos", where).isEqualTo(body.eos());
    }

    private static void assertSentinel(ExtractedTokens original, Outcome mutated, double sentinel, String where) {
        assertThat(mutated.failure).as("%s: a sentinel logprob is a value, not an error", where).isNull();
        assertThat(mutated.result.completionTokenIds()).as("%s: ids", where).isEqualTo(original.completionTokenIds());
        assertThat(mutated.result.logprobs().isPresent())
                .as("%s: flat logprobs present", where)
                .isEqualTo(original.logprobs().isPresent());
        if (mutated.result.logprobs().isEmpty()) {
            return;
        }
        double[] before = original.logprobs().get().toArray();
        double[] after = mutated.result.logprobs().get().toArray();
        assertThat(after.length).as("%s: logprob count", where).isEqualTo(before.length);
        for (int i = 0; i < after.length; i++) {
            // a value that was null before stays null (NaN): only numbers were replaced
            double expected = Double.isNaN(before[i]) ? Double.NaN : sentinel;
            assertThat(Double.compare(after[i], expected))
                    .as("%s: logprob %s must be %s as sent, was %s", where, i, expected, after[i])
                    .isZero();
        }
    }

    private static List<JsonObject> mutations(JsonObject root) {
        List<List<Object>> paths = JsonTrees.paths(root);
        int step = Math.max(1, (paths.size() + MAX_MUTATED_NODES - 1) / MAX_MUTATED_NODES);
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i += step) {
            List<Object> path = paths.get(i);
            out.add((JsonObject) JsonTrees.replace(root, path, null));
            for (JsonValue v : JsonTrees.HOSTILE) {
                out.add((JsonObject) JsonTrees.replace(root, path, v));
            }
        }
        return out;
    }

    /** An {@link ExtractorRequest} over a plain map. */
    private static final class MapRequest implements ExtractorRequest {
        final ProviderShape shape;
        final Map<String, JsonValue> fields = new LinkedHashMap<>();

        MapRequest(ProviderShape shape) {
            this.shape = shape;
        }

        @Override
        public ProviderShape shape() {
            return shape;
        }

        @Override
        public Optional<JsonValue> get(String field) {
            return Optional.ofNullable(fields.get(field));
        }

        @Override
        public ExtractorRequest set(String field, JsonValue value) {
            fields.put(field, value);
            return this;
        }
    }
}
