package dev.smctl.alerts;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decisions remembered outside any one process, so a restarted receiver, a second Jenkins controller and the
 * break-glass {@code smctl alerts serve} all see them. The one guarantee the dispatcher builds on: of any number of
 * callers claiming the same key at once, on any number of machines, exactly one acquires it.
 * Every method throws {@link dev.smctl.engine.Unavailable} when the store cannot be reached.
 */
public interface DedupStore {
    /** What a record remembers, one key space each. */
    enum Kind {
        /** One incident (fingerprint, startsAt) decided. */
        INCIDENT,
        /** A runbook started on a target; no other alert starts it there until the record expires. */
        COOLDOWN,
        /** An incident's resolution handled (its waiting run cancelled). */
        RESOLUTION;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Creates the record unless an unexpired one exists. An expired one is replaced; one held by {@code holder}
     * already counts as acquired, so a receiver can finish what it started before it crashed.
     *
     * @param ttl     how long the record counts from now
     * @param settled whether this is the final decision ({@link DedupRecord#settled()})
     * @return whether it was acquired, and the record as it now stands (the other holder's if not acquired)
     */
    Claim claim(Kind kind, String key, String holder, Duration ttl, boolean settled, Map<String, String> facts);

    /** The unexpired record for the key, if any. */
    Optional<DedupRecord> read(Kind kind, String key);

    /**
     * Makes our own record final with these facts and a new expiry.
     *
     * @return the record as stored, or empty if it is no longer ours (it expired and another receiver took it)
     */
    Optional<DedupRecord> settle(DedupRecord mine, Duration ttl, Map<String, String> facts);

    /** Deletes our own record (what we claimed before a failure), if it is still as we left it. */
    void release(DedupRecord mine);

    /**
     * Deletes expired records.
     *
     * @return how many
     */
    int sweep();

    /** The outcome of {@link #claim}. */
    record Claim(boolean acquired, DedupRecord record) {
    }
}
