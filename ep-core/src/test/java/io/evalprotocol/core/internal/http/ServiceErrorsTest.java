package io.evalprotocol.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.errors.BadRequestException;
import io.evalprotocol.errors.ConflictException;
import io.evalprotocol.errors.EpServiceException;
import io.evalprotocol.errors.InternalServerException;
import io.evalprotocol.errors.NotFoundException;
import io.evalprotocol.errors.PermissionDeniedException;
import io.evalprotocol.errors.RateLimitException;
import io.evalprotocol.errors.RequestTimeoutException;
import io.evalprotocol.errors.UnauthorizedException;
import io.evalprotocol.errors.UnexpectedStatusCodeException;
import io.evalprotocol.errors.UnprocessableEntityException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServiceErrorsTest {
    private static final String KEY = "sk-test-SECRET-1234567890";

    private static TruncatingSink body(String text, int max) {
        TruncatingSink s = new TruncatingSink(max);
        s.start("application/json", -1);
        s.data(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        return s;
    }

    private static EpServiceException map(int status, String text) {
        return ServiceErrors.from(status, body(text, 65536), "POST http://127.0.0.1/v1/chat/completions",
                t -> t.replace(KEY, "[REDACTED]"));
    }

    @Test
    void mapsEveryStatusToItsExceptionType() {
        assertThat(map(400, "{}")).isInstanceOf(BadRequestException.class);
        assertThat(map(401, "{}")).isInstanceOf(UnauthorizedException.class);
        assertThat(map(403, "{}")).isInstanceOf(PermissionDeniedException.class);
        assertThat(map(404, "{}")).isInstanceOf(NotFoundException.class);
        assertThat(map(422, "{}")).isInstanceOf(UnprocessableEntityException.class);
        assertThat(map(429, "{}")).isInstanceOf(RateLimitException.class);
        assertThat(map(500, "{}")).isInstanceOf(InternalServerException.class);
        assertThat(map(503, "{}")).isInstanceOf(InternalServerException.class);
        assertThat(map(408, "{}")).isInstanceOf(RequestTimeoutException.class).satisfies(e -> assertThat(e.isRetryable()).isTrue());
        assertThat(map(409, "{}")).isInstanceOf(ConflictException.class).satisfies(e -> assertThat(e.isRetryable()).isTrue());
        assertThat(map(402, "{}")).isExactlyInstanceOf(UnexpectedStatusCodeException.class).satisfies(e -> assertThat(e.isRetryable()).isFalse());
        assertThat(map(418, "{}")).isInstanceOf(UnexpectedStatusCodeException.class).satisfies(e -> assertThat(e.isRetryable()).isFalse());
    }

    @Test
    void readsOpenAiStyleErrorMessageAndCode() {
        EpServiceException e = map(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
        assertThat(e.getMessage()).isEqualTo(
                "HTTP 429 from POST http://127.0.0.1/v1/chat/completions: Rate limit reached (code: rate_limit_exceeded)");
        assertThat(e.errorCode()).contains("rate_limit_exceeded");
        assertThat(e.statusCode()).isEqualTo(429);
    }

    @Test
    void readsFlatVllmErrorAndNumericCode() {
        EpServiceException e = map(400, "{\"object\":\"error\",\"message\":\"max_tokens too large\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        assertThat(e.getMessage()).contains(": max_tokens too large (code: 400)");
    }

    @Test
    void fallsBackToTypeAndToFastApiDetail() {
        assertThat(map(400, "{\"error\":{\"message\":\"m\",\"type\":\"invalid_request_error\"}}").errorCode())
                .contains("invalid_request_error");
        assertThat(map(422, "{\"detail\":\"field required\"}").getMessage()).endsWith(": field required");
    }

    @Test
    void usesBodyExcerptForNonJsonErrors() {
        EpServiceException e = map(502, "<html><body>Bad gateway</body></html>");
        assertThat(e.getMessage()).endsWith(": <html><body>Bad gateway</body></html>");
        assertThat(e.bodyExcerpt()).isEqualTo("<html><body>Bad gateway</body></html>");
        assertThat(e.errorCode()).isEmpty();
    }

    @Test
    void neverCarriesTheApiKeyOrBearerTokens() {
        EpServiceException e = map(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + "\",\"code\":\"invalid_api_key\"},\"echo\":\"Authorization: Bearer other-token-xyz\"}");
        assertThat(e.getMessage()).doesNotContain(KEY).contains("[REDACTED]");
        assertThat(e.bodyExcerpt()).doesNotContain(KEY).doesNotContain("other-token-xyz");
    }

    @Test
    void excerptIsBoundedAndMarkedWhenCut() {
        EpServiceException e = ServiceErrors.from(500, body("x".repeat(5000), 4096), "POST u", null);
        assertThat(e.bodyExcerpt()).hasSize(ServiceErrors.MAX_EXCERPT_CHARS + 1).endsWith("…");
        assertThat(e.getMessage().length()).isLessThan(400);
    }
}
