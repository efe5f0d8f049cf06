package dev.smctl.health;

import dev.smctl.engine.Durations;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Verification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Probes an HTTP health endpoint (the runbook's {@code /health}) until it answers 2xx or a deadline passes.
 * The URL may carry credentials; they never reach a message or a record.
 */
public final class HealthCheck {
    private static final Duration PER_REQUEST = Duration.ofSeconds(5);

    private final HttpClient http;
    private final Duration interval;
    private final Clock clock;

    public HealthCheck(HttpClient http, Duration interval, Clock clock) {
        this.http = http;
        this.interval = interval;
        this.clock = clock;
    }

    public Verification probe(URI url, Instant deadline, Progress progress) {
        String shown = Redaction.url(url);
        Instant started = clock.instant();
        int tries = 0;
        String last = "no answer";
        String reported = null;
        while (true) {
            tries++;
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).GET()
                                .timeout(left.compareTo(PER_REQUEST) < 0 && !left.isNegative() && !left.isZero() ? left : PER_REQUEST).build(),
                        HttpResponse.BodyHandlers.discarding());
                last = "HTTP " + response.statusCode();
                if (response.statusCode() / 100 == 2) {
                    return Verification.passed("health %s answered %s after %d %s".formatted(shown, last, tries, tries == 1 ? "try" : "tries"),
                            Map.of("health", last));
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Redaction.text(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verification.failed("interrupted while probing " + shown, Map.of("health", last));
            }
            if (!last.equals(reported)) {
                progress.report("health", "%s: %s".formatted(shown, last));
                reported = last;
            }
            Instant now = clock.instant();
            if (!now.plus(interval).isBefore(deadline)) {
                return Verification.failed("health %s still answers %s after %s (%d tries)"
                        .formatted(shown, last, Durations.format(Duration.between(started, now)), tries), Map.of("health", last));
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verification.failed("interrupted while probing " + shown, Map.of("health", last));
            }
        }
    }
}
