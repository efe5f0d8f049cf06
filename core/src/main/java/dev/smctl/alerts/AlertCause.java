package dev.smctl.alerts;

import dev.smctl.engine.Actor;
import dev.smctl.engine.Sha256;

import java.time.Instant;

/**
 * Why a remediation runs: the alert that asked for it, never "SYSTEM". Every field is validated by
 * {@link PayloadParser}, so a Jenkins cause, a change-cause annotation or an audit record can carry it as is.
 *
 * @param fingerprint         Alertmanager's, or computed by {@link Fingerprint} when the sender sent none
 * @param fingerprintComputed whether {@code fingerprint} was computed here
 * @param startsAt            when this firing began; with the fingerprint it names one incident
 * @param generatorUrl        the Prometheus expression that fired, or {@code null}
 * @param externalUrl         the Alertmanager that sent it, or {@code null}
 * @param groupKey            Alertmanager's group, one line, or {@code null}
 * @param notificationReason  Alertmanager 0.32+, or {@code null}
 */
public record AlertCause(String alertname, String fingerprint, boolean fingerprintComputed, Instant startsAt,
                         String generatorUrl, String externalUrl, String groupKey, String receiver,
                         String notificationReason) {

    /**
     * The same for every delivery of one incident (a retry, a repeat, the other Alertmanager of an HA pair), so a
     * caller can match our answer to its run, and a scheduler can refuse a second run for it.
     */
    public String correlationId() {
        return "am-" + Sha256.hex(incidentKey()).substring(0, 32);
    }

    /** One incident: this series ({@code fingerprint}) firing since {@code startsAt}. */
    public String incidentKey() {
        return fingerprint + "@" + startsAt;
    }

    /** The audit actor: the alert, by name and fingerprint. */
    public Actor actor() {
        return Actor.alert(alertname, fingerprint);
    }

    /** One line for a build's cause or a change-cause: "Started by alert ApplicationDown (fingerprint ..., firing since ...)". */
    public String shortDescription() {
        return "Started by alert %s (fingerprint %s, firing since %s)".formatted(alertname, fingerprint, startsAt);
    }
}
