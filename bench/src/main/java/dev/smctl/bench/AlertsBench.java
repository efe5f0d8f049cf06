package dev.smctl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.alerts.AlertCause;
import dev.smctl.alerts.AlertDispatcher;
import dev.smctl.alerts.AlertReceiver;
import dev.smctl.alerts.CachingDedupStore;
import dev.smctl.alerts.DedupStore;
import dev.smctl.alerts.Fingerprint;
import dev.smctl.alerts.LeaseDedupStore;
import dev.smctl.alerts.PayloadParser;
import dev.smctl.alerts.ReceivedAlert;
import dev.smctl.alerts.ReceiverServer;
import dev.smctl.alerts.RemediationRequest;
import dev.smctl.alerts.RemediationScheduler;
import dev.smctl.alerts.Routes;
import dev.smctl.alerts.RoutesLoader;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Secret;
import dev.smctl.sandbox.Sandbox;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The alert receiver's two figures (issue 8): routing-and-deduplication decisions per second on one thread, and
 * the receiver's latency over HTTP under concurrent senders. The shared store is fabric8's CRUD mock API server on
 * loopback (as in the tests); a real API server adds its own round-trip to the first delivery of each incident.
 * A harness, not JMH: each figure is measured after a warm-up, over several seconds.
 *
 * <p>Arguments: {@code [seconds per measurement (default 5)] [HTTP senders (default 8)]}.
 */
public final class AlertsBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final String[] ALERTS = {"ApplicationDown", "HighResponseTime", "HighWebSocketDisconnectRate", "BackupFailed", "ErrorRateElevated"};

    private AlertsBench() {
    }

    public static void main(String[] args) throws Exception {
        // Before the sandbox's health endpoint starts the JVM's first HTTP server (see ReceiverServer).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Duration window = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path work = Files.createTempDirectory("smctl-alerts-bench");
        System.out.printf("# smctl alert receiver benchmark (%s, %d available processors)%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        try (Sandbox cluster = Sandbox.empty(work.resolve("cluster"))) {
            decisionsPerSecond(cluster, window);
            httpLatency(cluster, work, window, senders);
        }
    }

    /** One thread, as a receiver request thread runs: route, then decide against the cached cluster store. */
    private static void decisionsPerSecond(Sandbox cluster, Duration window) {
        System.out.println("## Routing and deduplication decisions per second, one thread");
        Routes routes = RoutesLoader.defaults();
        Counting scheduler = new Counting();
        Clock clock = Clock.systemUTC();
        AlertDispatcher dispatcher = new AlertDispatcher(new CachingDedupStore(new LeaseDedupStore(cluster.client(), "bench-decisions", clock), clock),
                scheduler, routes.retention());
        PayloadParser parser = new PayloadParser();
        // 1,000 incidents (5 alert names x 200 instances): the first delivery of each reaches the cluster.
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            bodies.add(notification(ALERTS[i % ALERTS.length], "backend-" + i, "2026-03-14T03:00:00Z"));
        }
        List<ReceivedAlert> alerts = bodies.stream().map(body -> parser.parse(body).get(0)).toList();
        long firstStarted = System.nanoTime();
        for (ReceivedAlert alert : alerts) {
            dispatcher.decide(alert, routes.route(alert, "alerts[0]"));
        }
        double first = alerts.size() / seconds(System.nanoTime() - firstStarted);

        double repeats = rate(window, i -> {
            ReceivedAlert alert = alerts.get(i % alerts.size());
            dispatcher.decide(alert, routes.route(alert, "alerts[0]"));
        });
        double fromBytes = rate(window, i -> {
            ReceivedAlert alert = parser.parse(bodies.get(i % bodies.size())).get(0);
            dispatcher.decide(alert, routes.route(alert, "alerts[0]"));
        });
        double routingOnly = rate(window, i -> {
            ReceivedAlert alert = alerts.get(i % alerts.size());
            routes.route(alert, "alerts[0]");
        });
        System.out.printf("first delivery of an incident (claim, cooldown, settle in the cluster): %,10.0f /s%n", first);
        System.out.printf("repeat of a known incident (route + cached decision):                   %,10.0f /s%n", repeats);
        System.out.printf("repeat from the body (parse + validate + route + cached decision):      %,10.0f /s%n", fromBytes);
        System.out.printf("routing alone:                                                           %,10.0f /s%n", routingOnly);
        System.out.printf("remediations scheduled: %d of %d incidents (the rest: cooldown per runbook and namespace)%n%n",
                scheduler.count.get(), alerts.size());
    }

    /**
     * Concurrent senders over loopback HTTP, each posting one-alert notifications as fast as answered: mostly repeats
     * of 200 known incidents (a storm), and every 50th a new incident. Every answer includes its audit record on disk.
     */
    private static void httpLatency(Sandbox cluster, Path work, Duration window, int senders) throws Exception {
        System.out.printf("## Receiver latency over HTTP (%d concurrent senders, %d s, audit log fsynced per group commit)%n", senders, window.toSeconds());
        Routes routes = RoutesLoader.defaults();
        Clock clock = Clock.systemUTC();
        Counting scheduler = new Counting();
        DedupStore store = new CachingDedupStore(new LeaseDedupStore(cluster.client(), "bench-http", clock), clock);
        AlertReceiver receiver = new AlertReceiver(Secret.of(TOKEN), new PayloadParser(), routes, new AlertDispatcher(store, scheduler, routes.retention()),
                new AuditLog(work.resolve("audit.jsonl")), "bench", clock);
        List<byte[]> known = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            known.add(notification(ALERTS[i % ALERTS.length], "known-" + i, "2026-03-14T04:00:00Z"));
        }
        AtomicInteger fresh = new AtomicInteger();
        try (ReceiverServer server = ReceiverServer.start(receiver, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), senders)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (byte[] body : known) {
                post(http, server, body);
            }
            run(http, server, known, fresh, senders, Duration.ofSeconds(2));
            Instant started = Instant.now();
            long[] latencies = run(http, server, known, fresh, senders, window);
            double elapsed = Duration.between(started, Instant.now()).toNanos() / 1e9;
            Arrays.sort(latencies);
            System.out.printf("requests: %,d in %.1f s (%,.0f /s), %d new incidents among them%n", latencies.length, elapsed, latencies.length / elapsed, fresh.get());
            System.out.printf("latency:  p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", percentile(latencies, 50), percentile(latencies, 90),
                    percentile(latencies, 99), latencies[latencies.length - 1] / 1e6);
        }
    }

    private static long[] run(HttpClient http, ReceiverServer server, List<byte[]> known, AtomicInteger fresh, int senders, Duration window) throws Exception {
        long deadline = System.nanoTime() + window.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int sender = 0; sender < senders; sender++) {
                int offset = sender;
                results.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    for (int i = offset; System.nanoTime() < deadline; i += senders) {
                        byte[] body = i % 50 == 0
                                ? notification("BackupFailed", "fresh-" + fresh.incrementAndGet(), "2026-03-14T05:00:00Z")
                                : known.get(i % known.size());
                        long start = System.nanoTime();
                        post(http, server, body);
                        latencies.add(System.nanoTime() - start);
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void post(HttpClient http, ReceiverServer server, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.url()).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the receiver answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Calls per second of {@code call} over {@code window}, after a warm-up of a third of it. */
    private static double rate(Duration window, java.util.function.IntConsumer call) {
        long warmUp = System.nanoTime() + window.toNanos() / 3;
        int i = 0;
        while (System.nanoTime() < warmUp) {
            call.accept(i++);
        }
        long start = System.nanoTime();
        long deadline = start + window.toNanos();
        long calls = 0;
        while (System.nanoTime() < deadline) {
            for (int batch = 0; batch < 1000; batch++) {
                call.accept(i++);
            }
            calls += 1000;
        }
        return calls / seconds(System.nanoTime() - start);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)] / 1e6;
    }

    /** A one-alert notification as Alertmanager sends it. */
    private static byte[] notification(String alertname, String instance, String startsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        labels.put("namespace", "production");
        labels.put("severity", "critical");
        labels.put("instance", instance);
        ObjectNode body = JSON.createObjectNode();
        body.put("version", "4").put("status", "firing").put("receiver", "smctl-remediation").put("externalURL", "http://alertmanager:9093")
                .put("groupKey", "{}:{alertname=\"" + alertname + "\"}").put("truncatedAlerts", 0);
        ObjectNode alert = body.putArray("alerts").addObject();
        alert.put("status", "firing");
        ObjectNode labelNode = alert.putObject("labels");
        labels.forEach(labelNode::put);
        alert.putObject("annotations").put("summary", alertname + " on " + instance);
        alert.put("startsAt", startsAt).put("endsAt", "0001-01-01T00:00:00Z").put("generatorURL", "http://prometheus:9090/graph?g0.expr=up")
                .put("fingerprint", Fingerprint.of(labels));
        body.putObject("groupLabels").put("alertname", alertname);
        body.putObject("commonLabels").setAll(labelNode);
        body.putObject("commonAnnotations");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Counts what would be started. */
    private static final class Counting implements RemediationScheduler {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public String schedule(RemediationRequest request) {
            return "bench run " + count.incrementAndGet();
        }

        @Override
        public String cancelWaiting(String correlationId, AlertCause cause) {
            return RemediationScheduler.LEFT_TO_FINISH;
        }
    }
}
