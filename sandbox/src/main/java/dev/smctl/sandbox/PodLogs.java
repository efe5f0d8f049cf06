package dev.smctl.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What each pod's container has written, served at {@code /api/v1/namespaces/NS/pods/NAME/log}. */
public final class PodLogs {
    /** Bounded like a kubelet's log rotation, so a long --keep session does not grow without end. */
    private static final int MAX_LINES = 2_000;

    private final Map<String, List<String>> lines = new ConcurrentHashMap<>();

    public void append(String namespace, String pod, String line) {
        List<String> log = lines.computeIfAbsent(namespace + "/" + pod, key -> new ArrayList<>());
        synchronized (log) {
            log.add(line);
            if (log.size() > MAX_LINES) {
                log.subList(0, log.size() - MAX_LINES).clear();
            }
        }
    }

    /** The last {@code tail} lines (all when {@code tail} is negative), oldest first. */
    public List<String> tail(String namespace, String pod, int tail) {
        List<String> log = lines.getOrDefault(namespace + "/" + pod, List.of());
        synchronized (log) {
            int from = tail < 0 ? 0 : Math.max(0, log.size() - tail);
            return List.copyOf(log.subList(from, log.size()));
        }
    }

    public boolean has(String namespace, String pod) {
        return lines.containsKey(namespace + "/" + pod);
    }
}
