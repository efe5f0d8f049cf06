package dev.smctl.jenkins;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertmanagerCauseTest {
    @Test
    void namesTheAlertAndFoldsOnlyWithTheSameAlert() {
        AlertmanagerCause cause = new AlertmanagerCause("SuspiciousActivity", "f00d");

        assertThat(cause.getShortDescription()).isEqualTo("Started by Alertmanager alert SuspiciousActivity (fingerprint f00d)");
        assertThat(cause).isEqualTo(new AlertmanagerCause("SuspiciousActivity", "f00d")).hasSameHashCodeAs(new AlertmanagerCause("SuspiciousActivity", "f00d"))
                .isNotEqualTo(new AlertmanagerCause("SuspiciousActivity", "beef"));
        assertThat(cause.getClass().getName().toLowerCase()).as("the shared library finds it by this").contains("alertmanager");
    }
}
