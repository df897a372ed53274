package com.example.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the example's main logic, so that `verify` proves it works end to end. */
class EmbeddingExampleTest {
    @Test
    void everyAnswerCarriesTheEngineTokenIds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        List<EvaluationRow> rows = EmbeddingExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(3, rows.size());
        for (EvaluationRow row : rows) {
            Message answer = row.lastAssistantMessage().orElseThrow();
            assertFalse(answer.tokenIds().orElseThrow().isEmpty(), "token ids on " + answer);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("token ids: "));
    }
}
