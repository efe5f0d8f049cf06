package dev.smctl.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.SandboxCase;
import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.ApprovalSource;
import dev.smctl.approval.GroupDirectory;
import dev.smctl.approval.PreApprovals;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.Actor;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runbooks run end to end on the sandbox cluster: gates, steps through the engine, status page, records. */
class RunbookRunTest extends SandboxCase {
    private static final GroupDirectory ONCALL = user -> user.equals("bob") || user.equals("alice") ? Set.of("sre-oncall") : Set.of();

    private static Runbook definition(String id, String... replacements) throws IOException {
        try (InputStream in = RunbookRunTest.class.getResourceAsStream("/smctl/runbooks/" + id + ".yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < replacements.length; i += 2) {
                text = text.replace(replacements[i], replacements[i + 1]);
            }
            return RunbookLoader.load(id + ".yaml", text);
        }
    }

    private RunbookOutcome run(Runbook runbook, Map<String, String> parameters, ApprovalSource approvals, Actor requester) {
        RunbookPlan plan = RunbookPlan.of(runbook, parameters);
        StepActions actions = new StepActions(new StepEnvironment(engine(), null, null, null, null, List.of(), null, dir, Duration.ofSeconds(15)));
        return new RunbookRun(plan, actions, new ApprovalGate(audit, ONCALL, Clock.systemUTC()), approvals, audit, Clock.systemUTC(), progress())
                .run(requester, "INC-7: websocket users disconnected", "test");
    }

    private String proxyReadTimeout() {
        return client.network().v1().ingresses().inNamespace(NS).withName("secure-messenger").get().getMetadata().getAnnotations()
                .get("nginx.ingress.kubernetes.io/proxy-read-timeout");
    }

    private Map<String, String> backendTemplateAnnotations() {
        Deployment backend = client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).get();
        Map<String, String> annotations = backend.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    @Test
    void anApprovedRunDoesEveryStepInOrderAndRecordsTheTimeline() throws IOException {
        sandbox.startControllers(TICK);

        RunbookOutcome outcome = run(definition("P1-02"), Map.of("readTimeout", "1800"),
                new PreApprovals(List.of("on-call=bob:users disconnect every 60 s, restart approved"), Clock.systemUTC()), Actor.user("alice"));

        assertThat(outcome.result()).as(outcome.message()).isEqualTo("succeeded");
        assertThat(outcome.exitCode()).isZero();
        assertThat(proxyReadTimeout()).isEqualTo("1800");
        assertThat(backendTemplateAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(outcome.steps()).extracting(RunbookOutcome.StepReport::step, RunbookOutcome.StepReport::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("diagnose", "succeeded"), org.assertj.core.groups.Tuple.tuple("ingress-timeout", "succeeded"),
                org.assertj.core.groups.Tuple.tuple("restart", "succeeded"));
        assertThat(outcome.statusUpdates()).extracting(StatusUpdate::stage).containsExactly("Investigating", "Identified", "Monitoring", "Resolved");
        assertThat(outcome.statusUpdates().get(0).nextUpdateBy()).isEqualTo(outcome.statusUpdates().get(0).at().plus(Duration.ofMinutes(30)));

        List<JsonNode> records = AuditLog.read(audit.file());
        assertThat(records).extracting(r -> r.path("action").asText()).containsExactly("runbook-start", "status-page", "diagnose",
                "status-page", "ingress-annotate", "approval", "restart", "status-page", "status-page", "runbook-end");
        assertThat(records.get(5).path("actor").path("name").asText()).isEqualTo("bob");
        assertThat(records.get(6).path("reason").asText()).startsWith("P1-02 step restart: INC-7");
        assertThat(AuditVerifier.verify(audit.file()).intact()).isTrue();
    }

    @Test
    void aMissingApprovalTimesTheRunOutAndNothingAfterTheGateRuns() throws IOException {
        sandbox.startControllers(TICK);

        RunbookOutcome outcome = run(definition("P1-02", "expires: 30m", "expires: 1s"), Map.of(),
                new PreApprovals(List.of(), Clock.systemUTC()), Actor.user("alice"));

        assertThat(outcome.result()).isEqualTo("timed out");
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.message()).contains("step restart").contains("timed out after 1.0s");
        assertThat(backendTemplateAnnotations()).doesNotContainKey("kubectl.kubernetes.io/restartedAt");
        assertThat(outcome.statusUpdates()).extracting(StatusUpdate::stage).containsExactly("Investigating", "Identified");
        assertThat(AuditLog.read(audit.file())).extracting(r -> r.path("outcome").asText()).contains("timed out");
    }

    @Test
    void theRequesterApprovingTheirOwnRunIsRefusedAndTheRunTimesOut() throws IOException {
        sandbox.startControllers(TICK);

        RunbookOutcome outcome = run(definition("P1-02", "expires: 30m", "expires: 1s"), Map.of(),
                new PreApprovals(List.of("on-call=alice:trust me"), Clock.systemUTC()), Actor.user("alice"));

        assertThat(outcome.result()).isEqualTo("timed out");
        assertThat(backendTemplateAnnotations()).doesNotContainKey("kubectl.kubernetes.io/restartedAt");
        assertThat(AuditLog.read(audit.file())).filteredOn(r -> r.path("action").asText().equals("approval"))
                .extracting(r -> r.path("outcome").asText() + ": " + r.path("message").asText())
                .first().asString().startsWith("refused: alice started this run and cannot approve it");
    }

    @Test
    void theP0_01DiagnosisChoosesTheScenarioAndSkipsTheOthers() throws IOException {
        RunbookOutcome outcome = run(definition("P0-01", "expires: 15m", "expires: 1s"), Map.of(), new PreApprovals(List.of(), Clock.systemUTC()),
                Actor.alert("ApplicationDown", "f1e2d3"));

        // A healthy sandbox: the diagnosis finds no scenario, so no remediation step runs and no gate is asked.
        assertThat(outcome.result()).as(outcome.message()).isEqualTo("succeeded");
        assertThat(outcome.steps()).extracting(RunbookOutcome.StepReport::status).containsExactly("succeeded", "skipped", "skipped", "skipped");
        assertThat(AuditLog.read(audit.file()).get(0).path("actor").path("fingerprint").asText()).isEqualTo("f1e2d3");
    }

    @Test
    void thePlanListsTheExactStepsAndGatesAndChangesNothing() throws IOException {
        Map<String, String> before = clusterState();

        String plan = RunbookPlan.of(RunbookLoader.find("P0-02"), Map.of("before", "2026-11-28T03:00:00Z")).render();

        assertThat(plan).contains("P0-02 Database corruption (severity P0, RTO 30m)")
                .containsSubsequence("1. forensics", "2. read-only", "3. stop-backend", "gate destructive: 1 of [sre-leads, dba], expires after 30m0s, comment required",
                        "4. restore", "before=2026-11-28T03:00:00Z", "5. start-backend", "6. health")
                .contains("Nothing was changed");
        assertThat(clusterState()).isEqualTo(before);
    }

    @Test
    void badParametersAreRefusedBeforeAnythingRuns() {
        Runbook p002 = RunbookLoader.find("P0-02");

        assertThatThrownBy(() -> RunbookPlan.of(p002, Map.of("namespace", "Prod;rm -rf"))).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> RunbookPlan.of(p002, Map.of("before", "yesterday"))).hasMessageContaining("UTC time");
        assertThatThrownBy(() -> RunbookPlan.of(p002, Map.of("tables", "users"))).hasMessageContaining("has no parameter");
        assertThatThrownBy(() -> RunbookPlan.of(p002, Map.of("database", "x\"; DROP"))).hasMessageContaining("database");
    }
}
