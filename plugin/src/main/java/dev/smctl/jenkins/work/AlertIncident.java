package dev.smctl.jenkins.work;

import dev.smctl.alerts.AlertCause;

import java.time.Instant;

/**
 * The incident an alert-started build was started for, as its cause names it: the same correlation id and
 * incident key the receiver computed, so the build finds the receiver's records of it.
 */
public record AlertIncident(String alertname, String fingerprint, Instant startsAt) {
    private AlertCause cause() {
        return new AlertCause(alertname, fingerprint, false, startsAt, null, null, null, null, null);
    }

    public String correlationId() {
        return cause().correlationId();
    }

    /** The key of the incident's records in the receiver's store. */
    public String incidentKey() {
        return cause().incidentKey();
    }
}
