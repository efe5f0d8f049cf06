package dev.smctl.engine;


import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one waiting loop: observe, report when the message changes, stop when done, failed or past an absolute
 * deadline. What to observe and how to judge it is the caller's pure function.
 */
public final class Waiter {
    /**
     * One look at the cluster.
     *
     * @param failure set when waiting longer cannot help
     * @param observed state worth recording as "after"
     */
    public record Observation(String message, boolean done, String failure, Map<String, Object> observed) {
        public static Observation waiting(String message, Map<String, Object> observed) {
            return new Observation(message, false, null, observed);
        }

        public static Observation done(String message, Map<String, Object> observed) {
            return new Observation(message, true, null, observed);
        }

        public static Observation failed(String failure, Map<String, Object> observed) {
            return new Observation(failure, false, failure, observed);
        }
    }

    private final Duration pollInterval;
    private final Clock clock;

    public Waiter(Duration pollInterval, Clock clock) {
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * @param what what is awaited, for the timeout message ("the rollout of deployment production/backend")
     */
    public Verification until(String what, Instant deadline, Supplier<Observation> observe, Progress progress) {
        Instant started = clock.instant();
        String lastMessage = null;
        while (true) {
            Observation observation = observe.get();
            if (!observation.message().equals(lastMessage)) {
                progress.report("wait", observation.message());
                lastMessage = observation.message();
            }
            if (observation.failure() != null) {
                return Verification.failed(observation.failure(), observation.observed());
            }
            if (observation.done()) {
                return Verification.passed(observation.message(), observation.observed());
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return Verification.failed("timed out after %s waiting for %s: %s"
                        .formatted(Durations.format(Duration.between(started, now)), what, observation.message()), observation.observed());
            }
            Duration left = Duration.between(now, deadline);
            sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
        }
    }

    public void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
