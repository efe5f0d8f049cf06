package dev.smctl.k8s;

import dev.smctl.engine.Waiter;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

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
    private final Waiter waiter;

    public RolloutWait(KubernetesClient client, Waiter waiter) {
        this.client = client;
        this.waiter = waiter;
    }

    public Verification until(Target target, Instant deadline, Progress progress) {
        return waiter.until("the rollout of " + target, deadline, () -> observe(target), progress);
    }

    private Waiter.Observation observe(Target target) {
        Deployment deployment = client.apps().deployments().inNamespace(target.namespace()).withName(target.name()).get();
        if (deployment == null) {
            return Waiter.Observation.failed(target + " disappeared while waiting for its rollout", Map.of());
        }
        RolloutStatus status = RolloutStatus.of(deployment);
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("revision", deployment.getMetadata().getAnnotations().get(RolloutHistory.REVISION));
        observed.put("generation", deployment.getMetadata().getGeneration());
        observed.put("observedGeneration", deployment.getStatus() == null ? null : deployment.getStatus().getObservedGeneration());
        observed.put("replicas", deployment.getSpec().getReplicas());
        observed.put("updatedReplicas", deployment.getStatus() == null ? null : deployment.getStatus().getUpdatedReplicas());
        observed.put("availableReplicas", deployment.getStatus() == null ? null : deployment.getStatus().getAvailableReplicas());
        observed.put("rollout", status.message());
        observed.values().removeIf(Objects::isNull);
        if (status.failure() != null) {
            return Waiter.Observation.failed(status.failure(), observed);
        }
        return status.done() ? Waiter.Observation.done(status.message(), observed) : Waiter.Observation.waiting(status.message(), observed);
    }
}
