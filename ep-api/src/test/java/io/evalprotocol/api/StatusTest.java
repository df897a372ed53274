package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void factoriesUsePythonCodesAndMessages() {
        assertThat(Status.rolloutRunning().code()).isEqualTo(StatusCode.RUNNING);
        assertThat(Status.rolloutRunning().message()).isEqualTo("Rollout is running");
        assertThat(Status.finished().code().value()).isEqualTo(100);
        assertThat(Status.finished().message()).isEqualTo("Rollout finished");
        assertThat(Status.error("boom").code()).isEqualTo(StatusCode.INTERNAL);
        assertThat(Status.error("boom").details()).isEmpty();
    }

    @Test
    void keepsUnknownCodes() {
        StatusCode code = StatusCode.of(42);

        assertThat(code.isKnown()).isFalse();
        assertThat(code.value()).isEqualTo(42);
        assertThat(StatusCode.of(103)).isSameAs(StatusCode.RESPONSE_QUALITY_ERROR);
    }

    @Test
    void errorMeansAGrpcErrorCode() {
        assertThat(Status.of(StatusCode.DEADLINE_EXCEEDED, "slow").isError()).isTrue();
        assertThat(Status.finished().isError()).isFalse();
        assertThat(Status.of(StatusCode.OK, "ok").isError()).isFalse();
    }
}
