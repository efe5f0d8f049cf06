package dev.smctl.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Alertmanager webhook bodies shaped like the ones Alertmanager 0.27 to 0.34 sends. */
final class Notifications {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STARTS = "2026-03-14T03:12:45.123456789Z";

    private Notifications() {
    }

    /** The labels a kube-prometheus alert for the backend carries. */
    static Map<String, String> labels(String alertname, String namespace) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        labels.put("namespace", namespace);
        labels.put("severity", "critical");
        labels.put("service", "backend");
        labels.put("instance", "backend." + namespace + ".svc:8080");
        labels.put("job", "blackbox");
        return labels;
    }

    /** One alert, with Alertmanager's fingerprint of its labels. */
    static ObjectNode alert(String status, String startsAt, Map<String, String> labels) {
        ObjectNode alert = JSON.createObjectNode();
        alert.put("status", status);
        ObjectNode labelNode = alert.putObject("labels");
        labels.forEach(labelNode::put);
        alert.putObject("annotations").put("summary", "Backend health check failing").put("description", "probe_success == 0 for 2m; see the runbook");
        alert.put("startsAt", startsAt);
        alert.put("endsAt", status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-03-14T03:40:00Z");
        alert.put("generatorURL", "http://prometheus.monitoring:9090/graph?g0.expr=probe_success%7Bjob%3D%22blackbox%22%7D+%3D%3D+0&g0.tab=1");
        alert.put("fingerprint", Fingerprint.of(labels));
        return alert;
    }

    static ObjectNode firingAlert(String alertname, String namespace) {
        return alert("firing", STARTS, labels(alertname, namespace));
    }

    /** A whole notification, with the newer fields an older parser would not know. */
    static ObjectNode notification(String status, ObjectNode... alerts) {
        ObjectNode body = JSON.createObjectNode();
        body.put("receiver", "smctl-remediation");
        body.put("status", status);
        body.putArray("alerts").addAll(java.util.List.of(alerts));
        String alertname = alerts[0].path("labels").path("alertname").asText();
        body.putObject("groupLabels").put("alertname", alertname);
        body.putObject("commonLabels").put("alertname", alertname).put("severity", "critical");
        body.putObject("commonAnnotations").put("summary", "Backend health check failing");
        body.put("externalURL", "http://alertmanager.monitoring:9093");
        body.put("version", "4");
        body.put("groupKey", "{}/{alertname=~\"ApplicationDown|BackupFailed\"}:{alertname=\"" + alertname + "\"}");
        body.put("truncatedAlerts", 0);
        body.put("notification_reason", "first notification");
        body.putObject("routeLabels").put("team", "sre");
        return body;
    }

    static byte[] bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] firing(String alertname, String namespace) {
        return bytes(notification("firing", firingAlert(alertname, namespace)));
    }
}
