package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Role;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.api.TokenIds;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows written by Python eval-protocol come back out of this SDK byte for byte. */
class FixtureRoundTripTest {

    private static byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    private static String withoutNewline(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Test
    void compactFixtureRoundTripsByteIdentical() throws IOException {
        byte[] input = bytes(SharedFixtures.path("eval-protocol-row-token-ids.compact.jsonl"));
        String line = withoutNewline(input);

        EvaluationRow row = EvalProtocolJson.readRow(line);

        assertThat(new String(EvalProtocolJson.writeRowBytes(row), StandardCharsets.UTF_8)).isEqualTo(line);
    }

    @Test
    void prettyFixtureIsWrittenAsItsCompactForm() throws IOException {
        EvaluationRow row = EvalProtocolJson.readRow(bytes(SharedFixtures.path("eval-protocol-row-token-ids.json")));
        String compact = withoutNewline(bytes(SharedFixtures.path("eval-protocol-row-token-ids.compact.jsonl")));

        assertThat(EvalProtocolJson.writeRow(row)).isEqualTo(compact);
    }

    @Test
    void fixtureRowIsReadIntoTheTypedModel() throws IOException {
        EvaluationRow row = EvalProtocolJson.readRow(bytes(SharedFixtures.path("eval-protocol-row-token-ids.json")));

        assertThat(row.messages()).hasSize(2);
        Message assistant = row.lastAssistantMessage().orElseThrow();
        assertThat(assistant.tokenIds()).contains(TokenIds.of(9707, 0, 151645));
        JsonObject logprobs = assistant.logprobs().orElseThrow().asJsonObject();
        assertThat(logprobs.getJsonArray("content")).hasSize(3);
        assertThat(logprobs.getJsonArray("content").getJsonObject(2).getInt("token_id")).isEqualTo(151645);
        assertThat(row.inputMetadata().rowId()).contains("liquid-school-081702");
        assertThat(row.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(row.executionMetadata().usage().orElseThrow().totalTokens()).hasValue(15);
        assertThat(row.executionMetadata().rolloutDurationSeconds()).hasValue(0.412);
        assertThat(row.createdAt()).hasValueSatisfying(t -> assertThat(t.toString())
                .isEqualTo("2026-04-28T17:02:11.522715Z"));
        assertThat(row.pid()).hasValue(8933);
    }

    @Test
    void realFireworksRowRoundTripsByteIdenticalThroughJsonl() throws IOException {
        Path input = SharedFixtures.path("real/fireworks-qwen3-8b-row.jsonl");
        List<EvaluationRow> rows = new ArrayList<>();
        try (JsonlRowReader reader = JsonlRowReader.open(input)) {
            reader.forEach(rows::add);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonlRowWriter writer = JsonlRowWriter.of(out)) {
            rows.forEach(writer::write);
        }

        assertThat(rows).hasSize(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(input));
        assertThat(out.toByteArray()).isEqualTo(bytes(input));
    }

    @Test
    void realFireworksRowKeepsProviderLogprobsAndScores() throws IOException {
        EvaluationRow row;
        try (InputStream in = Files.newInputStream(SharedFixtures.path("real/fireworks-qwen3-8b-row.jsonl"))) {
            row = EvalProtocolJson.readRow(in);
        }

        Message assistant = row.messages().get(1);
        assertThat(assistant.role()).isEqualTo(Role.ASSISTANT);
        JsonObject first = assistant.logprobs().orElseThrow().asJsonObject().getJsonArray("content").getJsonObject(0);
        assertThat(first.getString("token")).isEqualTo("<think>");
        // the number keeps its Python text when written back
        assertThat(EvalProtocolJson.writeValue(first.get("logprob"))).isEqualTo("-2.4e-7");
        assertThat(row.evaluationResult().orElseThrow().standardError()).hasValue(0.4898979485566356);
        assertThat(row.evaluationResult().orElseThrow().metrics()).containsKey("Helpful & Relevant [GEval]");
        assertThat(row.evalMetadata().orElseThrow().status().orElseThrow().isFinished()).isTrue();
    }

    @Test
    void tokenIdsSurviveWriteThenRead() {
        int[] ids = new int[40_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7919) % 151_936;
        }
        ids[ids.length - 1] = Integer.MAX_VALUE;
        EvaluationRow row = EvaluationRow.builder()
                .addMessage(Message.user("hi"))
                .addMessage(Message.builder().role(Role.ASSISTANT).content("x").tokenIds(TokenIds.of(ids)).build())
                .build();

        EvaluationRow back = EvalProtocolJson.readRow(EvalProtocolJson.writeRowBytes(row));

        assertThat(back.messages().get(1).tokenIds()).contains(TokenIds.of(ids));
        assertThat(back.messages().get(0).tokenIds()).isEmpty();
        assertThat(back).isEqualTo(row);
    }
}
