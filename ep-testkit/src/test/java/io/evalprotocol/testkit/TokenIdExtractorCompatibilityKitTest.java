package io.evalprotocol.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TokenIdExtractorCompatibilityKitTest {
    static final String BODY = "{\"object\":\"chat.completion\",\"choices\":["
            + "{\"index\":0,\"message\":{\"content\":\"Hi\"},\"token_ids\":[9,8,7],\"finish_reason\":\"stop\"},"
            + "{\"index\":1,\"message\":{\"content\":\"Yo\"},\"token_ids\":[5],\"finish_reason\":\"stop\"}]}";
    static final String STREAM = ""
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"H\"},\"token_ids\":[9,8]}]}\n\n"
            + "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"Yo\"},\"token_ids\":[5]}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"token_ids\":[7]}]}\n\n"
            + "data: [DONE]\n\n";

    /** A kit over {@code extractor} with one n=2 fixture (body and stream) and one foreign shape. */
    static TokenIdExtractorCompatibilityKit kit(TokenIdExtractor extractor) {
        return new TokenIdExtractorCompatibilityKit() {
            @Override
            protected TokenIdExtractor extractor() {
                return extractor;
            }

            @Override
            protected List<ExtractorFixture> fixtures() {
                return List.of(ExtractorFixture.builder("acme-chat").providerHint("acme").body(BODY).stream(STREAM)
                        .expect(0, ExpectedTokens.ids(9, 8, 7))
                        .expect(1, ExpectedTokens.ids(5).noPrompt().noLogprobs())
                        .build());
            }

            @Override
            protected List<ExtractorFixture> foreignShapes() {
                return List.of(ExtractorFixture.builder("other").providerHint("other").body(BODY).build());
            }

            @Override
            protected List<ProviderShape> claimedBeforeFirstResponse() {
                return List.of(ProviderShape.builder().providerHint("acme").build());
            }

            @Override
            protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
                return Map.of("return_token_ids", JsonValue.TRUE);
            }
        };
    }

    /** Runs every check of the kit; returns the failed ones with their first message line. */
    static Map<String, String> failures(TokenIdExtractorCompatibilityKit kit) throws Exception {
        Map<String, String> failed = new TreeMap<>();
        for (Method m : TokenIdExtractorCompatibilityKit.class.getMethods()) {
            try {
                if (m.isAnnotationPresent(Test.class)) {
                    m.invoke(kit);
                } else if (m.isAnnotationPresent(TestFactory.class)) {
                    @SuppressWarnings("unchecked")
                    Stream<DynamicTest> tests = (Stream<DynamicTest>) m.invoke(kit);
                    for (DynamicTest t : (Iterable<DynamicTest>) tests::iterator) {
                        t.getExecutable().execute();
                    }
                }
            } catch (InvocationTargetException e) {
                failed.put(m.getName(), String.valueOf(e.getCause().getMessage()).split("\n")[0]);
            } catch (Throwable e) {
                failed.put(m.getName(), String.valueOf(e.getMessage()).split("\n")[0]);
            }
        }
        return failed;
    }

    @Test
    void passesACorrectExtractor() throws Exception {
        assertThat(failures(kit(new AcmeExtractor()))).isEmpty();
    }

    @Test
    void catchesAnIdThatIsNotLowerCaseVendorDotShape() throws Exception {
        for (String bad : new String[] {"Acme.token-ids", "acme", "acme.token ids", "acme..ids", "acme.ids-", ".acme",
            "acme.", "acme.token--ids", "ACME.IDS"}) {
            assertThat(failures(kit(new AcmeExtractor() {
                @Override
                public String id() {
                    return bad;
                }
            }))).as(bad).containsKey("idIsLowerCaseVendorDotShape");
        }
    }

    @Test
    void acceptsTheIdsTheRegistryAccepts() throws Exception {
        for (String good : new String[] {"acme.token-ids", "acme.token_ids", "acme2.v1.ids", "a.b"}) {
            assertThat(failures(kit(new AcmeExtractor() {
                @Override
                public String id() {
                    return good;
                }
            }))).as(good).doesNotContainKey("idIsLowerCaseVendorDotShape");
        }
    }

    @Test
    void catchesAnUncheckedExceptionOnAMalformedBody() throws Exception {
        Map<String, String> failed = failures(kit(new AcmeExtractor() {
            @Override
            public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
                // trusts the JSON: ClassCastException / NullPointerException on malformed bodies
                JsonObject choice = response.getJsonArray("choices").getJsonObject(choiceIndex);
                return ExtractedTokens.builder(id())
                        .completionTokenIds(TokenIds.of(choice.getJsonArray("token_ids").stream()
                                .mapToInt(v -> ((jakarta.json.JsonNumber) v).intValue()).toArray()), "token_ids")
                        .build();
            }
        }));
        assertThat(failed).containsKey("failsOnlyWithTokenIdExtractionExceptionOnMalformedResponses");
        assertThat(failed.get("failsOnlyWithTokenIdExtractionExceptionOnMalformedResponses"))
                .contains("only TokenIdExtractionException may be thrown");
    }

    @Test
    void catchesAnExtractorThatIgnoresMaxTokenIds() throws Exception {
        Map<String, String> failed = failures(kit(new AcmeExtractor() {
            @Override
            int[] ids(JsonValue v, int choiceIndex, ExtractionContext context, int before) {
                return super.ids(v, choiceIndex, ExtractionContext.of(context.shape()), before);
            }
        }));
        assertThat(failed).containsOnlyKeys("respectsMaxTokenIds");
    }

    @Test
    void catchesAStreamThatDiffersFromItsBody() throws Exception {
        Map<String, String> failed = failures(kit(new AcmeExtractor() {
            @Override
            public io.evalprotocol.spi.TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
                io.evalprotocol.spi.TokenIdAccumulator real = super.newAccumulator(choiceIndex, context);
                return new io.evalprotocol.spi.TokenIdAccumulator() {
                    private boolean first = true;

                    @Override
                    public void accept(JsonObject chunk) {
                        // drops the first chunk carrying this choice: ids of a "role" chunk are lost
                        if (first && chunk.toString().contains("token_ids")) {
                            first = false;
                            return;
                        }
                        real.accept(chunk);
                    }

                    @Override
                    public ExtractedTokens finish() {
                        return real.finish();
                    }
                };
            }
        }));
        assertThat(failed).containsKey("readsEveryFixture");
    }

    @Test
    void catchesAnImpureSupports() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Map<String, String> failed = failures(kit(new AcmeExtractor() {
            @Override
            public boolean supports(ProviderShape shape) {
                return super.supports(shape) && calls.incrementAndGet() % 2 == 1;
            }
        }));
        assertThat(failed).containsKey("readsEveryFixture");
        assertThat(failed.get("readsEveryFixture")).contains("it must be pure");
    }

    @Test
    void catchesResultsThatDependOnTheCallingThread() throws Exception {
        // deterministic stand-in for a data race: state bound to the first caller's thread is wrong elsewhere
        AtomicReference<Thread> owner = new AtomicReference<>();
        Map<String, String> failed = failures(kit(new AcmeExtractor() {
            @Override
            public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
                owner.compareAndSet(null, Thread.currentThread());
                ExtractedTokens mine = super.extract(response, choiceIndex, context);
                return owner.get() == Thread.currentThread() ? mine
                        : ExtractedTokens.builder(id()).completionTokenIds(TokenIds.of(0), "choices[].token_ids").build();
            }
        }));
        assertThat(failed).containsOnlyKeys("isThreadSafe");
        assertThat(failed.get("isThreadSafe")).contains("concurrent calls on one instance");
    }

    @Test
    void catchesContributeThatOverridesTheUser() throws Exception {
        Map<String, String> failed = failures(kit(new AcmeExtractor() {
            @Override
            public void contribute(ExtractorRequest request) {
                request.set("return_token_ids", JsonValue.TRUE);
            }
        }));
        assertThat(failed).containsOnlyKeys("contributeIsIdempotentAndKeepsUserSettings");
    }

    @Test
    void catchesAnExtractorThatClaimsForeignShapes() throws Exception {
        Map<String, String> failed = failures(kit(new AcmeExtractor() {
            @Override
            public boolean supports(ProviderShape shape) {
                return true;
            }
        }));
        assertThat(failed).containsOnlyKeys("declinesForeignShapes");
    }

    @Test
    void catchesAnExtractorThatLosesLogprobSentinels() throws Exception {
        String body = "{\"choices\":[{\"index\":0,\"token_ids\":[1,2],\"logprobs\":{\"content\":["
                + "{\"logprob\":-0.5},{\"logprob\":-0.25}]}}]}";
        TokenIdExtractor clamps = new AcmeExtractor() {
            @Override
            public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
                ExtractedTokens t = super.extract(response, choiceIndex, context);
                double[] lp = response.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs")
                        .getJsonArray("content").stream()
                        .mapToDouble(e -> {
                            JsonValue v = ((JsonObject) e).get("logprob");
                            // "helpfully" maps -9999.0 and null to 0.0
                            return v instanceof jakarta.json.JsonNumber
                                    ? Math.max(((jakarta.json.JsonNumber) v).doubleValue(), -100) : 0.0;
                        }).toArray();
                return t.toBuilder().logprobs(io.evalprotocol.api.TokenLogprobs.of(lp), "logprob").build();
            }
        };
        TokenIdExtractorCompatibilityKit kit = new TokenIdExtractorCompatibilityKit() {
            @Override
            protected TokenIdExtractor extractor() {
                return clamps;
            }

            @Override
            protected List<ExtractorFixture> fixtures() {
                return List.of(ExtractorFixture.builder("lp").providerHint("acme").body(body)
                        .expect(0, ExpectedTokens.ids(1, 2).logprobs(-0.5, -0.25)).build());
            }

            @Override
            protected List<ExtractorFixture> foreignShapes() {
                return List.of(ExtractorFixture.builder("other").body(body).build());
            }

            @Override
            protected boolean supportsMultipleChoices() {
                return false;
            }
        };
        assertThat(failures(kit)).containsKey("keepsLogprobSentinelsAsSent");
    }

    @Test
    void asksForAFixtureWithSeveralChoices() throws Exception {
        TokenIdExtractorCompatibilityKit kit = new TokenIdExtractorCompatibilityKit() {
            @Override
            protected TokenIdExtractor extractor() {
                return new AcmeExtractor();
            }

            @Override
            protected List<ExtractorFixture> fixtures() {
                return List.of(ExtractorFixture.builder("one").providerHint("acme").body(BODY)
                        .expect(0, ExpectedTokens.ids(9, 8, 7)).build());
            }

            @Override
            protected List<ExtractorFixture> foreignShapes() {
                return List.of(ExtractorFixture.builder("other").body(BODY).build());
            }
        };
        assertThat(failures(kit)).containsOnlyKeys("coversSeveralChoices");
    }
}
