package dev.smctl.jenkins.work;

import dev.smctl.alerts.RemediationScheduler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runs of this controller by incident (correlation id), and how far each has got: where the alert endpoint,
 * told that an incident resolved, and the run itself ({@code smIncidentState}, {@code smUntilAlertResolves}) meet.
 * A second delivery of an incident never starts a second run, and a resolution stops a run only while it has
 * changed nothing: in the queue, before its first changing step, or waiting for people at a gate.
 *
 * <p>Only in memory, and only the newest {@value #KEPT}: the receiver's records in the cluster are what
 * deduplicates and what a run reads after a controller restart; this covers what they cannot, a receiver that
 * scheduled a run but died before recording it, and waking a run that waits at a gate.
 *
 * @param <R> a started run (in Jenkins, its queue item)
 */
public final class RunsByIncident<R> {
    static final int KEPT = 10_000;

    /** How far a run has got, as far as its alert's resolution is concerned. */
    enum Phase {
        /** Queued, or running steps that change nothing: a resolution ends it at its next check. */
        UNCHANGED,
        /** Waiting for people at a gate, nothing changed yet: a resolution wakes it. */
        AT_GATE,
        /** Its first changing step began: a resolution leaves it to finish. */
        CHANGING,
        /** Its alert resolved before it changed anything. */
        RESOLVED
    }

    private static final class Incident<R> {
        R run;
        Phase phase = Phase.UNCHANGED;
        String resolvedAt;
        Runnable wake;
    }

    private final Map<String, Incident<R>> incidents = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Incident<R>> eldest) {
            return size() > KEPT;
        }
    };

    /** Starts the incident's run unless this controller already did; a start that throws is not remembered. */
    public synchronized R startOnce(String correlationId, Supplier<R> start) {
        Incident<R> known = incidents.get(correlationId);
        if (known != null && known.run != null) {
            return known.run;
        }
        R started = start.get();
        incident(correlationId).run = started;
        return started;
    }

    /**
     * The incident's alert resolved (the endpoint calls this after recording the resolution in the cluster).
     *
     * @param at when, as the record says
     * @return cancelled when the run will change nothing: it was queued or had changed nothing yet (it ends at its
     *         next check) or waited at a gate (woken now); left to finish when it is changing things; not cancelled,
     *         saying so, when no run of the incident has reported here (it reads the cluster's record when it does)
     */
    public String resolve(String correlationId, String at) {
        Runnable wake = null;
        boolean reported;
        synchronized (this) {
            reported = incidents.containsKey(correlationId);
            Incident<R> incident = incident(correlationId);
            if (incident.phase == Phase.CHANGING) {
                return RemediationScheduler.LEFT_TO_FINISH;
            }
            if (incident.phase != Phase.RESOLVED) {
                wake = incident.wake;
                incident.phase = Phase.RESOLVED;
                incident.resolvedAt = at;
                incident.wake = null;
            }
        }
        if (wake != null) {
            // Outside the lock: waking a gate hands work to the Pipeline, which must not wait for other runs' checks.
            wake.run();
        }
        return reported ? RemediationScheduler.CANCELLED : "no run of this incident has reported to this controller yet "
                + "(queued before a restart?); it reads the resolution from the cluster at its next check and ends there if it has changed nothing";
    }

    /**
     * A run's check: whether its alert resolved, as this controller was told or as the cluster's record says.
     *
     * @param recorded when the cluster's record says it resolved, read before this call, or empty
     * @param changing the run is about to begin its first changing step: unless its alert resolved, a later
     *                 resolution leaves it to finish
     * @return when the alert resolved, or empty while the run goes on
     */
    public synchronized Optional<String> check(String correlationId, Optional<String> recorded, boolean changing) {
        Incident<R> incident = incident(correlationId);
        if (incident.phase == Phase.CHANGING) {
            return Optional.empty();
        }
        if (incident.phase != Phase.RESOLVED && recorded.isPresent()) {
            incident.phase = Phase.RESOLVED;
            incident.resolvedAt = recorded.get();
        }
        if (incident.phase == Phase.RESOLVED) {
            return Optional.of(incident.resolvedAt);
        }
        if (changing) {
            incident.phase = Phase.CHANGING;
            incident.wake = null;
        }
        return Optional.empty();
    }

    /**
     * A run begins to wait for people at a gate; {@code wake} is called once if its alert resolves meanwhile (never
     * once the run has begun changing things).
     *
     * @return false when the alert resolved already: the run should not wait
     */
    public synchronized boolean awaitAtGate(String correlationId, Runnable wake) {
        Incident<R> incident = incident(correlationId);
        if (incident.phase == Phase.RESOLVED) {
            return false;
        }
        if (incident.phase == Phase.UNCHANGED) {
            incident.phase = Phase.AT_GATE;
            incident.wake = wake;
        }
        return true;
    }

    /**
     * The wait at the gate ended (an answer, the Abort button, the gate's expiry, or the wake).
     *
     * @return whether the alert resolved by now (the run must not go on)
     */
    public synchronized boolean leaveGate(String correlationId) {
        Incident<R> incident = incident(correlationId);
        if (incident.phase == Phase.AT_GATE) {
            incident.phase = Phase.UNCHANGED;
            incident.wake = null;
        }
        return incident.phase == Phase.RESOLVED;
    }

    synchronized Optional<Phase> phase(String correlationId) {
        return Optional.ofNullable(incidents.get(correlationId)).map(incident -> incident.phase);
    }

    private Incident<R> incident(String correlationId) {
        return incidents.computeIfAbsent(correlationId, id -> new Incident<>());
    }
}
