package dev.smctl.jenkins.work;

import dev.smctl.alerts.AlertCause;
import dev.smctl.alerts.RemediationRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The build an alert starts: the job's parameters from the alert or their defaults, the alert's fields kept apart. */
class AlertBuildTest {
    static RemediationRequest applicationDown(String startsAt) {
        AlertCause cause = new AlertCause("ApplicationDown", "5c2b1d9e8f7a6b43", false, Instant.parse(startsAt), "http://prometheus:9090/graph",
                "http://alertmanager:9093", "{}:{alertname=\"ApplicationDown\"}", "smctl", "first notification");
        return new RemediationRequest("P0-01", Map.of("namespace", "production"), false, cause);
    }

    @Test
    void theJobsParametersComeFromTheAlertOrKeepTheirDefaultAndTheAlertsFieldsAreKeptApart() {
        AlertBuild build = AlertBuild.of(List.of("namespace", "scenario", "dryRun"), applicationDown("2026-03-14T03:12:00Z"));

        assertThat(build.given()).containsExactly(Map.entry("namespace", "production"));
        assertThat(build.extra()).containsOnlyKeys("correlationId", "alertName", "alertFingerprint", "alertStartsAt", "alertGeneratorUrl",
                "alertExternalUrl", "approvalRequired").containsEntry("alertName", "ApplicationDown").containsEntry("approvalRequired", "false");
        assertThat(AlertBuild.jobName("P0-01")).isEqualTo("runbooks/P0-01");
    }

    @Test
    void twoIncidentsOfOneAlertNeverGiveTheSameParametersSoTheQueueCannotFoldThem() {
        AlertBuild first = AlertBuild.of(List.of("namespace"), applicationDown("2026-03-14T03:12:00Z"));
        AlertBuild second = AlertBuild.of(List.of("namespace"), applicationDown("2026-03-14T05:40:00Z"));

        assertThat(first.given()).isEqualTo(second.given());
        assertThat(first.extra()).isNotEqualTo(second.extra());
        assertThat(first.extra().get("correlationId")).isNotEqualTo(second.extra().get("correlationId"));
    }

    @Test
    void aJobThatDoesNotDefineItsParametersYetGetsThemAsKeptExtras() {
        AlertBuild build = AlertBuild.of(List.of(), applicationDown("2026-03-14T03:12:00Z"));

        assertThat(build.given()).isEmpty();
        assertThat(build.extra()).containsEntry("namespace", "production").containsKey("correlationId");
    }

    @Test
    void anIncidentStartsOneRunHoweverOftenItIsDeliveredAndAFailedStartIsTriedAgain() {
        RunsByIncident<String> runs = new RunsByIncident<>();
        AtomicInteger started = new AtomicInteger();

        assertThatThrownBy(() -> runs.startOnce("am-1", () -> {
            throw new IllegalStateException("queue refused");
        })).hasMessage("queue refused");
        String first = runs.startOnce("am-1", () -> "run " + started.incrementAndGet());
        String again = runs.startOnce("am-1", () -> "run " + started.incrementAndGet());
        String other = runs.startOnce("am-2", () -> "run " + started.incrementAndGet());

        assertThat(first).isEqualTo("run 1").isEqualTo(again);
        assertThat(other).isEqualTo("run 2");
        assertThat(started).hasValue(2);
    }
}
