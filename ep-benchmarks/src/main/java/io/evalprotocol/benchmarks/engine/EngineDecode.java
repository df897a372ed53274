package io.evalprotocol.benchmarks.engine;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EpClient;
import io.evalprotocol.core.TokenTrace;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.List;

/**
 * The rollout engine's decode (response bytes → output row), without HTTP: ep-core's
 * {@code internal.rollout.ResponseDecoder}, the code {@code RolloutEngine} runs on every response, configured
 * by a real {@link EpClient.Builder} (so limits and extractor selection are the SDK's). ep-core does not export
 * its internal packages, so this reaches them reflectively; benchmarks run on the class path, where that is
 * allowed. Reflection is paid once here; the decode calls go through bound method handles.
 */
public final class EngineDecode {
    private static final EvaluationRow INPUT = EvaluationRow.of(List.of(Message.user("Write about token ids.")));

    private final MethodHandle decode;

    private EngineDecode(MethodHandle decode) {
        this.decode = decode;
    }

    /**
     * A decoder for responses from {@code provider} ({@code "fireworks"}, {@code "vllm"}, ...); {@code streaming}
     * selects event-stream bodies.
     */
    public static EngineDecode forProvider(String provider, boolean streaming) {
        return forProvider(provider, streaming, TokenTrace.FULL);
    }

    /** Like {@link #forProvider(String, boolean)}, keeping {@code trace} of the token trace. */
    public static EngineDecode forProvider(String provider, boolean streaming, TokenTrace trace) {
        try (EpClient client = EpClient.builder().tokenTrace(trace).baseUri(java.net.URI.create("http://127.0.0.1:9/v1")).model("bench")
                .provider(provider).apiKey("sk-bench").maxResponseBytes(1L << 30).maxSseEventBytes(1 << 26)
                .maxJsonStringLength(1 << 28)
                .completionParams(CompletionParams.builder().logprobs(true).stream(streaming).build()).build()) {
            Field f = EpClient.class.getDeclaredField("config");
            f.setAccessible(true);
            Object config = f.get(client);
            Class<?> type = Class.forName("io.evalprotocol.core.internal.rollout.ResponseDecoder");
            Object decoder = type.getConstructor(config.getClass()).newInstance(config);
            MethodHandle h = MethodHandles.publicLookup().findVirtual(type,
                    streaming ? "decodeStream" : "decodeBody",
                    MethodType.methodType(EvaluationRow.class, EvaluationRow.class, byte[].class)).bindTo(decoder);
            return new EngineDecode(h);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ep-core's ResponseDecoder is not reachable (run on the class path)", e);
        }
    }

    /** The output row for the response {@code body}. */
    public EvaluationRow decode(byte[] body) {
        try {
            return (EvaluationRow) decode.invokeExact(INPUT, body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The assistant message the engine appended. */
    public static Message assistant(EvaluationRow row) {
        List<Message> m = row.messages();
        return m.get(m.size() - 1);
    }
}
