package io.evalprotocol.testkit.sim.internal;

import io.evalprotocol.testkit.sim.Flavour;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one provider's wire format: non-streaming bodies and SSE events ({@code data: ...\n\n}, ending with
 * {@code data: [DONE]}). Subclasses own the exact key order and quirks of their provider.
 */
public abstract class Renderer {
    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    /** 2026-01-01T00:00:00Z: {@code created} values are this plus a seeded offset within the year. */
    static final long EPOCH = 1_767_225_600L;

    protected final long providerSeed;
    protected final SimTokenizer tok = SimTokenizer.get();

    protected Renderer(long providerSeed) {
        this.providerSeed = providerSeed;
    }

    public static Renderer of(Flavour flavour, long providerSeed) {
        switch (flavour) {
            case OPENAI: return new OpenAiRenderer(providerSeed);
            case VLLM: return new VllmRenderer(providerSeed);
            default: return new FireworksRenderer(providerSeed);
        }
    }

    public abstract byte[] chat(GenRequest r, Generator.Result g);

    public abstract byte[] completion(GenRequest r, Generator.Result g);

    /** All SSE events of a streamed chat response, {@code [DONE]} included. */
    public List<byte[]> chatStream(GenRequest r, Generator.Result g) {
        return stream(r, g, true);
    }

    public List<byte[]> completionStream(GenRequest r, Generator.Result g) {
        return stream(r, g, false);
    }

    // ------------------------------------------------------------------ streaming skeleton

    /** What one stream event carries for one choice. */
    protected static final int FIRST = 0;
    protected static final int TOKEN = 1;
    protected static final int FINISH = 2;
    protected static final int ARGS = 3;

    protected record Ev(int choice, int kind, int t) {
    }

    /** The events of one choice, in order. */
    protected abstract List<Ev> events(GenRequest r, Choice c, boolean chat);

    protected abstract void chunk(JsonOut out, GenRequest r, Generator.Result g, Ev ev, boolean first, boolean last,
                                  boolean chat);

    /** The trailing usage-only chunk, or nothing. */
    protected abstract void usageChunk(ByteBuf out, GenRequest r, Generator.Result g, boolean chat);

    private List<byte[]> stream(GenRequest r, Generator.Result g, boolean chat) {
        List<List<Ev>> perChoice = new ArrayList<>(g.choices.size());
        int total = 0;
        for (Choice c : g.choices) {
            List<Ev> evs = events(r, c, chat);
            perChoice.add(evs);
            total += evs.size();
        }
        // choices advance round-robin, as a server batching them would interleave them
        List<Ev> order = new ArrayList<>(total);
        for (int step = 0; order.size() < total; step++) {
            for (List<Ev> evs : perChoice) {
                if (step < evs.size()) {
                    order.add(evs.get(step));
                }
            }
        }
        List<byte[]> out = new ArrayList<>(order.size() + 2);
        ByteBuf buf = new ByteBuf(512);
        for (int i = 0; i < order.size(); i++) {
            buf.reset();
            buf.write(DATA);
            chunk(new JsonOut(buf), r, g, order.get(i), i == 0, i == order.size() - 1, chat);
            buf.write('\n');
            buf.write('\n');
            out.add(buf.toByteArray());
        }
        buf.reset();
        usageChunk(buf, r, g, chat);
        if (buf.size() > 0) {
            out.add(buf.toByteArray());
        }
        out.add(DONE);
        return out;
    }

    protected static void beginEvent(ByteBuf buf) {
        buf.write(DATA);
    }

    protected static void endEvent(ByteBuf buf) {
        buf.write('\n');
        buf.write('\n');
    }

    // ------------------------------------------------------------------ shared helpers

    protected long created(Generator.Result g) {
        return EPOCH + Math.floorMod(Rng.mix(g.seed, 0xc4ea7edL), 31_536_000L);
    }

    protected static Rng rng(Generator.Result g, long salt) {
        return new Rng(Rng.mix(g.seed, salt));
    }

    protected String systemFingerprint() {
        return "fp_" + new Rng(Rng.mix(providerSeed, 0xf1f1L)).hex(10);
    }

    protected static String uuid(Rng rng) {
        String h = rng.hex(32);
        // version-4 layout, like the ids Fireworks returns
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-"
                + "89ab".charAt(h.charAt(16) % 4) + h.substring(17, 20) + "-" + h.substring(20, 32);
    }

    protected static String placeholder(int id) {
        return "token_id:" + id;
    }

    protected byte[] bytesOf(int id) {
        byte[] b = tok.tokenBytes(id);
        return b == null ? new byte[0] : b;
    }

    /** The text a single token shows by itself when complete, else "" (Fireworks' alternative tokens). */
    protected String ownText(int id) {
        byte[] b = bytesOf(id);
        if (SimTokenizer.isSpecial(id)) {
            return "";
        }
        return TokenText.endsComplete(b, b.length) && TokenText.isValidUtf8(b) ? new String(b, StandardCharsets.UTF_8) : "";
    }
}
