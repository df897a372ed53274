package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void acceptsAlignedFlatLogprobs() {
        Message m = Message.builder().role(Role.ASSISTANT).content("Hello!")
                .tokenIds(TokenIds.of(9707, 0, 151645))
                .flatLogprobs(TokenLogprobs.of(-0.1, -0.2, -0.3))
                .build();

        assertThat(m.tokenIds()).contains(TokenIds.of(9707, 0, 151645));
        assertThat(m.flatLogprobs()).contains(TokenLogprobs.of(-0.1, -0.2, -0.3));
        assertThat(m.logprobs()).get().asString().isEqualTo("[-0.1,-0.2,-0.3]");
    }

    @Test
    void rejectsMisalignedFlatLogprobsNamingBothLengths() {
        Message.Builder b = Message.builder().role(Role.ASSISTANT)
                .tokenIds(TokenIds.of(1, 2, 3))
                .flatLogprobs(TokenLogprobs.of(-0.1, -0.2));

        assertThatThrownBy(b::build)
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("3 ids")
                .hasMessageContaining("2 values");
    }

    @Test
    void rejectsMisalignedRawFlatLogprobs() {
        Message.Builder b = Message.builder().role(Role.ASSISTANT)
                .tokenIds(TokenIds.of(1, 2, 3))
                .logprobs(RawJsonValue.of("[ -0.5, 0, -1e-7, -2 ]"));

        assertThatThrownBy(b::build).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("3 ids").hasMessageContaining("4 values");
    }

    @Test
    void acceptsProviderLogprobsObjectWhateverItsLength() {
        JsonObject provider = Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("logprob", -0.5).add("token_id", 7)))
                .build();

        Message m = Message.builder().role(Role.ASSISTANT).content("x")
                .tokenIds(TokenIds.of(7, 8, 9, 10))
                .logprobs(provider)
                .build();

        assertThat(m.logprobs()).contains(provider);
        assertThat(m.flatLogprobs()).isEmpty();
    }

    @Test
    void acceptsAListThatIsNotFlatWithoutCheckingItsLength() {
        Message m = Message.builder().role(Role.ASSISTANT)
                .tokenIds(TokenIds.of(1))
                .logprobs(RawJsonValue.of("[{\"logprob\":-1},{\"logprob\":-2}]"))
                .build();

        assertThat(m.flatLogprobs()).isEmpty();
    }

    @Test
    void emptyFlatListIsCheckedAgainstIds() {
        assertThatThrownBy(() -> Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1))
                .logprobs(RawJsonValue.of("[]")).build())
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("1 ids").hasMessageContaining("0 values");
    }

    @Test
    void rejectsNegativeTokenIds() {
        assertThatThrownBy(() -> TokenIds.of(5, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1");
    }

    @Test
    void textOnlyMessageNeedsNoTokenFields() {
        Message m = Message.user("Say hello politely.");

        assertThat(m.role()).isEqualTo(Role.USER);
        assertThat(m.content()).contains("Say hello politely.");
        assertThat(m.tokenIds()).isEmpty();
        assertThat(m.logprobs()).isEmpty();
        assertThat(m.flatLogprobs()).isEmpty();
    }

    @Test
    void contentDefaultsToEmptyStringAsInPython() {
        Message m = Message.builder().role("assistant").build();

        assertThat(m.content()).contains("");
        assertThat(m.hasNullContent()).isFalse();
    }

    @Test
    void emptyTokenIdsDifferFromAbsent() {
        Message withEmpty = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.empty()).build();
        Message without = Message.builder().role(Role.ASSISTANT).build();

        assertThat(withEmpty.tokenIds()).contains(TokenIds.empty());
        assertThat(without.tokenIds()).isEmpty();
        assertThat(withEmpty).isNotEqualTo(without);
    }

    @Test
    void requiresRole() {
        assertThatThrownBy(() -> Message.builder().content("x").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("`role` is required, but was not set");
    }

    @Test
    void keepsUnknownRoles() {
        Role developer = Role.of("developer");

        assertThat(developer.value()).isEqualTo("developer");
        assertThat(developer.isKnown()).isFalse();
        assertThat(Role.of("assistant")).isSameAs(Role.ASSISTANT);
    }

    @Test
    void textJoinsTextParts() {
        Message m = Message.builder().role(Role.USER)
                .contentParts(java.util.List.of(ContentPart.text("a"),
                        ContentPart.imageUrl(Json.createObjectBuilder().add("url", "u").build()),
                        ContentPart.text("b")))
                .build();

        assertThat(m.content()).isEmpty();
        assertThat(m.contentParts()).get().asList().hasSize(3);
        assertThat(m.text()).isEqualTo("ab");
    }

    @Test
    void additionalPropertiesCannotShadowDeclaredFields() {
        assertThatThrownBy(() -> Message.builder().putAdditionalProperty("token_ids", Json.createValue(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token_ids");
    }

    @Test
    void toBuilderKeepsEveryField() {
        Message m = Message.builder().role(Role.ASSISTANT).content("c").reasoningContent("r").name("n")
                .toolCallId("t").addToolCall(ToolCall.function("call_1", "f", "{}"))
                .functionCall(FunctionCall.of("g", "{}"))
                .controlPlaneStep(Json.createObjectBuilder().add("reward", 1).build())
                .weight(1).logprobs(RawJsonValue.of("{\"content\":[]}")).tokenIds(TokenIds.of(1))
                .putAdditionalProperty("x", Json.createValue("y"))
                .build();

        assertThat(m.toBuilder().build()).isEqualTo(m);
    }

    @Test
    void toStringAbbreviatesLongTokenIds() {
        int[] ids = new int[32_000];
        Message m = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.wrap(ids)).build();

        assertThat(m.toString()).hasSizeLessThan(300).contains("token_ids(32000)");
    }
}
