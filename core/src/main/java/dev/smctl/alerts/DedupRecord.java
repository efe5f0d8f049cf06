package dev.smctl.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * One remembered decision in the shared store.
 *
 * @param holder   who made it: a receiver's attempt while pending, the run's correlation id once settled
 * @param expires  when it stops counting; an expired record is as good as absent
 * @param settled  whether the decision is final (a pending one belongs to a receiver still deciding, or that died)
 * @param facts    what was decided, for the next receiver to report (correlation id, outcome, run reference)
 * @param version  the store's version of the record, for compare-and-set; {@code null} for a new one
 */
public record DedupRecord(DedupStore.Kind kind, String key, String holder, Instant expires, boolean settled,
                          Map<String, String> facts, String version) {
    public DedupRecord {
        facts = Map.copyOf(facts);
    }

    public boolean expiredAt(Instant now) {
        return !expires.isAfter(now);
    }

    public String fact(String name) {
        return facts.getOrDefault(name, "");
    }
}
