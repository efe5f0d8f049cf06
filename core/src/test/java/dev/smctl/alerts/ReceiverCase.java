package dev.smctl.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Secret;
import dev.smctl.k8s.ClusterAccess;
import dev.smctl.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A receiver as a process would build it: the alert records in fabric8's CRUD mock API server (the cluster), an
 * audit log on disk, a clock the test moves. {@link #restart()} builds every part again with a new client and an
 * empty cache, as a new process would, against the same cluster and log.
 */
abstract class ReceiverCase {
    static final String TOKEN = "canary-5f2d9c1e7a4b8d30-token";
    static final String STATE_NAMESPACE = "smctl-system";

    @TempDir
    Path dir;
    Sandbox cluster;
    TestClock clock = new TestClock(Instant.parse("2026-03-14T03:13:00Z"));
    RecordingScheduler scheduler = new RecordingScheduler();
    AuditLog audit;
    Routes routes = RoutesLoader.defaults();
    AlertReceiver receiver;
    private final List<KubernetesClient> clients = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = Sandbox.empty(dir.resolve("cluster"));
        audit = new AuditLog(dir.resolve("audit.jsonl"));
        restart();
    }

    @AfterEach
    void stopCluster() {
        clients.forEach(KubernetesClient::close);
        cluster.close();
    }

    /** A new receiver: new API client, new store, empty cache, new dispatcher. */
    void restart() {
        KubernetesClient client = ClusterAccess.connect(new ClusterAccess(cluster.kubeconfig(), null).config());
        clients.add(client);
        receiver = receiver(new LeaseDedupStore(client, STATE_NAMESPACE, clock));
    }

    AlertReceiver receiver(DedupStore store) {
        AlertDispatcher dispatcher = new AlertDispatcher(new CachingDedupStore(store, clock), scheduler, routes.retention(), clock);
        return new AlertReceiver(Secret.of(TOKEN), new PayloadParser(), routes, dispatcher, audit, "test receiver", clock);
    }

    Answer send(byte[] body) {
        return send(receiver, body);
    }

    static Answer send(AlertReceiver receiver, byte[] body) {
        AlertReceiver.Response response = receiver.receive(body, header -> switch (header.toLowerCase(java.util.Locale.ROOT)) {
            case "authorization" -> "Bearer " + TOKEN;
            case "content-type" -> "application/json";
            default -> null;
        });
        return Answer.of(response);
    }

    /** The receiver's answer, parsed. */
    record Answer(int status, JsonNode body) {
        static Answer of(AlertReceiver.Response response) {
            try {
                return new Answer(response.status(), Notifications.JSON.readTree(response.body()));
            } catch (IOException e) {
                throw new UncheckedIOException("the receiver answered with something other than JSON: " + response.body(), e);
            }
        }

        JsonNode decision(int index) {
            return body.path("decisions").path(index);
        }

        String outcome(int index) {
            return decision(index).path("decision").asText();
        }
    }

    List<JsonNode> auditRecords() {
        try {
            return AuditLog.read(audit.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alert records in the cluster, by Lease name. */
    Map<String, String> records() {
        Map<String, String> records = new java.util.TreeMap<>();
        cluster.client().leases().inNamespace(STATE_NAMESPACE).list().getItems()
                .forEach(lease -> records.put(lease.getMetadata().getName(), lease.getMetadata().getLabels().get(LeaseDedupStore.RECORD_LABEL)));
        return records;
    }
}
