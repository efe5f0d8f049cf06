package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.alerts.AlertDispatcher;
import dev.smctl.alerts.AlertReceiver;
import dev.smctl.alerts.CachingDedupStore;
import dev.smctl.alerts.DedupRecord;
import dev.smctl.alerts.DedupStore;
import dev.smctl.alerts.LeaseDedupStore;
import dev.smctl.alerts.PayloadParser;
import dev.smctl.alerts.RemediationScheduler;
import dev.smctl.alerts.Routes;
import dev.smctl.alerts.RoutesLoader;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Jenkins alert endpoint without Jenkins types: core's {@link AlertReceiver} built once from the global
 * configuration, answering one request at a time as docs/alerts.md says a wrapper must (read at most one byte more
 * than it accepts, pass the headers, send its status and JSON body). Its alert records live in Leases of the
 * configured namespace, swept every 10 minutes while the endpoint is in use.
 */
public final class AlertEndpoint implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertEndpoint.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final AlertReceiver receiver;
    private final DedupStore store;
    private final ScheduledExecutorService sweeper;

    /**
     * What Manage Jenkins » System » smctl says about alerts.
     *
     * @param token     the bearer token Alertmanager sends (at least 16 characters)
     * @param routes    routes.yaml on the controller, or {@code null} for the shipped one (resources/smctl/alerts)
     * @param namespace where the alert records (Leases) live
     * @param auditLog  the receiver's hash-chained audit log on the controller
     */
    public record Settings(Sensitive token, String routes, String namespace, String auditLog) {
        /** @throws InvalidRequest naming what to set, when a part is missing or wrong */
        public Settings {
            String where = " in Manage Jenkins » System » smctl";
            if (token == null || token.value().length() < 16) {
                throw new InvalidRequest("the alert receiver needs its bearer token (at least 16 characters): set the alert token" + where);
            }
            if (namespace == null || namespace.isBlank()) {
                throw new InvalidRequest("the alert receiver keeps its records in a namespace: set the default namespace" + where);
            }
            Names.requireLabel(namespace, "namespace");
            if (auditLog == null || auditLog.isBlank()) {
                throw new InvalidRequest("the alert receiver records every decision: set the alert audit log (a path on the controller)" + where);
            }
        }
    }

    private AlertEndpoint(Settings settings, AlertReceiver receiver, DedupStore store, ScheduledExecutorService sweeper) {
        this.settings = settings;
        this.receiver = receiver;
        this.store = store;
        this.sweeper = sweeper;
    }

    /** @param client reaches the namespace of the alert records; the endpoint does not close it */
    public static AlertEndpoint start(Settings settings, RemediationScheduler scheduler, KubernetesClient client, Clock clock) {
        Routes routes = settings.routes() == null || settings.routes().isBlank() ? RoutesLoader.defaults() : RoutesLoader.load(Path.of(settings.routes()));
        DedupStore store = new CachingDedupStore(new LeaseDedupStore(client, settings.namespace(), clock), clock);
        AlertReceiver receiver = new AlertReceiver(settings.token().toSecret(), new PayloadParser(), routes,
                new AlertDispatcher(store, scheduler, routes.retention(), clock), new AuditLog(Path.of(settings.auditLog())), "Jenkins", clock);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smctl-alert-record-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(() -> sweep(store), 1, 10, TimeUnit.MINUTES);
        return new AlertEndpoint(settings, receiver, store, sweeper);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The answer while the endpoint cannot be built: 503, so that Alertmanager keeps the notification and retries
     * once someone has set what the message names.
     */
    public static AlertReceiver.Response notConfigured(String why) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", 503);
        body.put("error", "the smctl alert receiver is not configured: " + why);
        return new AlertReceiver.Response(503, body.toString());
    }

    /**
     * The receiver's record of an incident's resolution, for a run that checks whether its alert resolved.
     *
     * @throws dev.smctl.engine.Unavailable when the cluster cannot be reached
     */
    public Optional<DedupRecord> resolution(String incidentKey) {
        return store.read(DedupStore.Kind.RESOLUTION, incidentKey);
    }

    /** @param header a request header by name, case-insensitively, or {@code null} */
    public AlertReceiver.Response answer(InputStream body, Function<String, String> header) throws IOException {
        return receiver.receive(body.readNBytes(receiver.maxBodyBytes() + 1), header);
    }

    private static void sweep(DedupStore store) {
        try {
            store.sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete expired alert records ({0}); trying again in 10 minutes", Failures.describe(e));
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
