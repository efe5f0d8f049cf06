package dev.smctl.k8s;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Target;

import java.net.URI;
import java.time.Duration;

/**
 * A rollback as asked for.
 *
 * @param toRevision 0 for the previous revision (kubectl's default), else an exact revision number
 * @param timeout bound on the rollout wait after the change
 * @param healthUrl probed after the rollout when not {@code null}
 * @param healthTimeout bound on the health probe
 */
public record RollbackRequest(Target target, long toRevision, Duration timeout, URI healthUrl, Duration healthTimeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(60);

    public RollbackRequest {
        if (toRevision < 0) {
            throw new InvalidRequest("--to-revision must be 0 (the previous revision) or a revision number, not " + toRevision);
        }
        requirePositive(timeout, "--timeout");
        requirePositive(healthTimeout, "--health-timeout");
        if (healthUrl != null && !("http".equals(healthUrl.getScheme()) || "https".equals(healthUrl.getScheme()))) {
            throw new InvalidRequest("--health-url must be an http:// or https:// URL");
        }
    }

    public RollbackRequest(Target target) {
        this(target, 0, DEFAULT_TIMEOUT, null, DEFAULT_HEALTH_TIMEOUT);
    }

    private static void requirePositive(Duration duration, String option) {
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new InvalidRequest(option + " must be between 1s and 24h");
        }
    }
}
