package dev.smctl.alerts;

import dev.smctl.engine.Actor;
import dev.smctl.engine.Sha256;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a remediation runs: the alert that asked for it, never "SYSTEM". Every field is validated by
 * {@link PayloadParser}, so a Jenkins cause, a change-cause annotation or an audit record can carry it as is.
 * A value class rather than a record only so that the incident key and correlation id, asked for on every repeat
 * of an alert, are computed once.
 */
public final class AlertCause {
    private final String alertname;
    private final String fingerprint;
    private final boolean fingerprintComputed;
    private final Instant startsAt;
    private final String generatorUrl;
    private final String externalUrl;
    private final String groupKey;
    private final String receiver;
    private final String notificationReason;
    private final String incidentKey;
    private final String correlationId;

    /**
     * @param fingerprint         Alertmanager's, or computed by {@link Fingerprint} when the sender sent none
     * @param fingerprintComputed whether {@code fingerprint} was computed here
     * @param startsAt            when this firing began; with the fingerprint it names one incident
     * @param generatorUrl        the Prometheus expression that fired, or {@code null}
     * @param externalUrl         the Alertmanager that sent it, or {@code null}
     * @param groupKey            Alertmanager's group, one line, or {@code null}
     * @param notificationReason  Alertmanager 0.32+, or {@code null}
     */
    public AlertCause(String alertname, String fingerprint, boolean fingerprintComputed, Instant startsAt, String generatorUrl,
                      String externalUrl, String groupKey, String receiver, String notificationReason) {
        this.alertname = Objects.requireNonNull(alertname);
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.fingerprintComputed = fingerprintComputed;
        this.startsAt = Objects.requireNonNull(startsAt);
        this.generatorUrl = generatorUrl;
        this.externalUrl = externalUrl;
        this.groupKey = groupKey;
        this.receiver = receiver;
        this.notificationReason = notificationReason;
        this.incidentKey = fingerprint + "@" + startsAt;
        this.correlationId = "am-" + Sha256.hex(incidentKey).substring(0, 32);
    }

    public String alertname() {
        return alertname;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public boolean fingerprintComputed() {
        return fingerprintComputed;
    }

    public Instant startsAt() {
        return startsAt;
    }

    public String generatorUrl() {
        return generatorUrl;
    }

    public String externalUrl() {
        return externalUrl;
    }

    public String groupKey() {
        return groupKey;
    }

    public String receiver() {
        return receiver;
    }

    public String notificationReason() {
        return notificationReason;
    }

    /** One incident: this series ({@code fingerprint}) firing since {@code startsAt}. */
    public String incidentKey() {
        return incidentKey;
    }

    /**
     * The same for every delivery of one incident (a retry, a repeat, the other Alertmanager of an HA pair), so a
     * caller can match our answer to its run, and a scheduler can refuse a second run for it.
     */
    public String correlationId() {
        return correlationId;
    }

    /** The audit actor: the alert, by name and fingerprint. */
    public Actor actor() {
        return Actor.alert(alertname, fingerprint);
    }

    /** One line for a build's cause or a change-cause: "Started by alert ApplicationDown (fingerprint ..., firing since ...)". */
    public String shortDescription() {
        return "Started by alert %s (fingerprint %s, firing since %s)".formatted(alertname, fingerprint, startsAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertCause cause && incidentKey.equals(cause.incidentKey) && alertname.equals(cause.alertname)
                && fingerprintComputed == cause.fingerprintComputed && Objects.equals(generatorUrl, cause.generatorUrl)
                && Objects.equals(externalUrl, cause.externalUrl) && Objects.equals(groupKey, cause.groupKey)
                && Objects.equals(receiver, cause.receiver) && Objects.equals(notificationReason, cause.notificationReason);
    }

    @Override
    public int hashCode() {
        return incidentKey.hashCode();
    }

    @Override
    public String toString() {
        return "alert %s (fingerprint %s, since %s, correlation id %s)".formatted(alertname, fingerprint, startsAt, correlationId);
    }
}
