package io.evalprotocol.testkit.sim.internal;

import io.evalprotocol.testkit.sim.FaultKind;
import io.evalprotocol.testkit.sim.SimStats;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Live counters behind {@link SimStats}. */
public final class Stats {
    final LongAdder requests = new LongAdder();
    final LongAdder generation = new LongAdder();
    final LongAdder completed = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final EnumMap<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);

    public Stats() {
        for (FaultKind k : FaultKind.values()) {
            faults.put(k, new LongAdder());
        }
    }

    void status(int code) {
        statuses.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void fault(FaultKind kind) {
        faults.get(kind).increment();
    }

    public SimStats snapshot() {
        Map<Integer, Long> s = new HashMap<>();
        statuses.forEach((k, v) -> s.put(k, v.sum()));
        Map<FaultKind, Long> f = new EnumMap<>(FaultKind.class);
        faults.forEach((k, v) -> f.put(k, v.sum()));
        return new SimStats(requests.sum(), generation.sum(), completed.sum(), s, f);
    }

    public void reset() {
        requests.reset();
        generation.reset();
        completed.reset();
        statuses.clear();
        faults.values().forEach(LongAdder::reset);
    }
}
