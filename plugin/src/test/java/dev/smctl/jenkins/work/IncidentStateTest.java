package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.alerts.AlertCause;
import dev.smctl.alerts.AlertReceiver;
import dev.smctl.alerts.RemediationRequest;
import dev.smctl.alerts.RemediationScheduler;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Unavailable;
import dev.smctl.k8s.ClusterAccess;
import dev.smctl.report.IncidentReport;
import dev.smctl.runbook.Postmortem;
import dev.smctl.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A resolved alert and the run its firing started, as the plugin joins them: core's receiver behind the Jenkins
 * endpoint records the resolution in fabric8's CRUD mock API server and tells the scheduler, whose registry
 * ({@link RunsByIncident}, as JenkinsScheduler uses it) the run's {@code smIncidentState} and gate wait consult.
 * The run itself is played by calls in the order the shared library makes them (Jenkins cannot run here).
 */
class IncidentStateTest {
    static final String STARTS_AT = "2026-03-14T03:12:00Z";
    static final Requester ALERT_STARTED = new Requester(null, "Started by Alertmanager alert ApplicationDown", "runbooks/P0-01#7",
            "ApplicationDown", "unused");
    static final Clock RESOLVED_CLOCK = Clock.fixed(Instant.parse("2026-03-14T03:20:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Sandbox cluster;
    KubernetesClient client;
    AlertEndpoint endpoint;
    RunsByIncident<String> runs = new RunsByIncident<>();
    final List<String> answers = new ArrayList<>();
    AlertIncident incident;

    /** The scheduler as JenkinsScheduler is, with a name for a queue item. */
    final RemediationScheduler queue = new RemediationScheduler() {
        @Override
        public String schedule(RemediationRequest request) {
            return runs.startOnce(request.correlationId(), () -> "queue item for " + request.correlationId());
        }

        @Override
        public String cancelWaiting(String correlationId, AlertCause cause) {
            return runs.resolve(correlationId, RESOLVED_CLOCK.instant().toString());
        }
    };

    @BeforeEach
    void start() throws IOException {
        cluster = Sandbox.empty(dir.resolve("cluster"));
        client = ClusterAccess.connect(new ClusterAccess(cluster.kubeconfig(), null).config());
        endpoint = AlertEndpoint.start(new AlertEndpoint.Settings(new Sensitive(AlertEndpointTest.TOKEN), null, AlertEndpointTest.NAMESPACE,
                dir.resolve("alerts-audit.jsonl").toString()), queue, client, RESOLVED_CLOCK);
        post(AlertEndpointTest.applicationDown(STARTS_AT));
        incident = new AlertIncident("ApplicationDown", fingerprintScheduled(), Instant.parse(STARTS_AT));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        client.close();
        cluster.close();
    }

    String fingerprintScheduled() throws IOException {
        JsonNode decision = AuditLog.read(dir.resolve("alerts-audit.jsonl")).get(0);
        assertThat(decision.path("outcome").asText()).isEqualTo("scheduled");
        return decision.path("actor").path("fingerprint").asText();
    }

    void post(byte[] body) throws IOException {
        AlertReceiver.Response response = endpoint.answer(new ByteArrayInputStream(body), header -> switch (header.toLowerCase(Locale.ROOT)) {
            case "authorization" -> "Bearer " + AlertEndpointTest.TOKEN;
            case "content-type" -> "application/json";
            default -> null;
        });
        assertThat(response.status()).isEqualTo(202);
        answers.add(AlertEndpointTest.JSON.readTree(response.body()).path("decisions").path(0).path("reason").asText());
    }

    void resolve() throws IOException {
        post(new String(AlertEndpointTest.applicationDown(STARTS_AT), StandardCharsets.UTF_8).replace("\"firing\"", "\"resolved\"")
                .getBytes(StandardCharsets.UTF_8));
    }

    AuditLog buildLog() {
        return BuildAudit.of(dir.resolve("build").toFile());
    }

    Map<String, Object> check(String step, boolean changing) {
        return check(step, changing, endpoint::resolution);
    }

    Map<String, Object> check(String step, boolean changing, IncidentState.Records records) {
        return new IncidentState("P0-01", step, changing).apply(incident, runs, records, buildLog(), ALERT_STARTED, Clock.systemUTC());
    }

    @Test
    void aRunWhoseAlertResolvedWhileItWaitedInTheQueueEndsAtItsFirstCheckAndTheRecordsSaySo() throws IOException {
        resolve();

        Map<String, Object> state = check("diagnose", false);

        assertThat(answers.get(1)).isEqualTo("resolved; the run still waiting (queue or approval) was cancelled");
        assertThat(state).containsEntry("resolved", true).containsEntry("resolvedAt", "2026-03-14T03:20:00Z")
                .containsEntry("message", "alert ApplicationDown resolved at 2026-03-14T03:20:00Z: remediation cancelled before step diagnose; nothing was changed");
        assertThat(AuditLog.read(buildLog().file())).singleElement().satisfies(end -> {
            assertThat(end.path("action").asText()).isEqualTo("runbook-end");
            assertThat(end.path("outcome").asText()).isEqualTo("cancelled");
            assertThat(end.path("actor").path("type").asText()).isEqualTo("alert");
            assertThat(end.path("via").asText()).isEqualTo("Jenkins runbooks/P0-01#7");
            assertThat(end.path("runId").asText()).as("the build is the run, as its gate records say").isEqualTo("runbooks/P0-01#7");
        });
        assertThat(Postmortem.draftFor(buildLog().file(), "P0-01"))
                .contains("| Outcome | cancelled |")
                .contains("It ended cancelled: alert ApplicationDown resolved at 2026-03-14T03:20:00Z: remediation cancelled before step diagnose; nothing was changed.")
                .contains("No action changed anything.");
        assertThat(IncidentReport.render(buildLog().file(), null))
                .contains("cancelled: alert ApplicationDown resolved at 2026-03-14T03:20:00Z: remediation cancelled before step diagnose");
    }

    @Test
    void afterAControllerRestartTheResolutionRecordedInTheClusterStillEndsTheRun() throws IOException {
        resolve();
        runs = new RunsByIncident<>();

        Map<String, Object> state = check("rollback", true);

        assertThat(state).containsEntry("resolved", true).containsEntry("resolvedAt", "2026-03-14T03:20:00Z");
        assertThat(runs.phase(incident.correlationId())).contains(RunsByIncident.Phase.RESOLVED);
    }

    @Test
    void aResolutionThatReachesARestartedControllerIsRecordedAsReadByTheRunAtItsNextCheck() throws IOException {
        runs = new RunsByIncident<>();
        resolve();

        assertThat(answers.get(1)).isEqualTo("resolved; no run of this incident has reported to this controller yet (queued before a restart?); "
                + "it reads the resolution from the cluster at its next check and ends there if it has changed nothing");
        assertThat(check("diagnose", false)).containsEntry("resolved", true);
    }

    @Test
    void aRunThatBeganChangingIsLeftToFinishAndRecordsNothing() throws IOException {
        assertThat(check("rollback", true)).containsEntry("resolved", false).containsEntry("message", "alert ApplicationDown has not resolved; the run goes on");

        resolve();

        assertThat(answers.get(1)).isEqualTo("resolved; the run was no longer waiting and is left to finish");
        assertThat(check("switch-colour", false)).containsEntry("resolved", false);
        assertThat(buildLog().file()).doesNotExist();
    }

    @Test
    void aGateWaitingForPeopleIsWokenOnceAndTheRunEndsAfterIt() throws IOException {
        AtomicInteger woken = new AtomicInteger();
        check("diagnose", false);
        assertThat(runs.awaitAtGate(incident.correlationId(), woken::incrementAndGet)).isTrue();

        resolve();
        resolve();

        assertThat(woken).hasValue(1);
        assertThat(answers.get(1)).isEqualTo("resolved; the run still waiting (queue or approval) was cancelled");
        assertThat(runs.leaveGate(incident.correlationId())).as("the gate's block reports the resolution").isTrue();
        assertThat(check("rollback", false)).containsEntry("resolved", true);
        assertThat(runs.awaitAtGate(incident.correlationId(), woken::incrementAndGet)).as("a later gate does not wait").isFalse();
    }

    @Test
    void aGateAfterTheFirstChangeIsNeverWokenAndAnsweredGatesAreNotWokenLater() throws IOException {
        AtomicInteger woken = new AtomicInteger();
        runs.awaitAtGate(incident.correlationId(), woken::incrementAndGet);
        assertThat(runs.leaveGate(incident.correlationId())).isFalse();
        check("rollback", true);
        runs.awaitAtGate(incident.correlationId(), woken::incrementAndGet);

        resolve();

        assertThat(woken).hasValue(0);
        assertThat(runs.leaveGate(incident.correlationId())).isFalse();
    }

    @Test
    void aResolutionThisControllerWasToldOfCountsWhenTheClusterCannotBeRead() throws IOException {
        IncidentState.Records unreachable = key -> {
            throw new Unavailable("cannot read the alert records (Leases in namespace smctl-system): connection refused; Alertmanager will retry", null);
        };
        assertThat(check("diagnose", false, unreachable)).containsEntry("resolved", false).extractingByKey("message").asString()
                .startsWith("could not read whether alert ApplicationDown resolved (cannot read the alert records").endsWith("; the run goes on");

        resolve();

        assertThat(check("diagnose", false, unreachable)).containsEntry("resolved", true).containsEntry("resolvedAt", "2026-03-14T03:20:00Z");
    }

    @Test
    void aBuildNoAlertStartedNeverResolvesAndBadArgumentsAreRefused() {
        assertThat(new IncidentState("P0-01", "diagnose", false).apply(null, runs, endpoint::resolution, buildLog(), ALERT_STARTED, Clock.systemUTC()))
                .containsEntry("resolved", false);
        assertThat(IncidentState.of("P0-01", "rollback", null).changing()).isFalse();
        assertThat(IncidentState.of("P0-01", "rollback", "true").changing()).isTrue();
        assertThatThrownBy(() -> IncidentState.of("P0-01", "rollback", "yes")).isInstanceOf(InvalidRequest.class)
                .hasMessage("'changing' is true or false, not \"yes\"");
        assertThatThrownBy(() -> IncidentState.of("P0-01", null, "false")).isInstanceOf(InvalidRequest.class).hasMessageContaining("step");
    }
}
