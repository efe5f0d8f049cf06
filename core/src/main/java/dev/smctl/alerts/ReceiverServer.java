package dev.smctl.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An {@link AlertReceiver} on the JDK's HTTP server at {@code POST /alerts}: the break-glass receiver of
 * {@code smctl alerts serve} (Jenkins has its own endpoint). Reads at most one byte more than the receiver accepts,
 * so a huge body costs no memory.
 */
public final class ReceiverServer implements AutoCloseable {
    public static final String PATH = "/alerts";
    private static final long DRAIN_LIMIT = 64L << 20;

    static {
        // The JDK server writes headers and body as two segments without TCP_NODELAY: Nagle's algorithm and the
        // client's delayed ACK then hold every answer about 40 ms. The property is read when the first server of
        // the JVM starts, so it only helps where this is the first (smctl alerts serve); an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;

    private ReceiverServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * @param address where to listen; port 0 picks a free one ({@link #url()} tells which)
     * @param threads how many requests are handled at once
     */
    public static ReceiverServer start(AlertReceiver receiver, InetSocketAddress address, int threads) {
        try {
            HttpServer server = HttpServer.create(address, 64);
            ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "alert-receiver");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(pool);
            server.createContext(PATH, exchange -> handle(receiver, exchange));
            server.start();
            return new ReceiverServer(server, pool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on %s: %s".formatted(address, e.getMessage()), e);
        }
    }

    public URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://%s:%d%s".formatted(address.getAddress().getHostAddress(), address.getPort(), PATH));
    }

    private static void handle(AlertReceiver receiver, HttpExchange exchange) throws IOException {
        try (exchange) {
            AlertReceiver.Response response;
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                response = new AlertReceiver.Response(404, "{\"status\":404,\"error\":\"not found: POST to " + PATH + "\"}");
            } else if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                response = new AlertReceiver.Response(405, "{\"status\":405,\"error\":\"only POST is accepted\"}");
            } else {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes(receiver.maxBodyBytes() + 1);
                    if (body.length > receiver.maxBodyBytes()) {
                        discard(in, DRAIN_LIMIT);
                    }
                }
                response = receiver.receive(body, exchange.getRequestHeaders()::getFirst);
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Reads and drops what is left of an oversized body, up to {@code limit} bytes, so the client is still reading
     * when the 413 arrives (a client cut off while sending sees a reset connection, not our answer). Beyond the
     * limit the connection is closed.
     */
    private static void discard(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long total = 0; total < limit; ) {
            int read = in.read(buffer);
            if (read < 0) {
                return;
            }
            total += read;
        }
    }

    /** Stops accepting, lets running requests finish for up to a second. */
    @Override
    public void close() {
        server.stop(1);
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
