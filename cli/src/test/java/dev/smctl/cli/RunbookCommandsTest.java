package dev.smctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.smctl.audit.AuditLog;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** smctl runbook plan|run and smctl postmortem against the sandbox cluster. */
class RunbookCommandsTest extends CliSandboxCase {

    /** P1-02 with its gate shortened, so that an unanswered gate times out within the test. */
    private Path shortGateDefinition() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/smctl/runbooks/P1-02.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("expires: 30m", "expires: 2s");
            return Files.writeString(Files.createDirectories(dir.resolve("defs")).resolve("P1-02.yaml"), text);
        }
    }

    private Path groups() throws Exception {
        return Files.writeString(dir.resolve("groups.yaml"), "sre-oncall: [bob, alice]\n");
    }

    @Test
    void planPrintsTheStepsAndGatesAndChangesNothing() {
        Map<String, String> before = clusterState();

        CliRun plan = CliRun.of("runbook", "plan", "P0-02", "-p", "before=2026-11-28T03:00:00Z");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("3. stop-backend       scale              {workload=deployment/backend, replicas=0}")
                .contains("gate destructive: 1 of [sre-leads, dba]").contains("Nothing was changed");
        assertThat(clusterState()).isEqualTo(before);
    }

    @Test
    void badParametersAreAnInvalidRequest() {
        CliRun run = CliRun.of("runbook", "plan", "P0-02", "-p", "namespace=Prod!");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("namespace");
    }

    @Test
    void anApprovedRunChangesWhatThePlanSaidAndDraftsThePostmortem() throws Exception {
        sandbox.startControllers(java.time.Duration.ofMillis(50));

        CliRun run = smctl("runbook", "run", "P1-02", "-n", "production", "-p", "readTimeout=1800", "--actor", "alice",
                "--reason", "INC-11 websockets drop", "--groups", groups().toString(), "--approve", "on-call=bob:restart approved for INC-11",
                "-o", "json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode result = JsonMapper.builder().build().readTree(run.out());
        assertThat(result.path("result").asText()).isEqualTo("succeeded");
        assertThat(result.path("steps")).extracting(s -> s.path("status").asText()).containsExactly("succeeded", "succeeded", "succeeded");
        assertThat(sandbox.client().network().v1().ingresses().inNamespace("production").withName("secure-messenger").get()
                .getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "1800");
        String postmortem = Files.readString(Path.of(result.path("postmortem").asText()));
        assertThat(postmortem).containsSubsequence("runbook P1-02 started by alice", "ingress-annotate", "gate on-call for step restart: approved by bob",
                "restart backend: **succeeded**", "run ended **succeeded**");

        CliRun draft = CliRun.of("postmortem", audit.toString());
        assertThat(draft.exitCode()).isZero();
        assertThat(draft.out()).contains("# Post-mortem: P1-02 WebSocket disconnections (DRAFT)");
    }

    @Test
    void selfApprovalIsRefusedAndAMissingApprovalTimesTheRunOut() throws Exception {
        sandbox.startControllers(java.time.Duration.ofMillis(50));

        CliRun run = smctl("runbook", "run", "P1-02", "--definition", shortGateDefinition().toString(), "--actor", "alice",
                "--groups", groups().toString(), "--approve", "on-call=alice:I started it, I approve it");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.out()).contains("TIMED OUT").contains("gate on-call timed out after 2.0s with 0 of 1 approvals");
        List<JsonNode> records = AuditLog.read(audit);
        assertThat(records).filteredOn(r -> r.path("action").asText().equals("approval")).extracting(r -> r.path("outcome").asText())
                .containsExactly("refused", "timed out");
        assertThat(records).noneMatch(r -> r.path("action").asText().equals("restart"));
        assertThat(sandbox.client().apps().deployments().inNamespace("production").withName("backend").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).doesNotContainKey("kubectl.kubernetes.io/restartedAt");
    }

    @Test
    void aTamperedLogGivesAFlaggedDraftAndExitOne() throws Exception {
        Files.writeString(audit, "{\"seq\":1,\"prev\":\"x\",\"action\":\"scale\",\"time\":\"2026-11-28T03:00:00Z\"}\n");

        CliRun draft = CliRun.of("postmortem", audit.toString());

        assertThat(draft.exitCode()).isEqualTo(1);
        assertThat(draft.out()).contains("WARNING: the audit log this draft was built from has been tampered with");
    }
}
