package io.evalprotocol.benchmarks.bodies;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded, Zipf-weighted token vocabulary that looks like a BPE model's: words with a leading space,
 * punctuation, whitespace and quote tokens that need JSON escapes, multi-byte UTF-8 (some written as
 * {@code \\uXXXX} escapes), plus the special pieces real providers send (see provider-shapes.md):
 * an emoji split over two tokens the Fireworks way (first {@code token} empty), OpenAI's
 * {@code "\\xf0\\x9f\\x92"} partial-byte token text, and the {@code <|im_end|>} EOS entry.
 */
final class Vocabulary {
    static final int EOS_ID = 151645;

    /** The text sent in the {@code token} field. */
    final String[] tokenText;
    /** The exact token bytes sent in {@code bytes}. */
    final byte[][] bytes;
    final int[] ids;
    /** Whether {@code token} is written with non-ASCII as {@code \\uXXXX} (Python json.dumps style). */
    final boolean[] escapeNonAscii;
    private final double[] cumulative;
    private final int regular;

    final int eos;
    final int emojiHead;
    final int emojiTail;
    final int heartHead;
    final int heartTail;

    private static final String[] COMMON = {
        " the", " of", " and", " to", " a", " in", " is", " that", " for", " it", " as", " with", " was",
        " on", " be", " by", " this", " are", " we", " can", " an", " not", " or", " from", " which", " at",
        " have", " has", " will", " if", " so", " but", " its", " than", " then", " each", " token", " model",
        "The", "In", "We", " value", " function", " return", " result", " answer", " step", " Let", " x", " y",
    };
    private static final String[] SPECIAL_TEXT = {
        ".", ",", ":", ";", "!", "?", "(", ")", "-", "'s", " =", " +", "1", "2", "0", " 2024", "0.",
        "\n", "\n\n", "\t", "  ", "\"", " \"", "\\", "\\n", "{\"", "\":", "\"}", "</", "\r\n", "```", "`",
        "é", " café", "ü", "ñ", " naïve", "中", "文", "的", "日本語", "Ω", "→", "—", "“", "”", "€", "√", "·",
    };
    private static final String[] SYLLABLES = {
        "ka", "re", "tion", "ing", "al", "con", "de", "pro", "ver", "ly", "ment", "st", "qu", "ex", "ol", "an",
        "is", "or", "ent", "per", "com", "ble", "ic", "ure", "ath", "ma", "lo", "gi", "cal", "ber", "sum", "ple",
    };

    private Vocabulary(List<String> text, List<byte[]> byteList, List<Boolean> escape, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5eed_70c3L);
        regular = text.size();
        int n = regular + 5;
        tokenText = new String[n];
        bytes = new byte[n][];
        ids = new int[n];
        escapeNonAscii = new boolean[n];
        Set<Integer> used = new HashSet<>();
        used.add(EOS_ID);
        for (int i = 0; i < regular; i++) {
            tokenText[i] = text.get(i);
            bytes[i] = byteList.get(i);
            escapeNonAscii[i] = escape.get(i);
            int id;
            do {
                id = r.nextInt(151_000);
            } while (!used.add(id));
            ids[i] = id;
        }
        cumulative = new double[regular];
        double sum = 0;
        for (int i = 0; i < regular; i++) {
            sum += 1.0 / Math.pow(i + 2, 1.05);
            cumulative[i] = sum;
        }
        for (int i = 0; i < regular; i++) {
            cumulative[i] /= sum;
        }
        eos = regular;
        special(eos, "", "<|im_end|>".getBytes(StandardCharsets.UTF_8), EOS_ID, false);
        // " 😊" = 20 F0 9F 98 8A split after the third byte (Fireworks capture: token "" then " 😊")
        emojiHead = regular + 1;
        special(emojiHead, "", new byte[] {32, (byte) 0xf0, (byte) 0x9f, (byte) 0x98}, 26525, false);
        emojiTail = regular + 2;
        special(emojiTail, " 😊", new byte[] {(byte) 0x8a}, 232, false);
        // 💙 = F0 9F 92 99 (OpenAI cookbook: token text is the literal escape text)
        heartHead = regular + 3;
        special(heartHead, "\\xf0\\x9f\\x92", new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x92}, 9468, false);
        heartTail = regular + 4;
        special(heartTail, "\\x99", new byte[] {(byte) 0x99}, 247, false);
    }

    private void special(int i, String text, byte[] b, int id, boolean escape) {
        tokenText[i] = text;
        bytes[i] = b;
        ids[i] = id;
        escapeNonAscii[i] = escape;
    }

    static Vocabulary create(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Set<String> words = new LinkedHashSet<>(Arrays.asList(COMMON));
        for (String s : SPECIAL_TEXT) {
            words.add(s);
        }
        while (words.size() < 4000) {
            StringBuilder w = new StringBuilder();
            if (r.nextInt(10) < 7) {
                w.append(' ');
            }
            int syllables = 1 + r.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
            }
            if (r.nextInt(12) == 0) {
                w.setCharAt(w.length() - 1, Character.toUpperCase(w.charAt(w.length() - 1)));
            }
            words.add(w.toString());
        }
        // shuffle within bands so that escapes and multi-byte tokens land at realistic frequencies
        List<String> list = new ArrayList<>(words);
        for (int i = list.size() - 1; i > 0; i--) {
            int j = Math.max(0, i - 1 - r.nextInt(Math.min(i, 200)));
            String t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
        List<byte[]> b = new ArrayList<>();
        List<Boolean> esc = new ArrayList<>();
        for (String w : list) {
            b.add(w.getBytes(StandardCharsets.UTF_8));
            boolean nonAscii = w.chars().anyMatch(c -> c > 0x7e);
            esc.add(nonAscii && r.nextInt(3) == 0);
        }
        return new Vocabulary(list, b, esc, seed);
    }

    /** A regular (non-special) token, Zipf-distributed. */
    int sample(SplittableRandom r) {
        int i = Arrays.binarySearch(cumulative, r.nextDouble());
        return Math.min(regular - 1, i < 0 ? -i - 1 : i);
    }

    int regularSize() {
        return regular;
    }
}
