package dev.smctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smctl.alerts.Fingerprint;
import dev.smctl.audit.AuditLog;
import dev.smctl.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsCommandsTest {
    static final String TOKEN = "canary-token-0c4e7f19b2a6d853";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Sandbox cluster;

    @BeforeEach
    void startCluster() {
        cluster = Sandbox.empty(dir.resolve("cluster"));
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** A group as Alertmanager 0.28 sends it: one alert with its fingerprint, one from an older sender without. */
    static String notification() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "ApplicationDown");
        labels.put("instance", "backend.production.svc:8080");
        labels.put("namespace", "production");
        labels.put("severity", "critical");
        return """
                {"receiver":"smctl-remediation","status":"firing",
                 "alerts":[
                  {"status":"firing","labels":{"alertname":"ApplicationDown","instance":"backend.production.svc:8080","namespace":"production","severity":"critical"},
                   "annotations":{"summary":"Backend /health failing"},"startsAt":"2026-03-14T03:12:45.123Z","endsAt":"0001-01-01T00:00:00Z",
                   "generatorURL":"http://prometheus:9090/graph?g0.expr=probe_success+%%3D%%3D+0","fingerprint":"%s"},
                  {"status":"firing","labels":{"alertname":"SuspiciousActivity","namespace":"staging","severity":"critical"},
                   "annotations":{},"startsAt":"2026-03-14T03:10:00Z","endsAt":"0001-01-01T00:00:00Z"},
                  {"status":"firing","labels":{"alertname":"DiskAlmostFull","namespace":"production"},"annotations":{},"startsAt":"2026-03-14T03:11:00Z"}],
                 "groupLabels":{},"commonLabels":{"severity":"critical"},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",
                 "version":"4","groupKey":"{}:{}","truncatedAlerts":0,"notification_reason":"first notification"}
                """.formatted(Fingerprint.of(labels));
    }

    @Test
    void routePrintsWhereEachAlertGoesAsJson() throws Exception {
        Path payload = Files.writeString(dir.resolve("notification.json"), notification());

        CliRun run = CliRun.of("alerts", "route", "--payload", payload.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode decisions = JSON.readTree(run.out()).path("decisions");
        assertThat(decisions).hasSize(3);
        assertThat(decisions.get(0).path("decision").asText()).isEqualTo("routed");
        assertThat(decisions.get(0).path("runbook").asText()).isEqualTo("P0-01");
        assertThat(decisions.get(0).path("parameters").toString()).isEqualTo("{\"namespace\":\"production\"}");
        assertThat(decisions.get(1).path("runbook").asText()).isEqualTo("P0-03");
        assertThat(decisions.get(1).path("gated").asBoolean()).isTrue();
        assertThat(decisions.get(1).path("fingerprintComputed").asBoolean()).isTrue();
        assertThat(decisions.get(2).path("decision").asText()).isEqualTo("unrouted");
    }

    @Test
    void routeRefusesABrokenTableOrAHostileNotificationWithOneLine() throws Exception {
        Path payload = Files.writeString(dir.resolve("notification.json"), notification());
        Path hostile = Files.writeString(dir.resolve("hostile.json"), notification().replace("\"namespace\":\"staging\"", "\"namespace\":\"staging;reboot\""));
        Path table = Files.writeString(dir.resolve("routes.yaml"), "routes:\n  - name: x\n    match: {alertname: A}\n    runbook: P7-00\n");

        CliRun brokenTable = CliRun.of("alerts", "route", "--config", table.toString(), "--payload", payload.toString());
        CliRun refused = CliRun.of("alerts", "route", "--payload", hostile.toString());

        assertThat(brokenTable.exitCode()).isEqualTo(2);
        assertThat(brokenTable.err()).startsWith("error: " + table + " line 4: route x names runbook \"P7-00\", which does not exist");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error: alerts[1]: label namespace=\"staging;reboot\" cannot become parameter namespace");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void serveDecidesOnceAcrossARestartAndAuditsWithTheAlertAsActor() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path audit = dir.resolve("audit.jsonl");
        String[] args = {"alerts", "serve", "--port", "0", "--token-file", token.toString(), "--kubeconfig", cluster.kubeconfig().toString(),
                "-n", "smctl-system", "--audit-log", audit.toString(), "--work-dir", dir.resolve("work").toString()};
        byte[] body = notification().getBytes();

        Served first = Served.start(args);
        HttpResponse<String> accepted = first.post(body);
        first.stop();
        Served second = Served.start(args);
        HttpResponse<String> repeat = second.post(body);
        second.stop();

        assertThat(first.exitCode).isZero();
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode decisions = JSON.readTree(accepted.body()).path("decisions");
        assertThat(decisions.get(0).path("decision").asText()).isEqualTo("scheduled");
        assertThat(decisions.get(0).path("reason").asText()).matches("P0-01 scheduled: run [0-9a-f-]{36} of P0-01 in smctl alerts serve \\((started|queued)\\)");
        assertThat(decisions.get(1).path("reason").asText()).startsWith("P0-03 scheduled behind an approval: run ");
        assertThat(decisions.get(2).path("decision").asText()).isEqualTo("unrouted");
        assertThat(JSON.readTree(repeat.body()).path("decisions").get(0).path("decision").asText()).isEqualTo("duplicate");
        assertThat(JSON.readTree(repeat.body()).path("decisions").get(1).path("decision").asText()).isEqualTo("duplicate");
        assertThat(second.err.toString()).doesNotContain("in smctl alerts serve (");
        assertThat(cluster.client().leases().inNamespace("smctl-system").list().getItems()).hasSize(4);
        assertThat(CliRun.of("audit", "verify", audit.toString()).exitCode()).isZero();
        List<JsonNode> starts = AuditLog.read(audit).stream().filter(r -> r.path("action").asText().equals("runbook-start")).toList();
        assertThat(starts).extracting(r -> r.path("runbook").asText()).containsExactlyInAnyOrder("P0-01", "P0-03");
        assertThat(starts).allSatisfy(r -> assertThat(r.path("actor").path("type").asText()).isEqualTo("alert"));
        // P0-03 is routed gated: its first step, a read-only capture, waited for the contain gate until serve stopped.
        assertThat(AuditLog.read(audit)).filteredOn(r -> r.path("runbook").asText().equals("P0-03") && r.path("action").asText().equals("runbook-end"))
                .singleElement().satisfies(r -> assertThat(r.path("message").asText()).contains("step capture-logs: gate contain closed: smctl alerts serve stopped"));
        assertThat(Files.readString(audit)).contains("\"type\":\"alert\",\"name\":\"ApplicationDown\"").doesNotContain(TOKEN);
        assertThat(first.err.toString() + second.err + accepted.body() + repeat.body()).doesNotContain(TOKEN);
    }

    @Test
    void serveRefusesToStartWithoutAToken() {
        CliRun run = CliRun.of("alerts", "serve", "--port", "0", "--kubeconfig", cluster.kubeconfig().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: a token of at least 16 characters is required: pass --token-file");
    }

    /** {@code smctl alerts serve} running in a thread of this JVM, as a process would. */
    static final class Served {
        private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+);");
        final StringWriter err = new StringWriter();
        final Thread thread;
        final URI url;
        volatile int exitCode = -1;

        private Served(String[] args) throws InterruptedException {
            thread = new Thread(() -> exitCode = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args), "smctl-alerts-serve");
            thread.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Matcher listening = LISTENING.matcher("");
            while (!listening.reset(err.toString()).find()) {
                assertThat(System.nanoTime()).as("serve did not start: %s", err).isLessThan(deadline);
                assertThat(thread.isAlive()).as("serve ended: %s", err).isTrue();
                Thread.sleep(20);
            }
            url = URI.create(listening.group(1));
        }

        static Served start(String[] args) throws InterruptedException {
            return new Served(args);
        }

        HttpResponse<String> post(byte[] body) throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).isFalse();
        }
    }
}
