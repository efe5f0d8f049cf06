package dev.smctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.RealServers;
import dev.smctl.alerts.Fingerprint;
import dev.smctl.audit.AuditLog;
import dev.smctl.cli.AlertsCommandsTest.Served;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.smctl.cli.AlertsCommandsTest.JSON;
import static dev.smctl.cli.AlertsCommandsTest.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code smctl alerts serve} runs what it routes: against the sandbox cluster and a real PostgreSQL, an alert starts
 * one run of its runbook with the alert as requester, gates wait for people answering with {@code smctl runbook
 * approve} from another invocation, a resolution closes a waiting gate, and a full pool answers 503.
 */
class AlertsServeRunsTest extends CliSandboxCase {
    private static final String ALERT = "HighWebSocketDisconnectRate";

    private String[] serve(String... more) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path groups = Files.writeString(dir.resolve("groups.yaml"), "sre-oncall: [bob, alice]\n");
        List<String> args = new ArrayList<>(List.of("alerts", "serve", "--port", "0", "--token-file", token.toString(), "--kubeconfig",
                sandbox.kubeconfig().toString(), "-n", "smctl-system", "--audit-log", audit.toString(), "--groups", groups.toString(),
                "--work-dir", dir.resolve("work").toString(), "--step-timeout", "60s"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** One P1-02 alert as Alertmanager sends it; {@code startsAt} names the incident. */
    private static byte[] websocketAlert(String status, String startsAt) {
        return alert(ALERT, status, startsAt);
    }

    private static byte[] alert(String alertname, String status, String startsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        labels.put("namespace", "production");
        labels.put("severity", "warning");
        return """
                {"receiver":"smctl-remediation","status":"%1$s","alerts":[{"status":"%1$s",
                  "labels":{"alertname":"%2$s","namespace":"production","severity":"warning"},"annotations":{},
                  "startsAt":"%3$s","endsAt":"%4$s","fingerprint":"%5$s"}],
                 "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","version":"4","groupKey":"{}:{}"}
                """.formatted(status, alertname, startsAt, status.equals("resolved") ? "2026-03-14T04:00:00Z" : "0001-01-01T00:00:00Z",
                Fingerprint.of(labels)).getBytes();
    }

    private List<JsonNode> records(Predicate<JsonNode> which) throws Exception {
        return Files.exists(audit) ? AuditLog.read(audit).stream().filter(which).toList() : List.of();
    }

    /** Waits until the audit log holds a record that matches, and returns it. */
    private JsonNode awaitRecord(String what, Predicate<JsonNode> which) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<JsonNode> found = records(which);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            assertThat(System.nanoTime()).as("no %s record within 60 s: %s", what, records(r -> true)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Predicate<JsonNode> action(String action) {
        return r -> r.path("action").asText().equals(action);
    }

    private Map<String, String> backendAnnotations() {
        Map<String, String> annotations = sandbox.client().apps().deployments().inNamespace("production").withName("backend").get().getSpec()
                .getTemplate().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    @Test
    void aStormOfOneAlertStartsOneRunAsTheAlertWhichOnlyPeopleMayApprove() throws Exception {
        sandbox.startControllers(Duration.ofMillis(50));
        // A database nobody listens at: the diagnosis names it, which shows serve's --db-url reached the run's steps.
        int closedPort = RealServers.freePort();
        Served served = Served.start(serve("--db-url", "postgresql://app@127.0.0.1:%d/securemessenger".formatted(closedPort)));
        byte[] firing = websocketAlert("firing", "2026-03-14T03:12:45Z");

        ExecutorService storm = Executors.newFixedThreadPool(8);
        List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            posts.add(() -> served.post(firing));
        }
        List<String> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : storm.invokeAll(posts)) {
            answers.add(answer.get().statusCode() + " " + JSON.readTree(answer.get().body()).path("decisions").get(0).path("decision").asText());
        }
        storm.shutdown();
        JsonNode waiting = awaitRecord("approval-request", action("approval-request"));
        String runId = waiting.path("runId").asText();
        CliRun byTheAlert = CliRun.of("runbook", "approve", runId, "on-call", "--as", ALERT, "--comment", "self-heal", "--audit-log", audit.toString());
        CliRun byAlertmanager = CliRun.of("runbook", "approve", runId, "on-call", "--as", "alertmanager", "--comment", "auto", "--audit-log", audit.toString());
        CliRun byAStranger = CliRun.of("runbook", "approve", runId, "on-call", "--as", "mallory", "--comment", "why not", "--audit-log", audit.toString());
        boolean restartedBeforeApproval = backendAnnotations().containsKey("kubectl.kubernetes.io/restartedAt");
        CliRun byBob = CliRun.of("runbook", "approve", runId, "on-call", "--as", "bob", "--comment", "INC-7 restart approved", "--audit-log", audit.toString());
        JsonNode end = awaitRecord("runbook-end", action("runbook-end"));
        served.stop();

        assertThat(answers).containsOnly("202 scheduled", "202 duplicate").containsOnlyOnce("202 scheduled");
        List<JsonNode> starts = records(action("runbook-start"));
        assertThat(starts).hasSize(1);
        assertThat(starts.get(0).path("runbook").asText()).isEqualTo("P1-02");
        assertThat(starts.get(0).path("actor").path("type").asText()).isEqualTo("alert");
        assertThat(starts.get(0).path("actor").path("name").asText()).isEqualTo(ALERT);
        assertThat(starts.get(0).path("via").asText()).startsWith("smctl alerts serve, runbook P1-02 run " + runId);
        assertThat(records(action("ingress-annotate")).get(0).path("actor").path("type").asText()).isEqualTo("alert");
        assertThat(records(action("diagnose")).get(0).path("message").asText()).contains("postgresql at jdbc:postgresql://127.0.0.1:%d/securemessenger does not answer".formatted(closedPort));

        assertThat(byTheAlert.exitCode()).as(byTheAlert.all()).isEqualTo(3);
        assertThat(byTheAlert.err()).contains("refused: %s is the alert that started this run; an alert never approves".formatted(ALERT));
        assertThat(byAlertmanager.exitCode()).as(byAlertmanager.all()).isEqualTo(3);
        assertThat(byAlertmanager.err()).contains("alertmanager is an automated identity; only people approve");
        assertThat(byAStranger.exitCode()).as(byAStranger.all()).isEqualTo(3);
        assertThat(byAStranger.err()).contains("mallory is not one of the approvers of gate on-call");
        assertThat(restartedBeforeApproval).isFalse();
        assertThat(byBob.exitCode()).as(byBob.all()).isZero();
        assertThat(byBob.out()).contains("bob approved at gate on-call of run " + runId + " (P1-02 step restart): approval 1 of 1");

        assertThat(end.path("outcome").asText()).as(end.toString()).isEqualTo("succeeded");
        assertThat(records(action("restart"))).singleElement().satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("succeeded"));
        assertThat(backendAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(records(action("approval"))).extracting(r -> r.path("actor").path("name").asText() + " " + r.path("outcome").asText())
                .containsExactly(ALERT + " refused", "alertmanager refused", "mallory refused", "bob approved");
        assertThat(served.err.toString()).contains("ended succeeded").contains("postmortem-P1-02-" + runId);
        assertThat(CliRun.of("audit", "verify", audit.toString()).exitCode()).isZero();
    }

    @Test
    void aResolvedAlertClosesTheGateItsRunWaitsAtAndNothingAfterItRuns() throws Exception {
        sandbox.startControllers(Duration.ofMillis(50));
        Served served = Served.start(serve());

        HttpResponse<String> fired = served.post(websocketAlert("firing", "2026-03-14T03:12:45Z"));
        String runId = awaitRecord("approval-request", action("approval-request")).path("runId").asText();
        HttpResponse<String> resolved = served.post(websocketAlert("resolved", "2026-03-14T03:12:45Z"));
        JsonNode end = awaitRecord("runbook-end", action("runbook-end"));
        CliRun lateApproval = CliRun.of("runbook", "approve", runId, "on-call", "--as", "bob", "--comment", "too late", "--audit-log", audit.toString());
        served.stop();

        assertThat(fired.statusCode()).isEqualTo(202);
        assertThat(resolved.statusCode()).isEqualTo(202);
        JsonNode decision = JSON.readTree(resolved.body()).path("decisions").get(0);
        assertThat(decision.path("decision").asText()).isEqualTo("cancel");
        assertThat(decision.path("reason").asText()).isEqualTo("resolved; the run still waiting (queue or approval) was cancelled");
        assertThat(end.path("outcome").asText()).isEqualTo("cancelled");
        assertThat(end.path("message").asText()).contains("gate on-call closed: alert %s resolved at".formatted(ALERT)).contains("nothing after it ran");
        assertThat(records(action("approval"))).singleElement().satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("closed"));
        assertThat(records(action("restart"))).isEmpty();
        assertThat(backendAnnotations()).doesNotContainKey("kubectl.kubernetes.io/restartedAt");
        assertThat(lateApproval.exitCode()).isEqualTo(3);
        assertThat(lateApproval.err()).contains("refused: gate on-call of run %s is no longer waiting: gate on-call closed: alert %s resolved at"
                .formatted(runId, ALERT));
        assertThat(CliRun.of("audit", "verify", audit.toString()).exitCode()).isZero();
    }

    @Test
    void aFullPoolAnswers503AndStoppingClosesTheWaitingGateAndSaysWhereEachRunWasLeft() throws Exception {
        sandbox.startControllers(Duration.ofMillis(50));
        Served served = Served.start(serve("--max-runs", "1", "--max-queued", "0"));

        HttpResponse<String> first = served.post(websocketAlert("firing", "2026-03-14T03:12:45Z"));
        String runId = awaitRecord("approval-request", action("approval-request")).path("runId").asText();
        HttpResponse<String> second = served.post(alert("ApplicationDown", "firing", "2026-03-14T05:00:00Z"));
        served.stop();

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(503);
        assertThat(JSON.readTree(second.body()).path("decisions").get(0).path("reason").asText())
                .contains("all 1 run slots are busy and 0 runs are queued (--max-runs, --max-queued); nothing started, Alertmanager will retry");
        assertThat(records(action("runbook-start"))).hasSize(1);
        JsonNode end = records(action("runbook-end")).get(0);
        assertThat(end.path("outcome").asText()).isEqualTo("cancelled");
        assertThat(end.path("message").asText()).contains("gate on-call closed: smctl alerts serve stopped at");
        assertThat(served.err.toString()).contains("run %s (P1-02 for alert %s".formatted(runId, ALERT)).contains("): ended cancelled");
        assertThat(backendAnnotations()).doesNotContainKey("kubectl.kubernetes.io/restartedAt");
    }
}
