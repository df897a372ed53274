package io.evalprotocol.core.internal.http;

import java.net.URI;

/**
 * The endpoint URL built from a base URL that may carry a query (older Azure OpenAI deployments take
 * {@code ?api-version=2024-02-01}), and the form of a URL that messages quote.
 *
 * <p>A query may hold a secret (a key or a signature some gateways take in the URL), so no message, log line
 * or {@code toString()} of ep-core quotes a query value: {@link #redacted} keeps the parameter names and
 * replaces every value. The request itself goes to the URL as given.
 */
public final class Urls {
    /** What stands for a query value in quoted URLs. */
    public static final String REDACTED = "[REDACTED]";

    private Urls() {
    }

    /**
     * {@code base} with {@code path} appended to its path, before its query:
     * {@code https://x.openai.azure.com/openai/deployments/d?api-version=2024-02-01} and {@code chat/completions}
     * give {@code https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-02-01}.
     *
     * @param path a relative path, as raw (already encoded) text
     */
    public static URI resolve(URI base, String path) {
        String p = base.getRawPath() == null ? "" : base.getRawPath();
        StringBuilder s = new StringBuilder(base.getScheme()).append("://").append(base.getRawAuthority()).append(p);
        if (p.isEmpty() || p.charAt(p.length() - 1) != '/') {
            s.append('/');
        }
        s.append(path);
        if (base.getRawQuery() != null) {
            s.append('?').append(base.getRawQuery());
        }
        return URI.create(s.toString());
    }

    /** {@code uri} without its query and fragment. */
    public static URI withoutQuery(URI uri) {
        if (uri.getRawQuery() == null && uri.getRawFragment() == null) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    /**
     * {@code uri} as messages quote it: each query parameter's value replaced by {@value #REDACTED}
     * ({@code ?api-version=[REDACTED]}; a parameter without {@code =} is replaced whole), the fragment left out.
     * User info is left out too, although a base URL never has any.
     */
    public static String redacted(URI uri) {
        StringBuilder s = new StringBuilder();
        if (uri.getScheme() != null) {
            s.append(uri.getScheme()).append(':');
        }
        if (uri.getRawAuthority() != null) {
            s.append("//");
            if (uri.getRawUserInfo() == null) {
                s.append(uri.getRawAuthority());
            } else if (uri.getHost() != null) {
                s.append(uri.getHost()); // an IPv6 literal comes with its brackets
                if (uri.getPort() >= 0) {
                    s.append(':').append(uri.getPort());
                }
            }
        }
        if (uri.getRawPath() != null) {
            s.append(uri.getRawPath());
        }
        String q = uri.getRawQuery();
        if (q != null) {
            s.append('?');
            int from = 0;
            while (from <= q.length()) {
                int amp = q.indexOf('&', from);
                int end = amp < 0 ? q.length() : amp;
                if (end > from) {
                    int eq = q.indexOf('=', from);
                    s.append(eq >= 0 && eq < end ? q.substring(from, eq + 1) + REDACTED : REDACTED);
                }
                if (amp < 0) {
                    break;
                }
                s.append('&');
                from = amp + 1;
            }
        }
        return s.toString();
    }
}
