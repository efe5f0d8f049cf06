package dev.smctl.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl's rollout status messages, checked word for word: they are what the operator reads. */
class RolloutStatusTest {
    static Deployment deployment(long generation, long observed, int desired, int replicas, int updated, int available, String progressingReason) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("backend").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(desired).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(replicas).withUpdatedReplicas(updated)
                .withAvailableReplicas(available)
                .addNewCondition().withType("Progressing").withStatus("True").withReason(progressingReason).endCondition()
                .endStatus()
                .build();
    }

    static Stream<Arguments> situations() {
        return Stream.of(
                Arguments.of("spec not yet observed", deployment(5, 4, 3, 3, 3, 3, "NewReplicaSetAvailable"),
                        "Waiting for deployment spec update to be observed...", false, false),
                Arguments.of("progress deadline exceeded", deployment(5, 5, 3, 3, 1, 0, "ProgressDeadlineExceeded"),
                        "deployment \"backend\" exceeded its progress deadline", false, true),
                Arguments.of("new replicas still being updated", deployment(5, 5, 3, 4, 1, 3, "ReplicaSetUpdated"),
                        "Waiting for deployment \"backend\" rollout to finish: 1 out of 3 new replicas have been updated...", false, false),
                Arguments.of("old replicas pending termination", deployment(5, 5, 3, 5, 3, 3, "ReplicaSetUpdated"),
                        "Waiting for deployment \"backend\" rollout to finish: 2 old replicas are pending termination...", false, false),
                Arguments.of("updated replicas not yet available", deployment(5, 5, 3, 3, 3, 1, "ReplicaSetUpdated"),
                        "Waiting for deployment \"backend\" rollout to finish: 1 of 3 updated replicas are available...", false, false),
                Arguments.of("complete", deployment(5, 5, 3, 3, 3, 3, "NewReplicaSetAvailable"),
                        "deployment \"backend\" successfully rolled out", true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void followsKubectlsOrderOfChecks(String situation, Deployment deployment, String message, boolean done, boolean failed) {
        RolloutStatus status = RolloutStatus.of(deployment);

        assertThat(status.message()).isEqualTo(message);
        assertThat(status.done()).isEqualTo(done);
        assertThat(status.failure() != null).isEqualTo(failed);
    }
}
