package dev.smctl.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The backend's {@code /health}, as the runbook probes it through its Service: 200 or 503. Served on a
 * loopback port.
 */
public final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;

    public HealthEndpoint(KubernetesClient client, ImageHealth images, String namespace, String service) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> answer(exchange, client, images, namespace, service));
        server.start();
    }

    /**
     * Healthy when the Service selects at least one pod, every selected pod is ready, and none runs an image
     * that serves errors: what a request through the Service would find.
     */
    private static void answer(HttpExchange exchange, KubernetesClient client, ImageHealth images, String namespace, String service)
            throws IOException {
        Service live = client.services().inNamespace(namespace).withName(service).get();
        List<Pod> pods = live == null || live.getSpec().getSelector().isEmpty() ? List.of()
                : client.pods().inNamespace(namespace).withLabels(live.getSpec().getSelector()).list().getItems();
        long ready = pods.stream().filter(p -> Kubelet.isReady(p.getStatus())).count();
        boolean servesErrors = pods.stream().map(p -> p.getSpec().getContainers().get(0).getImage())
                .anyMatch(image -> images.failureOf(image).isPresent());
        boolean healthy = !pods.isEmpty() && ready == pods.size() && !servesErrors;
        byte[] body = ("{\"status\":\"%s\",\"ready\":%d,\"pods\":%d}"
                .formatted(healthy ? "ok" : "unavailable", ready, pods.size())).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/health");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
