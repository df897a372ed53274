package io.evalprotocol.core.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns a non-2xx response into the typed {@link EpServiceException} for its status (the table in
 * {@code docs/errors.md}), with the provider's own error message and code and a short, secret-free excerpt
 * of the body.
 */
public final class ServiceErrors {
    /** Longest body excerpt kept on an exception or a row, in characters. */
    public static final int MAX_EXCERPT_CHARS = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',]+");

    private ServiceErrors() {}

    /**
     * @param where e.g. {@code POST http://127.0.0.1:8000/v1/chat/completions}
     * @param redactor removes the client's API key from text taken from the body
     */
    public static EpServiceException from(int status, TruncatingSink body, String where, UnaryOperator<String> redactor) {
        String text = body == null ? "" : body.text();
        String excerpt = excerpt(text, body != null && body.truncated(), redactor);
        String providerMessage = null;
        String code = null;
        try {
            JsonNode root = text.isBlank() ? null : MAPPER.readTree(text);
            if (root != null && root.isObject()) {
                JsonNode err = root.get("error");
                // OpenAI / Fireworks / newer vLLM: {"error": {...}}; older vLLM: flat; FastAPI: {"detail": ...}
                JsonNode holder = err != null && err.isObject() ? err : root;
                if (err != null && err.isTextual()) {
                    providerMessage = err.asText();
                } else {
                    providerMessage = textOf(holder.get("message"));
                }
                if (providerMessage == null) {
                    providerMessage = textOf(root.get("detail"));
                }
                code = textOf(holder.get("code"));
                if (code == null) {
                    code = textOf(holder.get("type"));
                }
            }
        } catch (Exception notJson) {
            // An HTML error page or plain text: the excerpt says enough.
        }
        StringBuilder msg = new StringBuilder("HTTP ").append(status).append(" from ").append(where);
        if (providerMessage != null && !providerMessage.isBlank()) {
            msg.append(": ").append(redact(truncate(providerMessage, 500), redactor));
        } else if (!excerpt.isEmpty()) {
            msg.append(": ").append(truncate(excerpt, 300));
        }
        if (code != null) {
            code = redact(truncate(code, 100), redactor);
            msg.append(" (code: ").append(code).append(')');
        }
        String m = msg.toString();
        switch (status) {
            case 400:
                return new BadRequestException(status, code, excerpt, m);
            case 401:
                return new UnauthorizedException(status, code, excerpt, m);
            case 403:
                return new PermissionDeniedException(status, code, excerpt, m);
            case 404:
                return new NotFoundException(status, code, excerpt, m);
            case 408:
                return new RequestTimeoutException(status, code, excerpt, m);
            case 409:
                return new ConflictException(status, code, excerpt, m);
            case 422:
                return new UnprocessableEntityException(status, code, excerpt, m);
            case 429:
                return new RateLimitException(status, code, excerpt, m);
            default:
                if (status >= 500 && status <= 599) {
                    return new InternalServerException(status, code, excerpt, m);
                }
                return new UnexpectedStatusCodeException(status, code, excerpt, m);
        }
    }

    /** A short, secret-free excerpt of a body for messages and rows. */
    public static String excerpt(String text, boolean truncated, UnaryOperator<String> redactor) {
        String t = redact(text.strip(), redactor);
        boolean cut = truncated || t.length() > MAX_EXCERPT_CHARS;
        t = truncate(t, MAX_EXCERPT_CHARS);
        return cut && !t.isEmpty() ? t + "…" : t;
    }

    static String redact(String text, UnaryOperator<String> redactor) {
        String t = redactor == null ? text : redactor.apply(text);
        return BEARER.matcher(t).replaceAll("$1[REDACTED]");
    }

    private static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String textOf(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        return n.asText();
    }
}
