package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.core.EvalProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading from bytes keeps canonical free-form values as slices of the input; reading from a String copies
 * them token by token. Both must give the same row.
 */
class ModelReaderTest {

    private static void assertSamePaths(String line) {
        String viaChars = EvalProtocolJson.writeRow(EvalProtocolJson.readRow(line));
        String viaBytes = EvalProtocolJson.writeRow(EvalProtocolJson.readRow(line.getBytes(StandardCharsets.UTF_8)));
        assertThat(viaBytes).isEqualTo(viaChars);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ground_truth\":{\"a\" : [1,  2], \"b\":\"\\/\\u00e9\\u001F\"}}",
        "{\"ground_truth\":[NaN, -Infinity, 1e-7]}",
        "{\"messages\":[{\"role\":\"assistant\",\"logprobs\":{\"content\":[{\"token\":\"\\ud83d\\ude0a\",\"x\":1}]}}]}",
        "{\"x\":{\"nested\":{\"deep\":[[[\"\\n\"]]]}},\"y\":[]}",
    })
    void sliceAndCopyAgreeOnNonCanonicalInput(String line) {
        assertSamePaths(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python-rows.jsonl"})
    void sliceAndCopyAgreeOnPythonRows(String resource) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : text.split("\n")) {
            assertSamePaths(line);
        }
    }

    @org.junit.jupiter.api.Test
    void respellsNumbersAsPythonWhenAsked() throws IOException {
        String response = "{\"logprobs\":{\"content\":[{\"logprob\":-1.0E-5,\"id\":-0,\"big\":123456789012345678901234,"
                + "\"x\":[1.50,1e400,NaN,2.5e-07]}]}}";
        byte[] utf8 = response.getBytes(StandardCharsets.UTF_8);
        try (com.fasterxml.jackson.core.JsonParser p = JsonSupport.factory().createParser(utf8)) {
            jakarta.json.JsonValue v = new ModelReader().source(utf8, 0).pythonNumbers(true).readSingleValue(p);

            assertThat(EvalProtocolJson.writeValue(v)).isEqualTo("{\"logprobs\":{\"content\":[{\"logprob\":-0.00001,"
                    + "\"id\":0,\"big\":123456789012345678901234,\"x\":[1.5,null,null,2.5e-7]}]}}");
        }
        try (com.fasterxml.jackson.core.JsonParser p = JsonSupport.factory().createParser("-1.0E-5")) {
            assertThat(new ModelReader().pythonNumbers(true).readSingleValue(p).toString()).isEqualTo("-0.00001");
        }
    }
}
