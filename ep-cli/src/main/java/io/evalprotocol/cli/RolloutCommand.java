package io.evalprotocol.cli;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.cli.internal.BadLinePolicy;
import io.evalprotocol.cli.internal.Dataset;
import io.evalprotocol.cli.internal.DatasetScanner;
import io.evalprotocol.cli.internal.Formats;
import io.evalprotocol.cli.internal.OutputLock;
import io.evalprotocol.cli.internal.Progress;
import io.evalprotocol.cli.internal.ResumeScanner;
import io.evalprotocol.cli.internal.RowSink;
import io.evalprotocol.cli.internal.RunStats;
import io.evalprotocol.cli.internal.SummaryReport;
import io.evalprotocol.core.ApiKey;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EpClient;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.JsonlRowWriter;
import io.evalprotocol.core.RolloutRun;
import io.evalprotocol.core.SingleTurnRolloutProcessor;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.http.Urls;
import io.evalprotocol.errors.InvalidDataException;
import io.evalprotocol.errors.UnknownTokenIdExtractorException;
import io.evalprotocol.testkit.sim.FaultMix;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ep rollout}: sends every row of a JSONL dataset to an OpenAI-compatible endpoint (by default a
 * simulated one, in-process) and appends each finished row, with the assistant message's token ids, to the
 * output as soon as it completes. {@code --resume} continues a killed or interrupted run.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Rolls out every row of a JSONL dataset against an OpenAI-compatible endpoint and appends "
                + "each finished row (eval-protocol JSON, token ids on the assistant message) to the output as it "
                + "completes.",
            "Without --base-url a simulated provider (vllm flavour by default) runs in-process: no server, no key.",
            "Input lines are eval-protocol rows or just {\"messages\": [...]} with optional ground_truth, tools and "
                + "input_metadata. A row without input_metadata.row_id gets one derived from its content, which "
                + "is what --resume matches on."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:all rows ok",
            "1:some rows failed (counted in the summary; each has rollout_status in the output)",
            "2:bad usage (unknown option, bad value, existing output without --resume)",
            "3:fatal error (I/O, bad input line with --on-bad-line fail, unusable plugin)"},
        footerHeading = "%nExamples:%n",
        footer = {"  ep rollout -i examples/datasets/gsm8k-mini.jsonl -o out.jsonl",
            "  ep rollout -i rows.jsonl -o out.jsonl --base-url http://127.0.0.1:8000/v1 \\",
            "      --model Qwen/Qwen3-8B --provider vllm --concurrency 64",
            "  ep rollout -i rows.jsonl -o out.jsonl --resume    # after a kill or Ctrl-C%n"})
final class RolloutCommand implements Callable<Integer> {
    static final String DEFAULT_API_KEY_ENV = "EP_API_KEY";

    /**
     * Request fields --extra-body refuses, and where they come from instead: ep-core lets an extra body field
     * replace the parameter of the same name, so a field that has an option would have two values on one command
     * line, and the rows' messages and tools would be replaced for every row.
     */
    private static final Map<String, String> FIELDS_WITH_OPTIONS = orderedMap(
            "model", "--model", "messages", "the input rows", "tools", "the input rows", "stream", "--stream",
            "n", "--n", "max_tokens", "--max-tokens", "temperature", "--temperature", "top_p", "--top-p", "stop",
            "--stop", "seed", "--seed", "logprobs", "--[no-]logprobs", "top_logprobs", "--top-logprobs");

    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "The dataset: JSONL, one row per line.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Where rows go, appended in completion order and flushed one by one. Must not exist "
                    + "(or be empty) unless --resume.")
    Path output;

    @Option(names = "--resume",
            description = "Continue an existing output: skip input rows whose row_id is already in it, repair a "
                    + "torn last line left by a kill.")
    boolean resume;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "OpenAI-compatible API base, e.g. http://127.0.0.1:8000/v1. Default: a simulated provider "
                    + "in-process.")
    URI baseUrl;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Model name; required with --base-url (default for the simulated provider: the flavour's).")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "Environment variable holding the API key, sent as a bearer token; the key is never "
                    + "printed (default: " + DEFAULT_API_KEY_ENV + ", optional).")
    String apiKeyEnv;

    @Option(names = "--provider", paramLabel = "ID|HINT",
            description = "A token-id extractor id (see 'ep providers', e.g. vllm.token-ids) to use it explicitly, "
                    + "or a provider hint (vllm, fireworks, openai) for automatic selection.")
    String provider;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "8", paramLabel = "N",
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--stream", description = "Stream responses (server-sent events); token ids are accumulated "
            + "chunk by chunk.")
    boolean stream;

    @Option(names = "--n", paramLabel = "K", description = "Choices per request; all are kept (choice 0 as the "
            + "assistant message, the others in execution_metadata.extra.choices).")
    Integer n;

    @Option(names = "--max-tokens", paramLabel = "T", description = "Maximum completion tokens per choice.")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "X", description = "Sampling temperature.")
    Double temperature;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling: sample from the smallest set of "
            + "tokens whose probability adds up to P (0-1).")
    Double topP;

    @Option(names = "--stop", paramLabel = "TEXT", description = "A stop sequence, taken literally (no escapes: for a "
            + "newline use the shell, e.g. --stop $'\\n' in bash); repeat for several.")
    List<String> stop;

    @Option(names = "--seed", paramLabel = "N",
            description = "Sampling seed sent with each request; also seeds the simulated provider (default 0 there).")
    Long seed;

    @Option(names = "--logprobs", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Ask for per-token logprobs, kept beside the token ids (default: on; --no-logprobs "
                    + "turns it off).")
    boolean logprobs;

    @Option(names = "--top-logprobs", paramLabel = "K", description = "Alternatives per token in the logprobs (0-20).")
    Integer topLogprobs;

    @Option(names = "--extra-body", paramLabel = "KEY=JSON",
            description = "A provider-specific request field, sent at the top level of every request and recorded in "
                    + "input_metadata.completion_params.extra_body; the value is JSON (a string needs its quotes), "
                    + "e.g. top_k=20, 'chat_template_kwargs={\"enable_thinking\":false}', 'reasoning_effort=\"low\"'. "
                    + "Repeat for several.")
    List<String> extraBody;

    @Option(names = "--token-trace", defaultValue = "full", paramLabel = "full|ids-only",
            description = "What assistant messages keep: full (default) = token_ids + the provider's logprobs payload "
                    + "unchanged; ids-only (for trainers) = token_ids + one flat logprob per id, the payload (token "
                    + "strings, bytes, top alternatives) not kept.")
    String tokenTrace;

    @Option(names = "--require-token-ids",
            description = "Fail a row whose response carries no token ids, instead of writing it without them.")
    boolean requireTokenIds;

    @Option(names = "--allow-reconstructed-token-ids",
            description = "Let RECONSTRUCTED extractors (ids re-tokenized from text, e.g. for OpenAI) be chosen.")
    boolean allowReconstructed;

    @Option(names = "--on-bad-line", defaultValue = "fail", paramLabel = "fail|skip",
            description = "A bad input line either stops the run before any request (fail, exit code 3) or is "
                    + "skipped with a warning and counted (skip). Default: ${DEFAULT-VALUE}.")
    BadLinePolicy onBadLine;

    @Option(names = "--flavour", paramLabel = "openai|vllm|fireworks",
            description = "Simulated provider only: whose wire format it speaks (default: vllm).")
    String flavour;

    @Option(names = "--fault-mix", paramLabel = "SPEC",
            description = "Simulated provider only: random faults, e.g. 429=5,500=2,reset=1, or 'standard'.")
    String faultMix;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|log|none",
            description = "auto: a bar redrawn in place on a terminal, plain lines otherwise (default: "
                    + "${DEFAULT-VALUE}).")
    String progressMode;

    @Option(names = "--progress-interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds between plain progress lines; 0 prints one per finished row (default: "
                    + "${DEFAULT-VALUE}).")
    double progressInterval;

    RolloutCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        boolean outputHasRows = Files.exists(output) && Files.size(output) > 0;
        if (outputHasRows && !resume) {
            throw usage(output + " already exists and is not empty; ep never overwrites an output. Pass --resume to "
                    + "continue it (rows already in it are skipped), or choose another --output.");
        }
        CompletionParams params = completionParams();
        String apiKey = apiKey();

        try (OutputLock lock = OutputLock.acquire(output); Endpoint endpoint = Endpoint.open(this, apiKey)) {
            env.out.println(endpoint.description);
            env.out.flush();
            Progress warnings = Progress.none(env.err);

            ResumeScanner.Result previous = outputHasRows ? ResumeScanner.scanAndRepair(output) : null;
            if (previous != null && previous.repair() != null) {
                warnings.warn("ep: warning: " + output + ": " + previous.repair() + ".");
            }
            Dataset dataset = DatasetScanner.scan(input, onBadLine, RolloutCommand::validateRow, warnings::warn);
            Set<String> done = previous == null ? Set.of() : previous.rowIds();
            int toDo = dataset.countMissing(done);
            int resumed = dataset.rows() - toDo;
            env.out.println(plan(dataset, previous, resumed, toDo));
            if (previous != null) {
                reportForeignRows(dataset, previous, warnings);
            }
            if (dataset.rows() == 0) {
                env.out.println("Nothing to do: " + input + " holds no rows.");
                return EpCommand.OK;
            }
            if (toDo == 0) {
                env.out.println("Nothing to do: every input row is already in " + output + "."
                        + (previous.failed() > 0 ? " " + Formats.plural(previous.failed(), "row there has",
                                "rows there have") + " an error rollout_status; remove those lines and resume to run "
                                + "them again." : ""));
                return EpCommand.OK;
            }

            EpClient client = endpoint.client(this, params);
            try (client) {
                return run(client, dataset, done, toDo, resumed);
            }
        }
    }

    private int run(EpClient client, Dataset dataset, Set<String> done, int toDo, int resumed)
            throws IOException, InterruptedException {
        RunStats stats = new RunStats(toDo, env.nanoClock);
        Progress progress = progress(stats);
        SummaryReport summary = new SummaryReport(output.toString(), resumed, dataset.badLines());
        AtomicBoolean finished = new AtomicBoolean();
        // Ctrl-C: the rows written so far are whole (one flushed write each); say so and how to go on
        Thread onInterrupt = new Thread(() -> {
            if (finished.compareAndSet(false, true)) {
                progress.close();
                summary.render(stats.snapshot(), true).forEach(env.out::println);
                env.out.flush();
            }
        }, "ep-rollout-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (JsonlRowWriter writer = JsonlRowWriter.append(output);
                Dataset.Rows rows = dataset.rows(done, RolloutCommand::toRow)) {
            RowSink sink = new RowSink(writer::write, stats, progress, null);
            RolloutRun run = new SingleTurnRolloutProcessor(client).processAll(() -> rows, sink);
            try {
                // Returns, or throws the source's or the sink's exception, once every row taken is written: the
                // writer and the input are closed only after that.
                run.await();
            } catch (CancellationException e) {
                if (e.getCause() instanceof InterruptedException) {
                    Thread.interrupted(); // rethrown as the exception that stands for it
                    throw (InterruptedException) e.getCause();
                }
                throw e;
            }
        } finally {
            if (finished.compareAndSet(false, true)) {
                progress.close();
            }
            removeHook(onInterrupt);
        }
        RunStats.Snapshot s = stats.snapshot();
        summary.render(s, false).forEach(env.out::println);
        env.out.flush();
        return s.failed() > 0 ? EpCommand.ROWS_FAILED : EpCommand.OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook has printed the interrupted summary
        }
    }

    private Progress progress(RunStats stats) {
        String mode = progressMode.toLowerCase(Locale.ROOT);
        if (mode.equals("auto")) {
            mode = env.interactive ? "bar" : "log";
        }
        switch (mode) {
            case "bar":
                return Progress.bar(env.out, env.err, stats, env.width(), env.nanoClock);
            case "log":
                return Progress.log(env.out, env.err, stats, (long) (progressInterval * 1e9));
            default:
                return Progress.none(env.err);
        }
    }

    private String plan(Dataset dataset, ResumeScanner.Result previous, int resumed, int toDo) {
        StringBuilder sb = new StringBuilder("Input ").append(input).append(": ")
                .append(Formats.plural(dataset.rows(), "row", "rows"));
        if (dataset.badLines() > 0) {
            sb.append(" (").append(Formats.plural(dataset.badLines(), "bad line", "bad lines")).append(" skipped)");
        }
        if (previous == null) {
            sb.append("; output ").append(output).append('.');
        } else {
            sb.append("; resuming ").append(output).append(": ").append(Formats.count(resumed))
                    .append(" already there");
            if (previous.failed() > 0) {
                sb.append(" (").append(Formats.count(previous.failed())).append(" failed, not retried)");
            }
            sb.append(", ").append(Formats.count(toDo)).append(" to go.");
        }
        return sb.toString();
    }

    private void reportForeignRows(Dataset dataset, ResumeScanner.Result previous, Progress warnings) {
        Set<String> ours = new HashSet<>(dataset.rowIds());
        long foreign = previous.rowIds().stream().filter(id -> !ours.contains(id)).count() + previous.withoutId();
        if (foreign > 0) {
            warnings.warn("ep: warning: " + Formats.plural(foreign, "row", "rows") + " in " + output
                    + " match no row of " + input + " (written from another dataset, or the input changed?); "
                    + "they are left as they are.");
        }
        if (previous.duplicates() > 0) {
            warnings.warn("ep: warning: " + output + " holds " + Formats.plural(previous.duplicates(), "duplicate row",
                    "duplicate rows") + " (same row_id twice); they are left as they are.");
        }
    }

    private void validate() {
        if (concurrency < 1 || concurrency > 4096) {
            throw usage("--concurrency must be between 1 and 4096, got " + concurrency);
        }
        if (n != null && (n < 1 || n > 128)) {
            throw usage("--n must be between 1 and 128, got " + n);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw usage("--max-tokens must be at least 1, got " + maxTokens);
        }
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw usage("--temperature must be between 0 and 2, got " + temperature);
        }
        if (topP != null && !(topP >= 0 && topP <= 1)) {
            throw usage("--top-p must be between 0 and 1, got " + topP);
        }
        if (stop != null && stop.contains("")) {
            throw usage("--stop needs a non-empty stop sequence");
        }
        extraBodyFields();
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > 20)) {
            throw usage("--top-logprobs must be between 0 and 20, got " + topLogprobs);
        }
        if (topLogprobs != null && !logprobs) {
            throw usage("--top-logprobs needs logprobs; drop --no-logprobs");
        }
        TokenTrace trace;
        try {
            trace = TokenTrace.of(tokenTrace);
        } catch (IllegalArgumentException e) {
            throw usage("--token-trace must be full or ids-only, got '" + tokenTrace + "'");
        }
        if (trace == TokenTrace.IDS_ONLY && topLogprobs != null && topLogprobs > 0) {
            throw usage("--top-logprobs asks for alternatives that --token-trace ids-only does not keep; drop one of them");
        }
        if (!(progressInterval >= 0)) {
            throw usage("--progress-interval must be 0 or more seconds, got " + progressInterval);
        }
        if (!List.of("auto", "bar", "log", "none").contains(progressMode.toLowerCase(Locale.ROOT))) {
            throw usage("--progress must be auto, bar, log or none, got '" + progressMode + "'");
        }
        if (!Files.isRegularFile(input)) {
            throw usage("--input " + input + (Files.exists(input) ? " is not a regular file" : " does not exist"));
        }
        if (Files.isDirectory(output)) {
            throw usage("--output " + output + " is a directory; name a file");
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw usage("--output " + output + ": the directory " + parent + " does not exist");
        }
        try {
            if (Files.exists(output) && Files.isSameFile(input, output)) {
                throw usage("--input and --output are the same file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (baseUrl != null) {
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
                throw usage("--base-url must be an http(s) URL such as http://127.0.0.1:8000/v1, got "
                        + Urls.redacted(baseUrl));
            }
            if (baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
                // not echoed: a fragment or user info may hold a secret
                throw usage("--base-url must be a plain API base such as http://127.0.0.1:8000/v1, without user info"
                        + " or fragment (requests go to <URL>/chat/completions, before its query if it has one; the"
                        + " key goes in --api-key-env)");
            }
            if (model == null) {
                throw usage("--model is required with --base-url (the name the server serves, e.g. Qwen/Qwen3-8B)");
            }
            if (flavour != null || faultMix != null) {
                throw usage((flavour != null ? "--flavour" : "--fault-mix") + " applies to the simulated provider, "
                        + "which runs only without --base-url");
            }
        } else {
            try {
                Flavour.of(flavour == null ? "vllm" : flavour);
                if (faultMix != null) {
                    FaultMix.parse(faultMix);
                }
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (provider != null && provider.contains(".")) {
            TokenIdExtractorRegistry registry = TokenIdExtractorRegistry.load();
            if (registry.find(provider).isEmpty()) {
                throw usage("--provider " + provider + ": no token-id extractor has that id. Discovered: "
                        + registry.registered().stream().map(r -> r.id()).collect(Collectors.joining(", "))
                        + " (see 'ep providers'); or give a provider hint such as vllm, fireworks or openai.");
            }
        }
    }

    private String apiKey() {
        String variable = apiKeyEnv != null ? apiKeyEnv : DEFAULT_API_KEY_ENV;
        String key = env.env.get(variable);
        if (key == null || key.isBlank()) {
            if (apiKeyEnv != null) {
                throw usage("--api-key-env " + apiKeyEnv + ": that environment variable is not set");
            }
            return null;
        }
        return key.trim();
    }

    private CompletionParams completionParams() {
        return CompletionParams.builder().n(n).maxTokens(maxTokens).temperature(temperature).topP(topP).stop(stop)
                .seed(seed).logprobs(logprobs ? Boolean.TRUE : null).topLogprobs(topLogprobs).stream(stream)
                .extraBody(extraBodyFields()).build();
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The --extra-body fields, in the order given. */
    private Map<String, JsonValue> extraBodyFields() {
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        if (extraBody == null) {
            return fields;
        }
        for (String arg : extraBody) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq).strip();
            if (eq < 0 || key.isEmpty()) {
                throw usage("--extra-body " + arg + ": expected KEY=JSON, e.g. --extra-body top_k=20 or "
                        + "--extra-body 'chat_template_kwargs={\"enable_thinking\":false}'");
            }
            String where = FIELDS_WITH_OPTIONS.get(key);
            if (where != null) {
                throw usage("--extra-body " + key + ": " + (where.startsWith("--")
                        ? "'" + key + "' has an option of its own; use " + where
                        : "'" + key + "' comes from " + where + ", not from --extra-body"));
            }
            if (fields.containsKey(key)) {
                throw usage("--extra-body " + key + " is given twice");
            }
            String json = arg.substring(eq + 1);
            if (json.isBlank()) {
                throw usage("--extra-body " + arg + ": the value is empty; give it in JSON, e.g. " + key + "=20, "
                        + key + "='\"text\"' or " + key + "=null");
            }
            JsonValue value;
            try {
                value = RawJsonValue.of(json);
            } catch (IllegalArgumentException e) {
                boolean bareWord = json.matches("[A-Za-z_][\\w.:/-]*");
                throw usage("--extra-body " + arg + ": the value is not JSON (" + e.getMessage() + ")"
                        + (bareWord ? "; a string needs its JSON quotes: --extra-body '" + key + "=\"" + json + "\"'" : ""));
            }
            fields.put(key, value);
        }
        return fields;
    }

    /** Pass one: the line must parse as an eval-protocol row. */
    static void validateRow(JsonObject json, String line, long lineNumber) {
        try {
            EvalProtocolJson.readRow(line);
        } catch (InvalidDataException e) {
            throw new InvalidDataException(e.getMessage(), null, lineNumber, e);
        }
    }

    /** Pass two: the row to submit, with the row id the scan gave it. */
    static EvaluationRow toRow(JsonObject json, String line, long lineNumber, String rowId) {
        EvaluationRow row = EvalProtocolJson.readRow(line);
        InputMetadata metadata = row.inputMetadata();
        if (metadata.rowId().isPresent()) {
            return row;
        }
        return row.toBuilder().inputMetadata(metadata.toBuilder().rowId(rowId).build()).build();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Where requests go: the given URL, or a simulated provider this command started (and stops). */
    private static final class Endpoint implements AutoCloseable {
        final SimulatedProvider sim;
        final URI baseUri;
        final String model;
        final String apiKey;
        final String providerHint;
        final String description;

        private Endpoint(SimulatedProvider sim, URI baseUri, String model, String apiKey, String providerHint,
                String description) {
            this.sim = sim;
            this.baseUri = baseUri;
            this.model = model;
            this.apiKey = apiKey;
            this.providerHint = providerHint;
            this.description = description;
        }

        static Endpoint open(RolloutCommand c, String apiKey) {
            String keyNote = apiKey != null ? "API key from $" + (c.apiKeyEnv != null ? c.apiKeyEnv : DEFAULT_API_KEY_ENV)
                    : "no API key ($" + DEFAULT_API_KEY_ENV + " is not set)";
            if (c.baseUrl != null) {
                return new Endpoint(null, c.baseUrl, c.model, apiKey, null, "Endpoint " + Urls.redacted(c.baseUrl)
                        + ", model " + c.model + ", " + keyNote + ".");
            }
            Flavour flavour = Flavour.of(c.flavour == null ? "vllm" : c.flavour);
            long seed = c.seed == null ? 0 : c.seed;
            SimulatedProvider.Builder b = SimulatedProvider.builder().flavour(flavour).seed(seed);
            if (c.model != null) {
                b.model(c.model);
            }
            if (c.faultMix != null) {
                b.faultMix(FaultMix.parse(c.faultMix));
            }
            if (apiKey != null && c.apiKeyEnv != null) {
                b.requireApiKey(apiKey);
            }
            SimulatedProvider sim = b.build().start();
            return new Endpoint(sim, sim.baseUri(), sim.model(), c.apiKeyEnv != null ? apiKey : null, flavour.id(),
                    "No --base-url given: started the simulated " + flavour.id() + " provider in-process at "
                            + sim.baseUri() + " (model " + sim.model() + ", seed " + seed
                            + (c.faultMix != null ? ", faults " + c.faultMix : "") + ").");
        }

        EpClient client(RolloutCommand c, CompletionParams params) {
            EpClient.Builder b = EpClient.builder().baseUri(baseUri).model(model).completionParams(params)
                    .maxConcurrentRequests(c.concurrency).requireTokenIds(c.requireTokenIds)
                    .allowReconstructedTokenIds(c.allowReconstructed).tokenTrace(TokenTrace.of(c.tokenTrace));
            if (apiKey != null) {
                b.apiKey(ApiKey.of(apiKey));
            }
            if (c.provider != null && c.provider.contains(".")) {
                b.tokenIdExtractor(c.provider);
                if (providerHint != null) {
                    b.provider(providerHint);
                }
            } else if (c.provider != null) {
                b.provider(c.provider);
            } else if (providerHint != null) {
                b.provider(providerHint);
            }
            try {
                return b.build();
            } catch (UnknownTokenIdExtractorException | IllegalArgumentException e) {
                throw new ParameterException(c.spec.commandLine(), e.getMessage());
            }
        }

        @Override
        public void close() {
            if (sim != null) {
                sim.close();
            }
        }
    }
}
