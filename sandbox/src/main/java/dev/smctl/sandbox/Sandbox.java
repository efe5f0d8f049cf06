package dev.smctl.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The Secure Messenger platform on embedded servers: fabric8's mock API server in CRUD mode on a loopback port
 * (no real API server can run here), the {@link DeploymentController} playing the cluster's part, and the
 * backend's {@code /health}. Writes a kubeconfig so that kubectl and smctl can be pointed at it.
 */
public final class Sandbox implements AutoCloseable {
    /** Held so the JDK does not collect it and forget the level (the mock server logs every request at INFO). */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private static final Logger CONTROLLER_LOG = Logger.getLogger(Sandbox.class.getName());

    private final KubernetesMockServer server;
    private final DiscoveringCrudDispatcher dispatcher;
    private final NamespacedKubernetesClient client;
    private final ImageHealth images = new ImageHealth();
    private final PodLogs logs = new PodLogs();
    private final DeploymentController deployments;
    private final StatefulSetController statefulSets;
    private final JobController jobs;
    private final HealthEndpoint health;
    private final Path kubeconfig;
    private ScheduledExecutorService loop;

    private Sandbox(Path workDir, boolean seed) throws IOException {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        dispatcher = new DiscoveringCrudDispatcher(logs);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // Named explicitly: with the JDK client also on the classpath, fabric8 would pick one at random.
        client = server.createClient(new VertxHttpClientFactory());
        Kubelet kubelet = new Kubelet(client, images, logs);
        deployments = new DeploymentController(client, kubelet, Clock.systemUTC());
        statefulSets = new StatefulSetController(client, kubelet);
        jobs = new JobController(client, kubelet);
        if (seed) {
            Platform.seed(this);
        }
        health = new HealthEndpoint(client, images, Platform.NAMESPACE, Platform.BACKEND);
        Files.createDirectories(workDir);
        kubeconfig = workDir.resolve("sandbox.kubeconfig");
        Files.writeString(kubeconfig, kubeconfigYaml(apiUrl()));
    }

    /** A sandbox seeded with the platform; its controllers are not running until {@link #startControllers(Duration)}. */
    public static Sandbox start(Path workDir) {
        try {
            return new Sandbox(workDir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox in " + workDir, e);
        }
    }

    /** An empty cluster (no namespace, nothing seeded), for tests that build their own objects. */
    public static Sandbox empty(Path workDir) {
        try {
            return new Sandbox(workDir, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox in " + workDir, e);
        }
    }

    /** Runs the controllers in the background every {@code tick}, as a cluster would. */
    public synchronized void startControllers(Duration tick) {
        if (loop != null) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-controllers");
            thread.setDaemon(true);
            return thread;
        });
        loop.scheduleWithFixedDelay(() -> {
            try {
                reconcileOnce();
            } catch (RuntimeException e) {
                // A conflict with a concurrent writer, or an object caught half-made: the next tick sees the new
                // state, as a real controller would. Letting it escape would cancel the schedule for good.
                CONTROLLER_LOG.log(Level.FINE, "reconcile failed; retrying next tick", e);
            }
        }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stopControllers() {
        if (loop != null) {
            loop.shutdownNow();
            loop = null;
        }
    }

    /** Reconciles everything until nothing changes (at most 20 rounds): a cluster at rest. */
    public void settle() {
        for (int round = 0; round < 20 && reconcileOnce(); round++) {
            // each round moves every workload one step
        }
    }

    private boolean reconcileOnce() {
        boolean changed = deployments.reconcileAll();
        changed |= statefulSets.reconcileAll();
        return jobs.reconcileAll() | changed;
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    public DeploymentController controller() {
        return deployments;
    }

    public PodLogs logs() {
        return logs;
    }

    /**
     * The next {@code method} request to exactly {@code path} (no query) answers HTTP {@code code}, as a failing
     * API server would, and changes nothing: for tests of what an action does when a write is refused midway.
     */
    public void failNext(String method, String path, int code) {
        dispatcher.failNext(method, path, code);
    }

    /** Whether the metrics API answers (metrics-server installed); on by default. */
    public void serveMetrics(boolean enabled) {
        dispatcher.serveMetrics(enabled);
    }

    public ImageHealth images() {
        return images;
    }

    public URI apiUrl() {
        return URI.create("http://" + server.getHostName() + ":" + server.getPort());
    }

    public URI healthUrl() {
        return health.url();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /**
     * The requests received since the last call, as {@code METHOD path}, oldest first; the mock server keeps
     * every request in memory until it is taken.
     */
    public List<String> takeRequests() {
        List<String> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                requests.add(request.getMethod() + " " + request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    /**
     * Every object of the kinds the actions touch in {@code namespace}, as JSON by kind/name: two equal
     * snapshots mean nothing changed (resourceVersions included). Secrets are in it with their values: for
     * comparing, never for printing.
     */
    public Map<String, String> snapshot(String namespace) {
        Map<String, String> state = new TreeMap<>();
        Stream.of(client.apps().deployments().inNamespace(namespace).list().getItems(),
                        client.apps().statefulSets().inNamespace(namespace).list().getItems(),
                        client.apps().replicaSets().inNamespace(namespace).list().getItems(),
                        client.services().inNamespace(namespace).list().getItems(),
                        client.network().v1().ingresses().inNamespace(namespace).list().getItems(),
                        client.batch().v1().jobs().inNamespace(namespace).list().getItems(),
                        client.batch().v1().cronjobs().inNamespace(namespace).list().getItems(),
                        client.configMaps().inNamespace(namespace).list().getItems(),
                        client.secrets().inNamespace(namespace).list().getItems(),
                        client.pods().inNamespace(namespace).list().getItems(),
                        client.leases().inNamespace(namespace).list().getItems())
                .flatMap(List::stream)
                .forEach(o -> state.put(((HasMetadata) o).getKind() + "/" + ((HasMetadata) o).getMetadata().getName(), Serialization.asJson(o)));
        return state;
    }

    static String kubeconfigYaml(URI api) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: smctl-sandbox
                  cluster:
                    server: %s
                contexts:
                - name: smctl-sandbox
                  context:
                    cluster: smctl-sandbox
                    namespace: production
                    user: sandbox
                current-context: smctl-sandbox
                users:
                - name: sandbox
                  user:
                    token: sandbox-token-not-a-secret
                """.formatted(api);
    }

    @Override
    public void close() {
        stopControllers();
        health.close();
        client.close();
        server.destroy();
    }
}
