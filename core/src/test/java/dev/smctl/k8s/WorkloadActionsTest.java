package dev.smctl.k8s;

import dev.smctl.SandboxCase;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scale, restart and pod deletion against the sandbox with its controllers running. */
class WorkloadActionsTest extends SandboxCase {
    static final Target BACKEND = Target.deployment(NS, Platform.BACKEND);
    static final Target POSTGRES = new Target("statefulset", NS, "postgres");

    ActionResult scale(Target target, Integer replicas, boolean restore) {
        return engine().scale(new Scale.Request(target, replicas, restore, 20, Duration.ofSeconds(15)), asAlice(false), progress());
    }

    Deployment backend() {
        return client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).get();
    }

    @Test
    void scaleToZeroThenRestorePreviousReturnsTheExactOldCount() {
        sandbox.startControllers(TICK);

        ActionResult down = scale(BACKEND, 0, false);
        assertThat(down.status()).as(down.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(client.pods().inNamespace(NS).withLabel("color", "blue").list().getItems()).isEmpty();
        assertThat(down.undo()).isEqualTo("smctl scale deployment/backend -n production --restore-previous");

        ActionResult back = scale(BACKEND, null, true);
        assertThat(back.status()).as(back.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(backend().getSpec().getReplicas()).isEqualTo(3);
        assertThat(backend().getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(backend().getMetadata().getAnnotations()).doesNotContainKey(Scale.PREVIOUS_REPLICAS);
    }

    @Test
    void scalesAStatefulSetAndWaitsForItsPodsToGoAndComeBack() {
        sandbox.startControllers(TICK);

        assertThat(scale(POSTGRES, 0, false).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(client.pods().inNamespace(NS).withName("postgres-0").get()).isNull();
        assertThat(scale(POSTGRES, null, true).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(client.pods().inNamespace(NS).withName("postgres-0").get()).isNotNull();
    }

    @Test
    void refusesToRestoreACountThatWasNeverRecorded() {
        ActionResult result = scale(BACKEND, null, true);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("no previous replica count is recorded").contains("--replicas N");
    }

    @Test
    void skipsWhenTheCountIsAlreadyRight() {
        assertThat(scale(BACKEND, 3, false).status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void rejectsNegativeCountsAndCountsAboveTheCeiling() {
        assertThatThrownBy(() -> new Scale.Request(BACKEND, -1, false, 20, Duration.ofSeconds(1))).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> new Scale.Request(BACKEND, 21, false, 20, Duration.ofSeconds(1)))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("between 0 and 20");
    }

    @Test
    void restartStampsRestartedAtAndWaitsForTheRollout() {
        sandbox.startControllers(TICK);
        String before = client.pods().inNamespace(NS).withLabel("color", "blue").list().getItems().get(0).getMetadata().getName();

        ActionResult result = engine().restart(BACKEND, Duration.ofSeconds(15), asAlice(false), progress());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(backend().getSpec().getTemplate().getMetadata().getAnnotations()).containsKey(Restart.RESTARTED_AT);
        assertThat(backend().getMetadata().getAnnotations()).containsEntry(RolloutHistory.REVISION, "4");
        assertThat(client.pods().inNamespace(NS).withName(before).get()).isNull();
        assertThat(result.message()).isEqualTo("deployment \"backend\" successfully rolled out");
    }

    @Test
    void refusesToRestartAPausedDeployment() {
        client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });

        assertThat(engine().restart(BACKEND, Duration.ofSeconds(1), asAlice(false), progress()).status()).isEqualTo(Status.REFUSED);
    }

    @Test
    void deletesAStatefulSetPodAndWaitsForItsReadyReplacement() {
        sandbox.startControllers(TICK);
        String uid = client.pods().inNamespace(NS).withName("postgres-0").get().getMetadata().getUid();

        ActionResult result = engine().deletePod(new Target("pod", NS, "postgres-0"), Duration.ofSeconds(15), asAlice(false), progress());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.message()).isEqualTo("pod production/postgres-0 recreated and ready");
        assertThat(result.before()).containsEntry("uid", uid);
        assertThat(client.pods().inNamespace(NS).withName("postgres-0").get().getMetadata().getUid()).isNotEqualTo(uid);
    }

    @Test
    void refusesToDeleteAPodThatNothingWouldRecreate() {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("debug-shell").endMetadata()
                .withNewSpec().addNewContainer().withName("sh").withImage("busybox").endContainer().endSpec().build()).create();

        ActionResult result = engine().deletePod(new Target("pod", NS, "debug-shell"), Duration.ofSeconds(1), asAlice(false), progress());

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(client.pods().inNamespace(NS).withName("debug-shell").get()).isNotNull();
    }
}
