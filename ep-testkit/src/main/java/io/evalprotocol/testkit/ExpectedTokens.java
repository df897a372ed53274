package io.evalprotocol.testkit;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What an extractor must read from one choice of a fixture. Immutable: every method returns a new value. Only what you state is checked: a fixture that
 * names the completion ids and nothing else passes whatever prompt ids or logprobs the extractor adds.
 *
 * <pre>{@code
 * ExpectedTokens.ids(9707, 0, 151645)
 *         .prompt(151644, 872, 198)
 *         .logprobs(-0.0071, -0.1925, -0.0002)
 *         .eos(EosStatus.PRESENT)
 * }</pre>
 */
public final class ExpectedTokens {
    private final int[] ids;
    private final boolean noIds;
    private final int[] prompt;
    private final boolean noPrompt;
    private final double[] logprobs;
    private final boolean noLogprobs;
    private final String logprobsField;
    private final String sourceField;
    private final EosStatus eos;

    private ExpectedTokens(int[] ids, boolean noIds) {
        this(ids, noIds, null, false, null, false, null, null, null);
    }

    private ExpectedTokens(int[] ids, boolean noIds, int[] prompt, boolean noPrompt, double[] logprobs,
            boolean noLogprobs, String logprobsField, String sourceField, EosStatus eos) {
        this.ids = ids;
        this.noIds = noIds;
        this.prompt = prompt;
        this.noPrompt = noPrompt;
        this.logprobs = logprobs;
        this.noLogprobs = noLogprobs;
        this.logprobsField = logprobsField;
        this.sourceField = sourceField;
        this.eos = eos;
    }

    /** The choice must yield exactly these completion ids. */
    public static ExpectedTokens ids(int... ids) {
        return new ExpectedTokens(ids.clone(), false);
    }

    /** The choice exposes no ids: {@link ExtractedTokens#completionTokenIds()} must be empty. */
    public static ExpectedTokens noIds() {
        return new ExpectedTokens(null, true);
    }

    /** The prompt ids the extractor must report for this choice. */
    public ExpectedTokens prompt(int... promptIds) {
        return new ExpectedTokens(ids, noIds, promptIds.clone(), false, logprobs, noLogprobs, logprobsField,
                sourceField, eos);
    }

    /** The extractor must report no prompt ids. */
    public ExpectedTokens noPrompt() {
        return new ExpectedTokens(ids, noIds, null, true, logprobs, noLogprobs, logprobsField, sourceField, eos);
    }

    /** The flat logprobs aligned with the ids; {@link Double#NaN} stands for a JSON {@code null}. */
    public ExpectedTokens logprobs(double... values) {
        return new ExpectedTokens(ids, noIds, prompt, noPrompt, values.clone(), false, logprobsField,
                sourceField, eos);
    }

    /** The extractor must report no flat logprobs (e.g. they come from another channel). */
    public ExpectedTokens noLogprobs() {
        return new ExpectedTokens(ids, noIds, prompt, noPrompt, null, true, logprobsField, sourceField, eos);
    }

    /** The field the logprobs must come from, e.g. {@code choices[].logprobs.content[].sampling_logprob}. */
    public ExpectedTokens logprobsField(String field) {
        return new ExpectedTokens(ids, noIds, prompt, noPrompt, logprobs, noLogprobs,
                Objects.requireNonNull(field, "field"), sourceField, eos);
    }

    /** The field the completion ids must come from, e.g. {@code choices[].token_ids}. */
    public ExpectedTokens sourceField(String field) {
        return new ExpectedTokens(ids, noIds, prompt, noPrompt, logprobs, noLogprobs, logprobsField,
                Objects.requireNonNull(field, "field"), eos);
    }

    public ExpectedTokens eos(EosStatus eos) {
        return new ExpectedTokens(ids, noIds, prompt, noPrompt, logprobs, noLogprobs, logprobsField, sourceField,
                Objects.requireNonNull(eos, "eos"));
    }

    /** The number of completion ids expected, or -1 for none. */
    int idCount() {
        return ids == null ? -1 : ids.length;
    }

    /** Every way {@code actual} differs from this expectation; empty when it matches. */
    List<String> mismatches(ExtractedTokens actual) {
        List<String> out = new ArrayList<>();
        TokenIds got = actual.completionTokenIds().orElse(null);
        if (noIds && got != null) {
            out.add("expected no completion ids but got " + got + " from " + actual.sourceField().orElse("?"));
        } else if (!noIds && (got == null || !Arrays.equals(ids, got.toArray()))) {
            out.add("completion ids: expected " + TokenIds.of(ids) + " but got " + got);
        }
        TokenIds gotPrompt = actual.promptTokenIds().orElse(null);
        if (noPrompt && gotPrompt != null) {
            out.add("expected no prompt ids but got " + gotPrompt);
        } else if (prompt != null && (gotPrompt == null || !Arrays.equals(prompt, gotPrompt.toArray()))) {
            out.add("prompt ids: expected " + TokenIds.of(prompt) + " but got " + gotPrompt);
        }
        TokenLogprobs gotLp = actual.logprobs().orElse(null);
        if (noLogprobs && gotLp != null) {
            out.add("expected no flat logprobs but got " + gotLp + " from " + actual.logprobsField().orElse("?"));
        } else if (logprobs != null && (gotLp == null || !Arrays.equals(logprobs, gotLp.toArray()))) {
            out.add("logprobs: expected " + Arrays.toString(logprobs) + " but got "
                    + (gotLp == null ? "none" : Arrays.toString(gotLp.toArray())));
        }
        if (logprobsField != null && !logprobsField.equals(actual.logprobsField().orElse(null))) {
            out.add("logprobs field: expected " + logprobsField + " but got " + actual.logprobsField().orElse("none"));
        }
        if (sourceField != null && !sourceField.equals(actual.sourceField().orElse(null))) {
            out.add("source field: expected " + sourceField + " but got " + actual.sourceField().orElse("none"));
        }
        if (eos != null && eos != actual.eos()) {
            out.add("eos: expected " + eos + " but got " + actual.eos());
        }
        return out;
    }

    @Override
    public String toString() {
        return "ExpectedTokens{ids=" + (noIds ? "none" : TokenIds.of(ids).toString())
                + (prompt == null ? "" : ", prompt=" + TokenIds.of(prompt))
                + (logprobs == null ? "" : ", logprobs=" + logprobs.length)
                + (eos == null ? "" : ", eos=" + eos) + '}';
    }
}
