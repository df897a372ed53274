package io.evalprotocol.spi;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProviderShapeTest {
    @Test
    void hintIsNormalisedToLowerCaseAndBlankMeansNone() {
        assertThat(ProviderShape.builder().providerHint(" VLLM ").build().providerHint()).contains("vllm");
        assertThat(ProviderShape.builder().providerHint("vLLM").build().hintIs("VLLM")).isTrue();
        assertThat(ProviderShape.builder().providerHint("  ").build().providerHint()).isEmpty();
    }

    @Test
    void withFirstResponseKeepsEverythingElse() {
        ProviderShape before = ProviderShape.builder().providerHint("fireworks").model("m")
                .baseUri(URI.create("http://127.0.0.1:1/v1")).apiKind(ApiKind.COMPLETIONS).streaming(true).build();

        ProviderShape after = before.withFirstResponse(Json.createObjectBuilder().add("id", "x").build());

        assertThat(after.firstResponse()).isPresent();
        assertThat(after.providerHint()).contains("fireworks");
        assertThat(after.model()).isEqualTo("m");
        assertThat(after.baseUri()).contains(URI.create("http://127.0.0.1:1/v1"));
        assertThat(after.apiKind()).isEqualTo(ApiKind.COMPLETIONS);
        assertThat(after.streaming()).isTrue();
        assertThat(before.firstResponse()).isEmpty();
    }

    @Test
    void withFirstResponseIsWhatTheBuilderGivesForTheSameFields() {
        String[] hints = {null, " VLLM ", "Fireworks", "  "};
        String[] models = {null, "", "Qwen/Qwen3-8B"};
        for (String hint : hints) {
            for (String model : models) {
                for (boolean streaming : new boolean[] {false, true}) {
                    ProviderShape before = ProviderShape.builder().providerHint(hint).model(model).streaming(streaming)
                            .apiKind(ApiKind.CHAT_COMPLETIONS).build();
                    var response = Json.createObjectBuilder().add("id", "x").build();

                    ProviderShape after = before.withFirstResponse(response);
                    ProviderShape built = before.toBuilder().firstResponse(response).build();

                    assertThat(after.providerHint()).isEqualTo(built.providerHint());
                    assertThat(after.model()).isEqualTo(built.model());
                    assertThat(after.baseUri()).isEqualTo(built.baseUri());
                    assertThat(after.apiKind()).isEqualTo(built.apiKind());
                    assertThat(after.streaming()).isEqualTo(built.streaming());
                    assertThat(after.firstResponse().orElseThrow()).isSameAs(response);
                    assertThat(after.toString()).isEqualTo(built.toString());
                }
            }
        }
    }

    @Test
    void toStringShowsWhatIsKnownWithoutTheResponseBody() {
        ProviderShape shape = ProviderShape.builder().model("Qwen/Qwen3-8B").build()
                .withFirstResponse(Json.createObjectBuilder().add("secret", "x").build());

        assertThat(shape.toString())
                .isEqualTo("{provider=?, model=Qwen/Qwen3-8B, baseUri=?, api=CHAT_COMPLETIONS, streaming=false, "
                        + "firstResponse=seen}");
    }
}
