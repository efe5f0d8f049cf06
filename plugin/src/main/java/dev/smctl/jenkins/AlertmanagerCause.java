package dev.smctl.jenkins;

import dev.smctl.jenkins.work.AlertIncident;
import hudson.model.Cause;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Why a build started when an Alertmanager alert started it (jenkins-api.md §8): the alert, by name and fingerprint,
 * never "SYSTEM". Its steps record the alert as the requester and its gates never let the alert approve; the shared
 * library finds it among the build's causes by its class name. Persisted in build.xml with the build, so its
 * fields are plain; equal causes fold in the queue, so equality covers them. The alert receiver (issue 8) attaches
 * it when it schedules a runbook job; with the alert's start time it names the incident, whose resolution the run
 * checks ({@code smIncidentState}). Builds from before that field have no start time, and no incident to check.
 */
public final class AlertmanagerCause extends Cause {
    private final String alertname;
    private final String fingerprint;
    private final String startsAt;

    /** @param startsAt when the alert began firing (an ISO-8601 instant): with the fingerprint it names one incident */
    public AlertmanagerCause(String alertname, String fingerprint, String startsAt) {
        this.alertname = alertname;
        this.fingerprint = fingerprint;
        this.startsAt = startsAt;
    }

    public String getAlertname() {
        return alertname;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getStartsAt() {
        return startsAt;
    }

    /** The incident this build was started for, or {@code null} when the cause does not name one (an older build). */
    AlertIncident incident() {
        if (alertname == null || fingerprint == null || startsAt == null) {
            return null;
        }
        try {
            return new AlertIncident(alertname, fingerprint, Instant.parse(startsAt));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String getShortDescription() {
        return "Started by Alertmanager alert %s (fingerprint %s)".formatted(alertname, fingerprint);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertmanagerCause cause && Objects.equals(alertname, cause.alertname) && Objects.equals(fingerprint, cause.fingerprint)
                && Objects.equals(startsAt, cause.startsAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertname, fingerprint, startsAt);
    }
}
