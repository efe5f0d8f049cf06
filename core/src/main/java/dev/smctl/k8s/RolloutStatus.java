package dev.smctl.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

import java.util.Objects;

/**
 * kubectl's rollout status for a Deployment (pkg/polymorphichelpers/rollout_status.go): one observation in,
 * a message with counts and whether the rollout is done out. The waiting loop is {@link RolloutWait}.
 *
 * @param failure set when the rollout can no longer succeed by waiting (the progress deadline passed)
 */
public record RolloutStatus(String message, boolean done, String failure) {
    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    public static RolloutStatus of(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        DeploymentStatus status = Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
        long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
        long observed = Objects.requireNonNullElse(status.getObservedGeneration(), 0L);
        if (generation > observed) {
            return waiting("Waiting for deployment spec update to be observed...");
        }
        boolean deadlineExceeded = status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()))
                .map(DeploymentCondition::getReason)
                .anyMatch(PROGRESS_DEADLINE_EXCEEDED::equals);
        if (deadlineExceeded) {
            return new RolloutStatus("deployment \"%s\" exceeded its progress deadline".formatted(name), false,
                    "deployment \"%s\" exceeded its progress deadline".formatted(name));
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int updated = count(status.getUpdatedReplicas());
        int replicas = count(status.getReplicas());
        int available = count(status.getAvailableReplicas());
        if (updated < desired) {
            return waiting("Waiting for deployment \"%s\" rollout to finish: %d out of %d new replicas have been updated..."
                    .formatted(name, updated, desired));
        }
        if (replicas > updated) {
            return waiting("Waiting for deployment \"%s\" rollout to finish: %d old replicas are pending termination..."
                    .formatted(name, replicas - updated));
        }
        if (available < updated) {
            return waiting("Waiting for deployment \"%s\" rollout to finish: %d of %d updated replicas are available..."
                    .formatted(name, available, updated));
        }
        return new RolloutStatus("deployment \"%s\" successfully rolled out".formatted(name), true, null);
    }

    private static RolloutStatus waiting(String message) {
        return new RolloutStatus(message, false, null);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
