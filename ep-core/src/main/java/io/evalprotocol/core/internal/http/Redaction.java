package io.evalprotocol.core.internal.http;

import io.evalprotocol.core.ApiKey;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Removes secrets from text a server sent back before it goes into an exception, a row or a log line: the
 * client's own API key wherever it appears, and any {@code Bearer <token>}. Servers and proxies do echo
 * request headers into error pages and bodies.
 */
public final class Redaction {
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',]+");

    private Redaction() {
    }

    /** A redactor for text from responses to requests that carried {@code key} (null: no key). */
    public static UnaryOperator<String> of(ApiKey key) {
        return text -> {
            if (text == null) {
                return null;
            }
            String t = key == null ? text : key.redact(text);
            return BEARER.matcher(t).replaceAll("$1[REDACTED]");
        };
    }
}
