package io.evalprotocol.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.evalprotocol.benchmarks.bodies.BodyFiles;
import io.evalprotocol.benchmarks.bodies.BodySpec;
import io.evalprotocol.benchmarks.ceilings.Ceilings;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScratchBenchmark {
    @Param({"lp-k0-16k", "lp-k5-16k", "ids-16k"})
    public String body;
    byte[] json;

    @Setup
    public void setup() {
        json = BodyFiles.json(BodySpec.parse(body));
    }

    @Benchmark
    public int c1() {
        return Ceilings.jacksonTokens(json);
    }

    @Benchmark
    public Object slice() throws IOException {
        return walk(json, false);
    }

    @Benchmark
    public Object idsOnly() throws IOException {
        return walk(json, true);
    }

    static Object[] walk(byte[] json, boolean idsOnly) throws IOException {
        Object[] out = new Object[4];
        try (JsonParser p = Ceilings.JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("choices")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String cf = p.currentName();
                            JsonToken ct = p.nextToken();
                            if (cf.equals("logprobs") && ct == JsonToken.START_OBJECT) {
                                if (idsOnly) {
                                    out[0] = flat(p);
                                } else {
                                    int start = (int) p.currentTokenLocation().getByteOffset();
                                    p.skipChildren();
                                    int end = (int) p.currentLocation().getByteOffset();
                                    out[0] = Arrays.copyOfRange(json, start, end);
                                }
                            } else if (cf.equals("token_ids") && ct == JsonToken.START_ARRAY) {
                                out[1] = ints(p);
                            } else if (cf.equals("message")) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String mf = p.currentName();
                                    JsonToken mt = p.nextToken();
                                    if (mf.equals("content") && mt == JsonToken.VALUE_STRING) {
                                        out[2] = p.getText();
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                } else if (f.equals("prompt_token_ids") && t == JsonToken.START_ARRAY) {
                    out[3] = ints(p);
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    static int[] ints(JsonParser p) throws IOException {
        int[] a = new int[256];
        int n = 0;
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = p.getIntValue();
        }
        return Arrays.copyOf(a, n);
    }

    static double[] flat(JsonParser p) throws IOException {
        double[] lp = new double[256];
        int[] ids = new int[256];
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (f.equals("content") && t == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    if (n == lp.length) {
                        lp = Arrays.copyOf(lp, n * 2);
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String ef = p.currentName();
                        JsonToken et = p.nextToken();
                        if (ef.equals("logprob")) {
                            lp[n] = p.getDoubleValue();
                        } else if (ef.equals("token_id")) {
                            ids[n] = p.getIntValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                    n++;
                }
            } else {
                p.skipChildren();
            }
        }
        return Arrays.copyOf(lp, n);
    }
}
