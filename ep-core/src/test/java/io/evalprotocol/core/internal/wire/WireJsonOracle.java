package io.evalprotocol.core.internal.wire;

import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * For tests in other packages: a {@link WireJson} that reads with the Jackson-based reader it used before
 * {@link ByteJsonReader} (the oracle), and the generated chat bodies of {@code ByteJsonReaderDifferentialTest}.
 */
public final class WireJsonOracle {
    private WireJsonOracle() {
    }

    public static WireJson jackson(int maxDepth, int maxString, int maxNumber) {
        JacksonWireJson oracle = new JacksonWireJson(maxDepth, maxString, maxNumber, true);
        return new WireJson(oracle::readObject, UnaryOperator.identity());
    }

    /** A chat-completion body with logprobs, token ids, every escape form and whitespace anywhere. */
    public static String chatBody(Random r) {
        return ByteJsonReaderDifferentialTest.chatBody(r);
    }
}
