package io.evalprotocol.provider.openai.internal;

import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's shared provider fixtures ({@code shared/fixtures}, found by walking up from the module
 * directory; CI keeps {@code shared/} beside the checkout) and this module's own twins in test resources.
 */
final class TestFixtures {
    private TestFixtures() {}

    static final Path SHARED = Fixtures.findUp("shared/fixtures");

    static String shared(String name) {
        return Fixtures.read(SHARED.resolve(name));
    }

    static JsonObject sharedJson(String name) {
        return Fixtures.json(shared(name));
    }

    static List<JsonObject> sharedSse(String name) {
        return Fixtures.sse(shared(name));
    }

    /** A fixture of this module, from {@code src/test/resources/fixtures/}. */
    static String local(String name) {
        try (InputStream in = TestFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource fixtures/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body-only fixture of a shared file. */
    static ExtractorFixture body(String name, String hint) {
        return ExtractorFixture.builder(name + (hint == null ? "" : " hinted " + hint)).providerHint(hint)
                .body(shared(name)).build();
    }

    /** A stream-only fixture of a shared file. */
    static ExtractorFixture stream(String name, String hint) {
        return ExtractorFixture.builder(name + (hint == null ? "" : " hinted " + hint)).providerHint(hint)
                .stream(shared(name)).build();
    }
}
