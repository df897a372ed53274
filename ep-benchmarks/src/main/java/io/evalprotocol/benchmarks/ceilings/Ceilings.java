package io.evalprotocol.benchmarks.ceilings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two ceilings every decode figure is divided by.
 *
 * <ul>
 *   <li>C1: Jackson's streaming parser asked only for {@code nextToken()}. Jackson tokenizes without
 *       decoding strings or numbers until asked, so no Jackson-based decoder can beat this.
 *   <li>C2: one hand-written pass over the bytes that counts structural characters outside strings;
 *       the practical memory-bound ceiling of any decoder that looks at every byte.
 * </ul>
 */
public final class Ceilings {
    /** Shared factory; limits raised so the 70 MB bodies and long content strings parse. */
    public static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    private static final byte[] STRUCTURAL = new byte[256];

    static {
        for (char c : new char[] {'{', '}', '[', ']', ':', ','}) {
            STRUCTURAL[c] = 1;
        }
    }

    private Ceilings() {}

    /** C1: the number of tokens Jackson reports; the caller hands it to a Blackhole. */
    public static int jacksonTokens(byte[] body) {
        return jacksonTokens(body, 0, body.length);
    }

    public static int jacksonTokens(byte[] body, int offset, int length) {
        int n = 0;
        try (JsonParser p = JSON.createParser(body, offset, length)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                n += t.id();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    /** C2: structural characters outside strings, in one pass (escaped quotes handled). */
    public static int structuralBytes(byte[] body) {
        int count = 0;
        boolean inString = false;
        byte[] table = STRUCTURAL;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else {
                count += table[b & 0xff];
            }
        }
        return count;
    }
}
