package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smctl.alerts.AlertCause;
import dev.smctl.alerts.AlertReceiver;
import dev.smctl.alerts.RemediationRequest;
import dev.smctl.alerts.RemediationScheduler;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.k8s.ClusterAccess;
import dev.smctl.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The alert endpoint's plain part as the Jenkins action drives it: a request body and headers in, core's receiver
 * deciding against alert records in fabric8's CRUD mock API server, a status and JSON out. The scheduler records
 * what Jenkins would be asked to queue (Jenkins itself cannot run here).
 */
class AlertEndpointTest {
    static final String TOKEN = "canary-alert-token-7d3e19f0b2";
    static final String NAMESPACE = "smctl-system";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Sandbox cluster;
    KubernetesClient client;
    final List<RemediationRequest> scheduled = Collections.synchronizedList(new ArrayList<>());
    AlertEndpoint endpoint;

    /** What Jenkins' queue would be asked for. */
    final RemediationScheduler queue = new RemediationScheduler() {
        @Override
        public String schedule(RemediationRequest request) {
            scheduled.add(request);
            return "queue item " + scheduled.size();
        }

        @Override
        public String cancelWaiting(String correlationId, AlertCause cause) {
            return RemediationScheduler.LEFT_TO_FINISH;
        }
    };

    @BeforeEach
    void start() {
        cluster = Sandbox.empty(dir.resolve("cluster"));
        client = ClusterAccess.connect(new ClusterAccess(cluster.kubeconfig(), null).config());
        endpoint = AlertEndpoint.start(new AlertEndpoint.Settings(new Sensitive(TOKEN), null, NAMESPACE, dir.resolve("alerts-audit.jsonl").toString()),
                queue, client, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        endpoint.close();
        client.close();
        cluster.close();
    }

    static byte[] applicationDown(String startsAt) {
        return """
                {"version":"4","status":"firing","receiver":"smctl","groupKey":"{}:{alertname=\\"ApplicationDown\\"}",
                 "externalURL":"http://alertmanager:9093","groupLabels":{},"commonLabels":{},"commonAnnotations":{},
                 "alerts":[{"status":"firing","labels":{"alertname":"ApplicationDown","namespace":"production","severity":"critical"},
                   "annotations":{"summary":"backend down"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
                   "generatorURL":"http://prometheus:9090/graph"}]}""".formatted(startsAt).getBytes(StandardCharsets.UTF_8);
    }

    AlertReceiver.Response post(byte[] body, String authorization) throws IOException {
        return endpoint.answer(new ByteArrayInputStream(body), header -> switch (header.toLowerCase(Locale.ROOT)) {
            case "authorization" -> authorization;
            case "content-type" -> "application/json";
            default -> null;
        });
    }

    static JsonNode json(AlertReceiver.Response response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void aFiringAlertIsAcceptedWith202AndQueuesItsRunbookOnceHoweverOftenItIsDelivered() throws IOException {
        AlertReceiver.Response first = post(applicationDown("2026-03-14T03:12:00Z"), "Bearer " + TOKEN);
        AlertReceiver.Response retry = post(applicationDown("2026-03-14T03:12:00Z"), "Bearer " + TOKEN);

        assertThat(first.status()).isEqualTo(202);
        assertThat(json(first).path("decisions").path(0).path("decision").asText()).isEqualTo("scheduled");
        assertThat(json(retry).path("decisions").path(0).path("decision").asText()).isEqualTo("duplicate");
        assertThat(scheduled).singleElement().satisfies(request -> {
            assertThat(request.runbook()).isEqualTo("P0-01");
            assertThat(request.jobParameters()).containsEntry("namespace", "production").containsEntry("alertName", "ApplicationDown");
            assertThat(request.actor().name()).isEqualTo("ApplicationDown");
        });
        assertThat(AuditLog.read(dir.resolve("alerts-audit.jsonl"))).extracting(r -> r.path("actor").path("type").asText()).containsOnly("alert");
    }

    @Test
    void aWrongTokenIs401AndNothingIsScheduledOrRecorded() throws IOException {
        AlertReceiver.Response noToken = post(applicationDown("2026-03-14T03:12:00Z"), null);
        AlertReceiver.Response wrong = post(applicationDown("2026-03-14T03:12:00Z"), "Bearer not-the-token-at-all");

        assertThat(List.of(noToken.status(), wrong.status())).containsOnly(401);
        assertThat(scheduled).isEmpty();
        assertThat(dir.resolve("alerts-audit.jsonl")).satisfiesAnyOf(log -> assertThat(log).doesNotExist(), log -> assertThat(log).isEmptyFile());
    }

    @Test
    void aBodyLargerThanTheReceiverAcceptsIsRefusedWithoutReadingItAll() throws IOException {
        byte[] huge = new byte[3 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');

        AlertReceiver.Response answer = post(huge, "Bearer " + TOKEN);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void theTokenAppearsInNoAnswerAndNoRecord() throws IOException {
        post(applicationDown("2026-03-14T03:12:00Z"), "Bearer " + TOKEN);
        AlertReceiver.Response bad = post("{\"version\":\"4\"".getBytes(StandardCharsets.UTF_8), "Bearer " + TOKEN);

        assertThat(bad.status()).isBetween(400, 499);
        assertThat(bad.body() + Files.readString(dir.resolve("alerts-audit.jsonl"))).doesNotContain(TOKEN);
    }

    @Test
    void anEndpointThatIsNotConfiguredSaysWhatToSetAndAsksAlertmanagerToRetry() throws IOException {
        assertThatThrownBy(() -> new AlertEndpoint.Settings(null, null, NAMESPACE, "audit.jsonl")).isInstanceOf(InvalidRequest.class)
                .hasMessage("the alert receiver needs its bearer token (at least 16 characters): set the alert token in Manage Jenkins » System » smctl");
        assertThatThrownBy(() -> new AlertEndpoint.Settings(new Sensitive("short"), null, NAMESPACE, "audit.jsonl")).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new AlertEndpoint.Settings(new Sensitive(TOKEN), null, null, "audit.jsonl")).hasMessageContaining("set the default namespace");
        assertThatThrownBy(() -> new AlertEndpoint.Settings(new Sensitive(TOKEN), null, NAMESPACE, null)).hasMessageContaining("set the alert audit log");

        AlertReceiver.Response answer = AlertEndpoint.notConfigured("set the alert token");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(json(answer).path("error").asText()).isEqualTo("the smctl alert receiver is not configured: set the alert token");
    }

    @Test
    void settingsWithTheSameValuesAreEqualSoTheEndpointIsBuiltOnce() {
        assertThat(new AlertEndpoint.Settings(new Sensitive(TOKEN), null, NAMESPACE, "a.jsonl"))
                .isEqualTo(new AlertEndpoint.Settings(new Sensitive(TOKEN), null, NAMESPACE, "a.jsonl"))
                .isNotEqualTo(new AlertEndpoint.Settings(new Sensitive(TOKEN + "x"), null, NAMESPACE, "a.jsonl"));
        assertThat(new AlertEndpoint.Settings(new Sensitive(TOKEN), null, NAMESPACE, "a.jsonl").toString()).doesNotContain(TOKEN);
    }
}
