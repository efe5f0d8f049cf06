package dev.smctl.jenkins;

import hudson.model.Cause;

import java.util.Objects;

/**
 * Why a build started when an Alertmanager alert started it (jenkins-api.md §8): the alert, by name and fingerprint,
 * never "SYSTEM". Its steps record the alert as the requester and its gates never let the alert approve; the shared
 * library finds it among the build's causes by its class name. Persisted in build.xml with the build, so its
 * fields are plain; equal causes fold in the queue, so equality covers them. The alert receiver (issue 8) attaches
 * it when it schedules a runbook job.
 */
public final class AlertmanagerCause extends Cause {
    private final String alertname;
    private final String fingerprint;

    public AlertmanagerCause(String alertname, String fingerprint) {
        this.alertname = alertname;
        this.fingerprint = fingerprint;
    }

    public String getAlertname() {
        return alertname;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    @Override
    public String getShortDescription() {
        return "Started by Alertmanager alert %s (fingerprint %s)".formatted(alertname, fingerprint);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertmanagerCause cause && Objects.equals(alertname, cause.alertname) && Objects.equals(fingerprint, cause.fingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertname, fingerprint);
    }
}
