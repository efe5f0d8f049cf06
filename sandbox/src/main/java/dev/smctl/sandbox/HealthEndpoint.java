package dev.smctl.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The backend's {@code /health}, as the runbook probes it: 200 while every replica of the backend is
 * available, 503 otherwise. Served on a loopback port.
 */
public final class HealthEndpoint implements AutoCloseable {
    private final HttpServer server;

    public HealthEndpoint(KubernetesClient client, String namespace, String deployment) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> answer(exchange, client.apps().deployments().inNamespace(namespace).withName(deployment).get()));
        server.start();
    }

    private static void answer(HttpExchange exchange, Deployment deployment) throws IOException {
        int desired = deployment == null || deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int available = deployment == null || deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null
                ? 0 : deployment.getStatus().getAvailableReplicas();
        boolean healthy = desired > 0 && available >= desired;
        byte[] body = ("{\"status\":\"%s\",\"available\":%d,\"desired\":%d}"
                .formatted(healthy ? "ok" : "unavailable", available, desired)).getBytes(StandardCharsets.UTF_8);
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
