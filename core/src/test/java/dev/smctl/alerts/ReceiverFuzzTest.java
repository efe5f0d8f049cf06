package dev.smctl.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.smctl.alerts.Notifications.bytes;
import static dev.smctl.alerts.Notifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 malformed or hostile notifications, each made from its own seeded {@link Random} so that a failure names
 * the one case to replay. They go through a routing table that takes any alert and any namespace the pattern
 * {@code .*} allows: only the receiver's own rules (safe characters, the runbook's DNS-1123 type, the payload
 * checks) stand between them and a job.
 */
class ReceiverFuzzTest extends ReceiverCase {
    static final long SEED = 20260314L;
    static final int CASES = 10_000;
    static final String CARELESS_ROUTES = """
            routes:
              - name: careless
                matchRegex: {alertname: ".+"}
                runbook: P0-01
                cooldown: 0s
                parameters:
                  namespace: {label: namespace, pattern: ".*"}
            """;
    static final String[] SHELL = {";", "|", "&&", "$(id)", "`id`", ">", "<", "\n", "'", "\"", "$HOME", "\\", "*", "!", " "};
    static final String[] TRAVERSAL = {"../", "..\\", "/etc/passwd", "%2e%2e%2f", "..", "./", "~/"};
    static final String[] NOT_DNS = {"Production", "prod_1", "-prod", "prod-", "prod.eu", "a".repeat(64), "", "prodüction", "pröd", "prod\u0000"};

    @BeforeEach
    void carelessRoutes() {
        routes = RoutesLoader.load("careless.yaml", CARELESS_ROUTES);
        restart();
    }

    @Test
    @DisplayName("10,000 malformed or hostile notifications: every one 4xx, nothing scheduled, no failure")
    void hostileNotificationsAreRefusedAndStartNothing() throws Exception {
        Map<Integer, String> wrong = new ConcurrentHashMap<>();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int sender = 0; sender < 4; sender++) {
                int first = sender;
                done.add(senders.submit(() -> {
                    for (int n = first; n < CASES; n += 4) {
                        Random random = new Random(SEED + n);
                        byte[] body = hostile(random);
                        AlertReceiver.Response response = receiver.receive(body, header -> header.equals("Authorization") ? "Bearer " + TOKEN : null);
                        statuses.merge(response.status(), 1, Integer::sum);
                        if (response.status() < 400 || response.status() >= 500 || !response.body().startsWith("{")) {
                            String answer = response.body();
                            wrong.put(n, response.status() + " " + answer.substring(0, Math.min(200, answer.length())));
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(new java.util.TreeMap<>(wrong).keySet()).as("cases answered other than 4xx (replay: hostile(new Random(%d + case))), e.g. %s",
                SEED, wrong.values().stream().limit(3).toList()).isEmpty();
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CASES);
        assertThat(statuses).containsKeys(400, 413, 422);
        assertThat(scheduler.scheduled).isEmpty();
        assertThat(records()).isEmpty();
        assertThat(auditRecords()).hasSize(CASES).allSatisfy(record -> assertThat(record.path("outcome").asText()).isEqualTo("refused"));
        assertThat(AuditVerifier.verify(audit.file()).intact()).isTrue();
    }

    @Test
    void theCarelessTableStillTakesAnOrdinaryAlert() {
        assertThat(send(Notifications.firing("ApplicationDown", "production")).outcome(0)).isEqualTo("scheduled");
    }

    /** One malformed or hostile notification; the kinds are drawn evenly. */
    static byte[] hostile(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> truncated(random);
            case 1 -> noise(random);
            case 2 -> huge(random);
            case 3 -> withAlerts(random, hostileAlert(random));
            case 4 -> withAlerts(random, ordinaryAlert(random), hostileAlert(random), ordinaryAlert(random));
            case 5 -> wrongTypes(random);
            case 6 -> invalidUtf8(random);
            case 7 -> deep(random);
            case 8 -> hostileEnvelope(random);
            case 9 -> withAlerts(random, hostileAlert(random), hostileAlert(random));
            case 10 -> withAlerts(random, hostileTime(random));
            default -> emptyish(random);
        };
    }

    private static byte[] withAlerts(Random random, ObjectNode... alerts) {
        return bytes(notification(random.nextBoolean() ? "firing" : "resolved", alerts));
    }

    private static ObjectNode ordinaryAlert(Random random) {
        Map<String, String> labels = Notifications.labels("ApplicationDown", "production");
        labels.put("instance", "backend-" + random.nextInt(1000) + ".production.svc:8080");
        return Notifications.alert(random.nextBoolean() ? "firing" : "resolved", Notifications.STARTS, labels);
    }

    /** An alert whose namespace, alert name or fingerprint would carry something into a job or a name. */
    private static ObjectNode hostileAlert(Random random) {
        Map<String, String> labels = Notifications.labels("ApplicationDown", "production");
        labels.put("description", pick(random, SHELL) + pick(random, TRAVERSAL));
        ObjectNode alert;
        switch (random.nextInt(5)) {
            case 0 -> labels.put("namespace", "production" + pick(random, SHELL) + "rm -rf /");
            case 1 -> labels.put("namespace", pick(random, TRAVERSAL) + "production");
            case 2 -> labels.put("namespace", pick(random, NOT_DNS));
            case 3 -> labels.put("alertname", "ApplicationDown" + pick(random, SHELL) + pick(random, TRAVERSAL));
            default -> {
                alert = Notifications.alert("firing", Notifications.STARTS, labels);
                alert.put("fingerprint", random.nextBoolean() ? "../../../etc/passwd" : Long.toHexString(random.nextLong() | Long.MIN_VALUE));
                return alert;
            }
        }
        return Notifications.alert(random.nextBoolean() ? "firing" : "resolved", Notifications.STARTS, labels);
    }

    private static ObjectNode hostileTime(Random random) {
        ObjectNode alert = ordinaryAlert(random);
        switch (random.nextInt(4)) {
            case 0 -> alert.put("startsAt", "$(date)");
            case 1 -> alert.put("startsAt", "0001-01-01T00:00:00Z");
            case 2 -> alert.remove("startsAt");
            default -> alert.put("status", "firing; reboot");
        }
        return alert;
    }

    private static byte[] hostileEnvelope(Random random) {
        ObjectNode body = notification("firing", ordinaryAlert(random));
        switch (random.nextInt(4)) {
            case 0 -> body.put("externalURL", random.nextBoolean() ? "javascript:alert(1)" : "file:///etc/passwd");
            case 1 -> ((ObjectNode) body.get("alerts").get(0)).put("generatorURL", "http://x/\n" + pick(random, SHELL));
            case 2 -> body.put("version", String.valueOf(random.nextInt(3) + 1));
            default -> body.put("status", pick(random, SHELL));
        }
        return bytes(body);
    }

    private static byte[] truncated(Random random) {
        byte[] whole = bytes(notification("firing", ordinaryAlert(random)));
        return java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
    }

    private static byte[] noise(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] huge(Random random) {
        ObjectNode alert = ordinaryAlert(random);
        ((ObjectNode) alert.get("annotations")).put("description", "x".repeat(PayloadParser.DEFAULT_MAX_BYTES + random.nextInt(1000)));
        return withAlerts(random, alert);
    }

    private static byte[] wrongTypes(Random random) {
        String[] bodies = {
                "{\"alerts\":{\"0\":{}}}", "{\"alerts\":[{\"labels\":[\"alertname\",\"A\"]}]}", "{\"alerts\":[{\"status\":1,\"labels\":{\"alertname\":\"A\"}}]}",
                "{\"alerts\":[{\"labels\":{\"alertname\":true}}]}", "{\"truncatedAlerts\":\"many\",\"alerts\":[]}", "\"alerts\"", "42", "[[[]]]",
                "{\"alerts\":[null]}", "{\"alerts\":[{\"labels\":{\"alertname\":null}}]}"};
        return bodies[random.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8(Random random) {
        byte[] whole = bytes(notification("firing", ordinaryAlert(random)));
        int at = whole.length / 2 + random.nextInt(whole.length / 4);
        whole[at] = (byte) (0xc0 | random.nextInt(2));
        return whole;
    }

    private static byte[] deep(Random random) {
        int depth = 40 + random.nextInt(2000);
        return ("{\"alerts\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] emptyish(Random random) {
        String[] bodies = {"", " ", "{}", "null", "{\"alerts\":[]}", "{\"alerts\":[{}]}", "{\"alerts\":[{\"labels\":{}}]}"};
        return bodies[random.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
