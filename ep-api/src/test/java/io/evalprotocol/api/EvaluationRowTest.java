package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EvaluationRowTest {

    @Test
    void defaultsFollowPython() {
        EvaluationRow row = EvaluationRow.builder().build();

        assertThat(row.messages()).isEmpty();
        assertThat(row.inputMetadata()).isEqualTo(InputMetadata.empty());
        assertThat(row.inputMetadata().completionParams()).isEmpty();
        assertThat(row.rolloutStatus()).isEqualTo(Status.rolloutRunning());
        assertThat(row.executionMetadata()).isEqualTo(ExecutionMetadata.empty());
        assertThat(row.createdAt()).isEmpty();
    }

    @Test
    void toBuilderAddsMessagesWithoutTouchingTheOriginal() {
        EvaluationRow row = EvaluationRow.of(java.util.List.of(Message.user("q")));

        EvaluationRow answered = row.toBuilder().addMessage(Message.assistant("a"))
                .rolloutStatus(Status.finished()).build();

        assertThat(row.messages()).hasSize(1);
        assertThat(answered.messages()).hasSize(2);
        assertThat(answered.lastAssistantMessage().orElseThrow().text()).isEqualTo("a");
        assertThat(answered.rolloutStatus().isFinished()).isTrue();
    }

    @Test
    void truncatesCreatedAtToMicroseconds() {
        EvaluationRow row = EvaluationRow.builder().createdAt(Instant.parse("2025-12-15T16:33:31.522715999Z")).build();

        assertThat(row.createdAt()).contains(Instant.parse("2025-12-15T16:33:31.522715Z"));
    }
}
