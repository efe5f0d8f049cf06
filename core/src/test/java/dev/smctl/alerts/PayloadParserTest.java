package dev.smctl.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.smctl.alerts.Notifications.bytes;
import static dev.smctl.alerts.Notifications.firingAlert;
import static dev.smctl.alerts.Notifications.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadParserTest {
    private final PayloadParser parser = new PayloadParser();

    @Test
    @DisplayName("the fingerprint is Alertmanager's: FNV-1a 64 of the sorted labels, as a real notification carried it")
    void computesAlertmanagersFingerprint() {
        Map<String, String> labels = new LinkedHashMap<>();
        // Labels and fingerprint of a resolved alert an Alertmanager sent (published in a webhook test suite).
        labels.put("severity", "Warning");
        labels.put("alertname", "Deployment");
        labels.put("app_kubernetes_io_instance", "eric-oss-common-base");
        labels.put("app_kubernetes_io_managed_by", "Helm");
        labels.put("app_kubernetes_io_name", "eric-pm-kube-state-metrics");
        labels.put("app_kubernetes_io_version", "2.1.0_10");
        labels.put("chart", "eric-pm-kube-state-metrics-2.1.0_10");
        labels.put("deployment", "eric-log-transformer");
        labels.put("instance", "192.168.69.53:8080");
        labels.put("job", "eric-pm-kube-state-metrics");
        labels.put("kubernetes_name", "eric-pm-kube-state-metrics");
        labels.put("kubernetes_namespace", "eric-eo-cm-ci406");
        labels.put("namespace", "eric-eo-cm-ci406");

        assertThat(Fingerprint.of(labels)).isEqualTo("fbab788ec4c1018b");
        assertThat(Fingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
        assertThat(Fingerprint.of(Map.of("a", "bc"))).isNotEqualTo(Fingerprint.of(Map.of("ab", "c")));
    }

    @Test
    void readsAFiringNotificationWithEveryFieldAlertmanagerSends() {
        List<ReceivedAlert> alerts = parser.parse(Notifications.firing("ApplicationDown", "production"));

        assertThat(alerts).hasSize(1);
        ReceivedAlert alert = alerts.get(0);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.labels()).containsEntry("namespace", "production").containsEntry("alertname", "ApplicationDown");
        AlertCause cause = alert.cause();
        assertThat(cause.alertname()).isEqualTo("ApplicationDown");
        assertThat(cause.fingerprint()).isEqualTo(Fingerprint.of(Notifications.labels("ApplicationDown", "production")));
        assertThat(cause.fingerprintComputed()).isFalse();
        assertThat(cause.startsAt()).isEqualTo(Instant.parse("2026-03-14T03:12:45.123456789Z"));
        assertThat(cause.generatorUrl()).startsWith("http://prometheus.monitoring:9090/graph?");
        assertThat(cause.externalUrl()).isEqualTo("http://alertmanager.monitoring:9093");
        assertThat(cause.notificationReason()).isEqualTo("first notification");
        assertThat(cause.correlationId()).matches("am-[0-9a-f]{32}");
        assertThat(cause.actor().toString()).isEqualTo("alert ApplicationDown (fingerprint %s)".formatted(cause.fingerprint()));
    }

    @Test
    @DisplayName("an older sender's alert without a fingerprint gets the one Alertmanager would have sent, so both dedupe alike")
    void computesAMissingFingerprint() {
        ObjectNode alert = firingAlert("BackupFailed", "production");
        String sent = alert.remove("fingerprint").asText();
        ObjectNode old = notification("firing", alert);
        old.remove(List.of("truncatedAlerts", "notification_reason", "routeLabels", "groupKey"));

        AlertCause cause = parser.parse(bytes(old)).get(0).cause();

        assertThat(cause.fingerprint()).isEqualTo(sent);
        assertThat(cause.fingerprintComputed()).isTrue();
        assertThat(cause.correlationId()).isEqualTo(parser.parse(Notifications.firing("BackupFailed", "production")).get(0).cause().correlationId());
    }

    @Test
    void ignoresFieldsItDoesNotKnowAtAnyDepth() {
        ObjectNode body = notification("firing", firingAlert("ApplicationDown", "production"));
        body.putObject("future").putArray("things").addObject().put("deep", true);
        ((ObjectNode) body.get("alerts").get(0)).put("silencedBy", "x").putObject("extra").put("n", 1);

        assertThat(parser.parse(bytes(body))).hasSize(1);
    }

    @Test
    void readsEveryAlertOfAGroupInOrder() {
        ObjectNode body = notification("firing", firingAlert("ApplicationDown", "production"), firingAlert("ApplicationDown", "staging"),
                Notifications.alert("resolved", "2026-03-14T02:00:00+01:00", Notifications.labels("ApplicationDown", "dev")));

        List<ReceivedAlert> alerts = parser.parse(bytes(body));

        assertThat(alerts).extracting(a -> a.labels().get("namespace")).containsExactly("production", "staging", "dev");
        assertThat(alerts.get(2).status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alerts.get(2).cause().startsAt()).isEqualTo(Instant.parse("2026-03-14T01:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "broken JSON               | {\"alerts\": [            | 400 | the body is not valid JSON in UTF-8",
            "trailing garbage          | {\"alerts\": []} x         | 400 | the body is not valid JSON in UTF-8",
            "duplicate key             | {\"status\":\"firing\",\"status\":\"resolved\"} | 400 | the body is not valid JSON in UTF-8",
            "JSON null                 | null                      | 400 | the body is JSON null",
            "an array                  | []                        | 400 | field \"(the body)\" has the wrong type",
            "no alerts                 | {\"version\":\"4\"}        | 400 | the notification has no alerts",
            "unknown version           | {\"version\":\"3\",\"alerts\":[{}]} | 400 | webhook version \"3\" is not supported",
            "number as a label value   | {\"alerts\":[{\"labels\":{\"alertname\":1}}]} | 400 | field \"alerts[0].labels.alertname\" has the wrong type",
            "alert without labels      | {\"alerts\":[{\"status\":\"firing\"}]} | 400 | alerts[0] has no labels",
            "alert name with a space   | {\"alerts\":[{\"labels\":{\"alertname\":\"a b\"}}]} | 422 | alerts[0]: alertname \"a b\" is missing or not an alert name",
            "bad label name            | {\"alerts\":[{\"labels\":{\"alertname\":\"A\",\"a-b\":\"x\"}}]} | 422 | alerts[0]: label name \"a-b\" is not a Prometheus label name",
            "no status                 | {\"alerts\":[{\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-01-01T00:00:00Z\"}]} | 400 | alerts[0]: status (none) is neither firing nor resolved",
            "no startsAt               | {\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"}}]} | 400 | alerts[0].startsAt is missing",
            "startsAt not a time       | {\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"yesterday\"}]} | 422 | alerts[0].startsAt \"yesterday\" is not an RFC 3339 time",
            "zero startsAt             | {\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"0001-01-01T00:00:00Z\"}]} | 422 | alerts[0].startsAt is \"0001-01-01T00:00:00Z\", before 1970",
            "fingerprint not hex       | {\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-01-01T00:00:00Z\",\"fingerprint\":\"../../etc\"}]} | 422 | alerts[0]: fingerprint \"../../etc\" is not 16 lower-case hex digits",
            "someone else's fingerprint | {\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-01-01T00:00:00Z\",\"fingerprint\":\"0123456789abcdef\"}]} | 422 | alerts[0]: fingerprint 0123456789abcdef does not belong to the alert's labels",
            "javascript URL            | {\"externalURL\":\"javascript:alert(1)\",\"alerts\":[{}]} | 422 | externalURL \"javascript:alert(1)\" is not an http(s) URL",
            "URL with a newline        | {\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-01-01T00:00:00Z\",\"generatorURL\":\"http://x/\\n\"}]} | 422 | alerts[0].generatorURL is longer than 2048 characters or holds spaces or control characters",
    })
    void refusesAMalformedNotificationNamingTheField(String situation, String body, int status, String message) {
        assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidPayload.class, e -> assertThat(e.httpStatus()).isEqualTo(status))
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesABodyOverTheLimitBeforeParsingIt() {
        byte[] huge = new byte[PayloadParser.DEFAULT_MAX_BYTES + 1];

        assertThatThrownBy(() -> parser.parse(huge)).isInstanceOfSatisfying(InvalidPayload.class, e -> assertThat(e.httpStatus()).isEqualTo(413))
                .hasMessage("the body is larger than the limit of 1048576 bytes; lower max_alerts in the webhook_config");
    }

    @Test
    void refusesInvalidUtf8AndDeepNesting() {
        byte[] invalid = "{\"receiver\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);

        assertThatThrownBy(() -> parser.parse(invalid)).hasMessageStartingWith("the body is not valid JSON in UTF-8");
        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8))).hasMessage("the body is nested too deeply or holds an oversized value");
    }
}
