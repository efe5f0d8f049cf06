package dev.smctl.jenkins.work;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runs this controller started, by incident (correlation id): a second delivery of an incident never starts a
 * second run. Only in memory, and only the newest {@value #KEPT}:
 * the receiver's records in the cluster are what deduplicates across restarts; this covers the one gap they leave,
 * a receiver that scheduled a run but died before recording it.
 *
 * @param <R> a started run (in Jenkins, its queue item)
 */
public final class RunsByIncident<R> {
    static final int KEPT = 10_000;

    private final Map<String, R> runs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, R> eldest) {
            return size() > KEPT;
        }
    };

    /** Starts the incident's run unless this controller already did; a start that throws is not remembered. */
    public synchronized R startOnce(String correlationId, Supplier<R> start) {
        R known = runs.get(correlationId);
        if (known != null) {
            return known;
        }
        R started = start.get();
        runs.put(correlationId, started);
        return started;
    }
}
