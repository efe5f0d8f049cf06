package dev.smctl.k8s;

import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import dev.smctl.engine.Durations;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Waits for a Deployment's rollout by {@link RolloutStatus}'s rules, until an absolute deadline (kubectl waits
 * forever by default; a remediation must not).
 */
public final class RolloutWait {
    private final KubernetesClient client;
    private final Duration pollInterval;
    private final Clock clock;

    public RolloutWait(KubernetesClient client, Duration pollInterval, Clock clock) {
        this.client = client;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    public Verification until(Target target, Instant deadline, Progress progress) {
        Instant started = clock.instant();
        String lastMessage = null;
        while (true) {
            Deployment deployment = client.apps().deployments().inNamespace(target.namespace()).withName(target.name()).get();
            if (deployment == null) {
                return Verification.failed("%s disappeared while waiting for its rollout".formatted(target), Map.of());
            }
            RolloutStatus status = RolloutStatus.of(deployment);
            Map<String, Object> observed = observed(deployment, status);
            if (!status.message().equals(lastMessage)) {
                progress.report("rollout", status.message());
                lastMessage = status.message();
            }
            if (status.failure() != null) {
                return Verification.failed(status.failure(), observed);
            }
            if (status.done()) {
                return Verification.passed(status.message(), observed);
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return Verification.failed("timed out after %s waiting for the rollout of %s: %s"
                        .formatted(Durations.format(Duration.between(started, now)), target, status.message()), observed);
            }
            sleep(Duration.between(now, deadline).compareTo(pollInterval) < 0 ? Duration.between(now, deadline) : pollInterval);
        }
    }

    private static Map<String, Object> observed(Deployment deployment, RolloutStatus status) {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("revision", deployment.getMetadata().getAnnotations().get(RolloutHistory.REVISION));
        observed.put("generation", deployment.getMetadata().getGeneration());
        observed.put("observedGeneration", deployment.getStatus() == null ? null : deployment.getStatus().getObservedGeneration());
        observed.put("replicas", deployment.getSpec().getReplicas());
        observed.put("updatedReplicas", deployment.getStatus() == null ? null : deployment.getStatus().getUpdatedReplicas());
        observed.put("availableReplicas", deployment.getStatus() == null ? null : deployment.getStatus().getAvailableReplicas());
        observed.put("rollout", status.message());
        observed.values().removeIf(Objects::isNull);
        return observed;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
