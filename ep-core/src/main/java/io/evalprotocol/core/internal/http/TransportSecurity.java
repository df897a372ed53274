package io.evalprotocol.core.internal.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a configuration sends the API key where anyone on the network path can read it: over plain
 * {@code http://} to a host that is not this machine. Decided from the URL alone, without a DNS lookup:
 * {@code localhost}, {@code *.localhost} (RFC 6761), {@code 127.0.0.0/8} and {@code ::1} are loopback; every
 * other name counts as remote, even one that a hosts file maps to 127.0.0.1 (a warning too many is cheaper
 * than a lookup at build time).
 */
public final class TransportSecurity {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TransportSecurity() {
    }

    /** True when requests to {@code baseUri} would carry an API key unencrypted off this machine. */
    public static boolean sendsKeyInClear(URI baseUri, boolean hasApiKey) {
        return hasApiKey && "http".equalsIgnoreCase(baseUri.getScheme()) && !isLoopback(baseUri.getHost());
    }

    /** The warning logged once per client when {@link #sendsKeyInClear} holds; names the host, never the key. */
    public static String clearTextWarning(URI baseUri) {
        return "the API key is sent over plain http:// to " + baseUri.getHost() + ", where anyone on the network"
                + " path can read it; use https://, or a loopback address for a local server";
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        boolean ipv6 = h.startsWith("[") && h.endsWith("]");
        if (!ipv6 && !IPV4.matcher(h).matches()) {
            return false;
        }
        try {
            // an IP literal: parsed, never looked up
            return InetAddress.getByName(ipv6 ? h.substring(1, h.length() - 1) : h).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
