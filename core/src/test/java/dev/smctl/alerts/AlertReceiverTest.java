package dev.smctl.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.Unavailable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.smctl.alerts.Notifications.bytes;
import static dev.smctl.alerts.Notifications.firingAlert;
import static dev.smctl.alerts.Notifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

class AlertReceiverTest extends ReceiverCase {

    private static byte[] resolved(String alertname, String namespace) {
        return bytes(notification("resolved", Notifications.alert("resolved", Notifications.STARTS, Notifications.labels(alertname, namespace))));
    }

    @Test
    void aFiringAlertStartsItsRunbookWithTheAlertAsCauseAndActor() throws Exception {
        Answer answer = send(Notifications.firing("ApplicationDown", "production"));

        assertThat(answer.status()).isEqualTo(202);
        JsonNode decision = answer.decision(0);
        assertThat(decision.path("decision").asText()).isEqualTo("scheduled");
        assertThat(decision.path("runbook").asText()).isEqualTo("P0-01");
        assertThat(decision.path("route").asText()).isEqualTo("application-down");
        assertThat(decision.path("parameters").toString()).isEqualTo("{\"namespace\":\"production\"}");
        assertThat(scheduler.scheduled).hasSize(1);
        RemediationRequest request = scheduler.scheduled.get(0);
        assertThat(decision.path("correlationId").asText()).isEqualTo(request.correlationId()).matches("am-[0-9a-f]{32}");
        assertThat(request.jobParameters()).containsEntry("namespace", "production").containsEntry("alertName", "ApplicationDown")
                .containsEntry("alertFingerprint", Fingerprint.of(Notifications.labels("ApplicationDown", "production")))
                .containsEntry("alertStartsAt", "2026-03-14T03:12:45.123456789Z").containsEntry("alertExternalUrl", "http://alertmanager.monitoring:9093")
                .containsEntry("approvalRequired", "false").containsKey("alertGeneratorUrl");
        assertThat(request.cause().shortDescription()).startsWith("Started by alert ApplicationDown (fingerprint ");

        JsonNode record = auditRecords().get(0);
        assertThat(record.path("actor").toString()).isEqualTo("{\"type\":\"alert\",\"name\":\"ApplicationDown\",\"fingerprint\":\"%s\"}"
                .formatted(request.cause().fingerprint()));
        assertThat(record.path("outcome").asText()).isEqualTo("scheduled");
        assertThat(record.path("runId").asText()).isEqualTo(request.correlationId());
        assertThat(record.path("target").path("name").asText()).isEqualTo("P0-01");
        assertThat(record.path("alert").path("externalURL").asText()).isEqualTo("http://alertmanager.monitoring:9093");
        assertThat(AuditVerifier.verify(audit.file()).intact()).isTrue();
        assertThat(records()).containsValues("incident", "cooldown").hasSize(2);
    }

    @Test
    @DisplayName("SuspiciousActivity opens P0-03 behind an approval, whatever its labels")
    void theSecurityRunbookIsAlwaysGated() {
        Answer answer = send(Notifications.firing("SuspiciousActivity", "production"));

        assertThat(answer.decision(0).path("gated").asBoolean()).isTrue();
        assertThat(scheduler.scheduled.get(0).jobParameters()).containsEntry("approvalRequired", "true");
        assertThat(answer.decision(0).path("reason").asText()).startsWith("P0-03 scheduled behind an approval");
    }

    @Test
    void aResolutionStartsNothingAndCancelsTheRunStillWaitingOnce() {
        send(Notifications.firing("ApplicationDown", "production"));
        String correlationId = scheduler.scheduled.get(0).correlationId();

        Answer first = send(resolved("ApplicationDown", "production"));
        Answer repeat = send(resolved("ApplicationDown", "production"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.outcome(0)).isEqualTo("cancel");
        assertThat(first.decision(0).path("relatesTo").asText()).isEqualTo(correlationId);
        assertThat(repeat.outcome(0)).isEqualTo("duplicate");
        assertThat(scheduler.cancelled).containsExactly(correlationId);
        assertThat(scheduler.scheduled).hasSize(1);
        // A run that checks the record itself (it waited in a queue, or outlived a restart) learns when it resolved.
        String incident = scheduler.scheduled.get(0).cause().incidentKey();
        assertThat(new LeaseDedupStore(cluster.client(), STATE_NAMESPACE, clock).read(DedupStore.Kind.RESOLUTION, incident))
                .hasValueSatisfying(record -> assertThat(record.fact(AlertDispatcher.RESOLVED_AT)).isEqualTo(clock.instant().toString()));
    }

    @Test
    void aResolutionOfAnAlertThatStartedNothingIsIgnored() {
        Answer answer = send(resolved("BackupFailed", "production"));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.outcome(0)).isEqualTo("ignored");
        assertThat(scheduler.scheduled).isEmpty();
        assertThat(scheduler.cancelled).isEmpty();
    }

    @Test
    void decidesEveryAlertOfAGroupAndReportsTheUnroutedOne() {
        ObjectNode unknown = firingAlert("DiskAlmostFull", "production");
        byte[] group = bytes(notification("firing", firingAlert("ApplicationDown", "production"), firingAlert("ApplicationDown", "staging"),
                firingAlert("BackupFailed", "production"), unknown));

        Answer answer = send(group);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(List.of(answer.outcome(0), answer.outcome(1), answer.outcome(2), answer.outcome(3)))
                .containsExactly("scheduled", "scheduled", "scheduled", "unrouted");
        assertThat(answer.decision(3).path("reason").asText()).startsWith("no route matches alert DiskAlmostFull; nothing started");
        assertThat(scheduler.scheduled).extracting(r -> r.runbook() + " " + r.parameters().get("namespace"))
                .containsExactly("P0-01 production", "P0-01 staging", "P2-01 production");
        Set<String> correlationIds = new HashSet<>();
        answer.body().path("decisions").forEach(d -> correlationIds.add(d.path("correlationId").asText()));
        assertThat(correlationIds).hasSize(4);
        assertThat(auditRecords()).extracting(r -> r.path("outcome").asText()).containsExactly("scheduled", "scheduled", "scheduled", "unrouted");
    }

    @Test
    @DisplayName("two alerts with the same runbook parameters still reach the scheduler with different job parameters")
    void jobParametersDifferForEveryIncident() {
        routes = RoutesLoader.load("no-cooldown.yaml", """
                routes:
                  - name: app-down
                    match: {alertname: ApplicationDown}
                    runbook: P0-01
                    cooldown: 0s
                    parameters:
                      namespace: {label: namespace, allow: [production]}
                """);
        restart();
        Map<String, String> otherInstance = Notifications.labels("ApplicationDown", "production");
        otherInstance.put("instance", "backend-2.production.svc:8080");

        send(bytes(notification("firing", firingAlert("ApplicationDown", "production"), Notifications.alert("firing", Notifications.STARTS, otherInstance))));

        assertThat(scheduler.scheduled).hasSize(2);
        assertThat(scheduler.scheduled.get(0).parameters()).isEqualTo(scheduler.scheduled.get(1).parameters());
        assertThat(scheduler.scheduled.get(0).jobParameters()).isNotEqualTo(scheduler.scheduled.get(1).jobParameters());
    }

    @Test
    @DisplayName("a storm of 10,000 deliveries of one alert from 8 concurrent senders starts exactly one remediation")
    void aStormStartsExactlyOneRemediation() throws Exception {
        byte[] body = Notifications.firing("ApplicationDown", "production");
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger notAccepted = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int sender = 0; sender < 8; sender++) {
                done.add(senders.submit(() -> {
                    for (int i = 0; i < 1250; i++) {
                        Answer answer = send(body);
                        if (answer.status() != 202) {
                            notAccepted.incrementAndGet();
                        }
                        outcomes.computeIfAbsent(answer.outcome(0), k -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(scheduler.scheduled).hasSize(1);
        assertThat(notAccepted).hasValue(0);
        assertThat(outcomes.get("scheduled")).hasValue(1);
        assertThat(outcomes.get("duplicate")).hasValue(9_999);
        assertThat(records()).hasSize(2);
        assertThat(auditRecords()).hasSize(10_000);
    }

    @Test
    @DisplayName("a restarted receiver (new client, empty cache) still knows the incident, also from a sender without fingerprints")
    void aRestartBetweenRepeatsStillDeduplicates() {
        send(Notifications.firing("HighResponseTime", "production"));

        restart();
        Answer repeat = send(Notifications.firing("HighResponseTime", "production"));
        ObjectNode old = firingAlert("HighResponseTime", "production");
        old.remove("fingerprint");
        restart();
        Answer fromOldSender = send(bytes(notification("firing", old)));

        assertThat(repeat.outcome(0)).isEqualTo("duplicate");
        assertThat(repeat.decision(0).path("reason").asText()).isEqualTo("this incident was decided already: scheduled (queue item 1)");
        assertThat(fromOldSender.outcome(0)).isEqualTo("duplicate");
        assertThat(fromOldSender.decision(0).path("fingerprintComputed").asBoolean()).isTrue();
        assertThat(scheduler.scheduled).hasSize(1);
    }

    @Test
    void anotherIncidentOnTheSameTargetWaitsForTheCooldown() {
        Map<String, String> second = Notifications.labels("ApplicationDown", "production");
        second.put("instance", "backend-2.production.svc:8080");
        Map<String, String> third = Notifications.labels("ApplicationDown", "production");
        third.put("instance", "backend-3.production.svc:8080");
        send(Notifications.firing("ApplicationDown", "production"));
        String first = scheduler.scheduled.get(0).correlationId();

        Answer during = send(bytes(notification("firing", Notifications.alert("firing", Notifications.STARTS, second))));
        Answer otherNamespace = send(Notifications.firing("ApplicationDown", "staging"));
        clock.advance(Duration.ofMinutes(31));
        Answer after = send(bytes(notification("firing", Notifications.alert("firing", Notifications.STARTS, third))));
        Answer secondAgain = send(bytes(notification("firing", Notifications.alert("firing", Notifications.STARTS, second))));

        assertThat(during.outcome(0)).isEqualTo("cooldown");
        assertThat(during.decision(0).path("relatesTo").asText()).isEqualTo(first);
        assertThat(during.decision(0).path("reason").asText()).startsWith("P0-01 was started on P0-01 namespace=production by " + first);
        assertThat(otherNamespace.outcome(0)).isEqualTo("scheduled");
        assertThat(after.outcome(0)).isEqualTo("scheduled");
        assertThat(secondAgain.outcome(0)).as("an incident is decided once, cooldown or not").isEqualTo("duplicate");
        assertThat(scheduler.scheduled).hasSize(3);
    }

    @Test
    void refusesAMissingOrWrongTokenAndRecordsNothing() throws Exception {
        byte[] body = Notifications.firing("ApplicationDown", "production");
        List<AlertReceiver.Response> responses = new ArrayList<>();
        for (String authorization : new String[] {null, "", "Bearer", "Bearer wrong-token-of-some-length", "Basic " + TOKEN, TOKEN, "Bearer " + TOKEN + "x"}) {
            responses.add(receiver.receive(body, header -> header.equals("Authorization") ? authorization : null));
        }

        assertThat(responses).extracting(AlertReceiver.Response::status).containsOnly(401);
        assertThat(responses.get(0).body()).contains("missing or wrong bearer token").doesNotContain(TOKEN);
        assertThat(scheduler.scheduled).isEmpty();
        assertThat(Files.exists(audit.file())).isFalse();
        assertThat(receiver.receive(body, header -> header.equals("Authorization") ? "bearer  " + TOKEN : null).status()).isEqualTo(202);
    }

    @Test
    @DisplayName("the cluster store unreachable: 503 (Alertmanager retries), nothing started, the attempt audited")
    void anUnreachableStoreIsATransientFault() {
        cluster.close();

        Answer answer = send(Notifications.firing("ApplicationDown", "production"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body().path("error").asText()).startsWith("not every alert could be decided; Alertmanager will retry the notification: cannot create the alert records (Leases in namespace smctl-system)");
        assertThat(answer.outcome(0)).isEqualTo("deferred");
        assertThat(scheduler.scheduled).isEmpty();
        assertThat(auditRecords()).extracting(r -> r.path("outcome").asText()).containsExactly("deferred");
        cluster = dev.smctl.sandbox.Sandbox.empty(dir.resolve("cluster-again"));
    }

    @Test
    void aSchedulerFailureReleasesTheClaimsSoTheRetryStartsTheRun() {
        scheduler.failNext = new Unavailable("Jenkins queue unavailable (restarting)", null);

        Answer failed = send(Notifications.firing("ApplicationDown", "production"));
        Map<String, String> afterFailure = records();
        Answer retry = send(Notifications.firing("ApplicationDown", "production"));

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.body().path("error").asText()).endsWith("Jenkins queue unavailable (restarting)");
        assertThat(afterFailure).isEmpty();
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.outcome(0)).isEqualTo("scheduled");
        assertThat(scheduler.scheduled).hasSize(1);
    }

    @Test
    @DisplayName("a receiver that died while deciding blocks the incident only until its pending claim expires")
    void aDeadReceiversPendingClaimIsTakenOverAfterItExpires() {
        LeaseDedupStore store = new LeaseDedupStore(cluster.client(), STATE_NAMESPACE, clock);
        AlertCause cause = new PayloadParser().parse(Notifications.firing("ApplicationDown", "production")).get(0).cause();
        store.claim(DedupStore.Kind.INCIDENT, cause.incidentKey(), cause.correlationId() + "/dead", AlertDispatcher.PENDING, false, Map.of("outcome", "pending"));

        Answer whileHeld = send(Notifications.firing("ApplicationDown", "production"));
        clock.advance(AlertDispatcher.PENDING.plusSeconds(1));
        Answer afterExpiry = send(Notifications.firing("ApplicationDown", "production"));

        assertThat(whileHeld.outcome(0)).isEqualTo("duplicate");
        assertThat(whileHeld.decision(0).path("reason").asText()).isEqualTo("another receiver is deciding this incident right now");
        assertThat(afterExpiry.outcome(0)).isEqualTo("scheduled");
        assertThat(scheduler.scheduled).hasSize(1);
    }

    @Test
    void theSweepDeletesRecordsOnlyOnceTheyExpire() {
        LeaseDedupStore store = new LeaseDedupStore(cluster.client(), STATE_NAMESPACE, clock);
        send(Notifications.firing("ApplicationDown", "production"));
        send(resolved("ApplicationDown", "production"));

        int early = store.sweep();
        clock.advance(Duration.ofMinutes(31));
        int afterCooldown = store.sweep();
        clock.advance(routes.retention());
        int afterRetention = store.sweep();

        assertThat(early).isZero();
        assertThat(afterCooldown).isEqualTo(1);
        assertThat(afterRetention).isEqualTo(2);
        assertThat(records()).isEmpty();
    }
}
