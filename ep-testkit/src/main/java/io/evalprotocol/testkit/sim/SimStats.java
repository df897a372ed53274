package io.evalprotocol.testkit.sim;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the provider's counters: what it received, which statuses it answered with, and which
 * faults it injected. Soaks compare these with what the client recorded.
 */
public final class SimStats {
    private final long requests;
    private final long generationRequests;
    private final long completed;
    private final Map<Integer, Long> statuses;
    private final Map<FaultKind, Long> faults;

    public SimStats(long requests, long generationRequests, long completed, Map<Integer, Long> statuses,
                    Map<FaultKind, Long> faults) {
        this.requests = requests;
        this.generationRequests = generationRequests;
        this.completed = completed;
        this.statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
        EnumMap<FaultKind, Long> f = new EnumMap<>(FaultKind.class);
        for (FaultKind k : FaultKind.values()) {
            f.put(k, faults.getOrDefault(k, 0L));
        }
        this.faults = Collections.unmodifiableMap(f);
    }

    /** Every HTTP request received, whatever its path. */
    public long requests() {
        return requests;
    }

    /** Requests to {@code /v1/chat/completions} and {@code /v1/completions}. */
    public long generationRequests() {
        return generationRequests;
    }

    /** Generation responses written in full and well-formed (no fault other than delays). */
    public long completed() {
        return completed;
    }

    /** How many responses had this status line (a reset connection has none). */
    public long status(int code) {
        return statuses.getOrDefault(code, 0L);
    }

    public Map<Integer, Long> statuses() {
        return statuses;
    }

    public long faults(FaultKind kind) {
        return faults.get(kind);
    }

    public long faultsTotal() {
        long t = 0;
        for (long v : faults.values()) {
            t += v;
        }
        return t;
    }

    public Map<FaultKind, Long> faults() {
        return faults;
    }

    @Override
    public String toString() {
        return "SimStats[requests=" + requests + ", generation=" + generationRequests + ", completed=" + completed
                + ", statuses=" + statuses + ", faults=" + faults + "]";
    }
}
