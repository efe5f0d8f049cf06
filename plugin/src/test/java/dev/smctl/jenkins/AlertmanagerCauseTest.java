package dev.smctl.jenkins;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertmanagerCauseTest {
    @Test
    void namesTheAlertAndFoldsOnlyWithTheSameAlert() {
        AlertmanagerCause cause = new AlertmanagerCause("SuspiciousActivity", "f00d", "2026-03-14T03:12:00Z");

        assertThat(cause.getShortDescription()).isEqualTo("Started by Alertmanager alert SuspiciousActivity (fingerprint f00d)");
        assertThat(cause).isEqualTo(new AlertmanagerCause("SuspiciousActivity", "f00d", "2026-03-14T03:12:00Z"))
                .hasSameHashCodeAs(new AlertmanagerCause("SuspiciousActivity", "f00d", "2026-03-14T03:12:00Z"))
                .isNotEqualTo(new AlertmanagerCause("SuspiciousActivity", "beef", "2026-03-14T03:12:00Z"))
                .as("another incident of the same alert").isNotEqualTo(new AlertmanagerCause("SuspiciousActivity", "f00d", "2026-03-15T00:00:00Z"));
        assertThat(cause.getClass().getName().toLowerCase()).as("the shared library finds it by this").contains("alertmanager");
    }

    @Test
    void namesTheIncidentTheReceiverKeyedItsRecordsBy() {
        dev.smctl.alerts.AlertCause received = new dev.smctl.alerts.AlertCause("SuspiciousActivity", "f00d", false,
                java.time.Instant.parse("2026-03-14T03:12:00Z"), null, "http://alertmanager:9093", null, "smctl", null);

        var incident = new AlertmanagerCause("SuspiciousActivity", "f00d", received.startsAt().toString()).incident();

        assertThat(incident.correlationId()).isEqualTo(received.correlationId());
        assertThat(incident.incidentKey()).isEqualTo(received.incidentKey());
        assertThat(new AlertmanagerCause("SuspiciousActivity", "f00d", null).incident()).as("a build from before the start time was kept").isNull();
    }
}
