package io.evalprotocol.reliability.security;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed certificates made with the JDK's {@code keytool} at test time (nothing binary is committed and
 * nothing expires), and a loopback HTTPS server that answers every POST with a fixed chat completion.
 */
final class TlsFixtures {
    static final char[] PASSWORD = "changeit".toCharArray();

    private TlsFixtures() {
    }

    /** A PKCS#12 key store holding one self-signed EC key pair for {@code subjectAltName} (e.g. {@code ip:127.0.0.1}). */
    static Path selfSigned(Path dir, String name, String subjectAltName) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=" + subjectAltName, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        return store;
    }

    /** A PKCS#12 trust store holding the certificates of {@code keyStores}. */
    static Path trustStore(Path dir, Path... keyStores) throws Exception {
        Path trust = dir.resolve("trust.p12");
        int i = 0;
        for (Path ks : keyStores) {
            Path pem = dir.resolve("cert" + i + ".pem");
            keytool("-exportcert", "-alias", "server", "-keystore", ks.toString(), "-storepass",
                    new String(PASSWORD), "-rfc", "-file", pem.toString());
            keytool("-importcert", "-noprompt", "-alias", "cert" + i, "-file", pem.toString(),
                    "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
            i++;
        }
        return trust;
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(keytool.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** A loopback HTTPS server presenting the key in {@code keyStore}; counts the requests that got through. */
    static final class HttpsStub implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        private final HttpsServer server;
        private final ExecutorService executor = Executors.newSingleThreadExecutor();

        HttpsStub(Path keyStore, String responseJson) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, PASSWORD);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ssl));
            byte[] body = responseJson.getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(executor);
            server.start();
        }

        URI baseUri(String host) {
            return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/v1");
        }

        @Override
        public void close() throws IOException {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
