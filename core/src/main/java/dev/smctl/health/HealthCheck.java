package dev.smctl.health;

import dev.smctl.engine.Progress;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Verification;
import dev.smctl.engine.Waiter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Probes an HTTP health endpoint (the runbook's {@code /health}) until it answers 2xx or a deadline passes, with
 * the same wait loop as every other check. The URL may carry credentials; they never reach a message or a record.
 */
public final class HealthCheck {
    private static final Duration PER_REQUEST = Duration.ofSeconds(5);

    private final HttpClient http;
    private final Waiter waiter;

    public HealthCheck(HttpClient http, Waiter waiter) {
        this.http = http;
        this.waiter = waiter;
    }

    public Verification probe(URI url, Instant deadline, Progress progress) {
        String shown = Redaction.url(url);
        return waiter.until("health %s to answer 2xx".formatted(shown), deadline, () -> once(url, shown, deadline), progress);
    }

    private Waiter.Observation once(URI url, String shown, Instant deadline) {
        Duration left = Duration.between(waiter.clock().instant(), deadline);
        Duration timeout = left.compareTo(PER_REQUEST) < 0 && left.toMillis() > 0 ? left : PER_REQUEST;
        String answer;
        try {
            int status = http.send(HttpRequest.newBuilder(url).GET().timeout(timeout).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            answer = "HTTP " + status;
            if (status / 100 == 2) {
                return Waiter.Observation.done("health %s answered %s".formatted(shown, answer), Map.of("health", answer));
            }
        } catch (IOException e) {
            answer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Redaction.text(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Waiter.Observation.failed("interrupted while probing " + shown, Map.of());
        }
        return Waiter.Observation.waiting("health %s answers %s".formatted(shown, answer), Map.of("health", answer));
    }
}
