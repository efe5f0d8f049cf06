package dev.smctl.k8s;

import dev.smctl.SandboxCase;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.sandbox.ImageHealth;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Rollback against the CRUD mock API server, seeded with releases 2.1.0 (rev 1), 2.2.0 (rev 2), 2.3.0 (rev 3, live). */
class RollbackTest extends SandboxCase {
    static final Target BACKEND = Target.deployment(NS, Platform.BACKEND);

    ActionResult rollback(RollbackRequest request, Gate gate, boolean dryRun) {
        Invocation invocation = new Invocation(Actor.user("alice"), "P0-01: 2.3.0 crash-loops", "smctl", dryRun);
        return engine(gate).rollback(request, invocation, progress());
    }

    ActionResult rollback(long toRevision, Duration timeout) {
        return rollback(new RollbackRequest(BACKEND, toRevision, timeout, null, Duration.ofSeconds(5)), Gate.NONE, false);
    }

    ActionResult rollbackWithController(long toRevision) {
        sandbox.startControllers(TICK);
        return rollback(toRevision, Duration.ofSeconds(20));
    }

    Deployment backend() {
        return client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).get();
    }

    String liveImage() {
        return backend().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    boolean lockExists() {
        return client.leases().inNamespace(NS).withName(LeaseLock.leaseName(BACKEND)).get() != null;
    }

    @Test
    @DisplayName("with no revision given, rolls back to the second-highest revision")
    void rollsBackToPreviousRevisionWhenNoneIsGiven() {
        ActionResult result = rollbackWithController(0);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(liveImage()).isEqualTo(Platform.IMAGE + "2.2.0");
        assertThat(result.summary()).contains("from revision 3").contains("to revision 2");
        assertThat(result.after()).containsEntry("revision", "4");
        assertThat(result.undo()).isEqualTo("smctl rollback backend -n production --to-revision 3");
    }

    @Test
    void rollsBackToTheRequestedRevision() {
        ActionResult result = rollbackWithController(1);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(liveImage()).isEqualTo(Platform.IMAGE + "2.1.0");
    }

    @Test
    void refusesARevisionThatIsNotInTheHistoryAndChangesNothing() {
        String before = backend().getMetadata().getResourceVersion();

        ActionResult result = rollback(7, Duration.ofSeconds(5));

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).contains("revision 7 not found").contains("[1, 2, 3]").contains("kubectl rollout history");
        assertThat(backend().getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void refusesWhenThereIsNoEarlierRevision() {
        client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
                .filter(rs -> !"3".equals(rs.getMetadata().getAnnotations().get(RolloutHistory.REVISION)))
                .forEach(rs -> client.apps().replicaSets().inNamespace(NS).resource(rs).delete());

        ActionResult result = rollback(0, Duration.ofSeconds(5));

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.message()).contains("no rollout history found");
    }

    @Test
    void refusesPausedDeploymentAndNamesTheResumeCommand() {
        client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });

        ActionResult result = rollback(0, Duration.ofSeconds(5));

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("paused").contains("kubectl rollout resume deployment/backend -n production");
        assertThat(liveImage()).isEqualTo(Platform.IMAGE + "2.3.0");
    }

    @Test
    void skipsWhenTemplateAlreadyMatches() {
        rollbackWithController(2);
        sandbox.stopControllers();
        String version = backend().getMetadata().getResourceVersion();

        ActionResult again = rollback(4, Duration.ofSeconds(5));

        assertThat(again.status()).isEqualTo(Status.SKIPPED);
        assertThat(again.exitCode()).isZero();
        assertThat(again.message()).contains("current template already matches revision 4");
        assertThat(backend().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void stripsThePodTemplateHashLabelBeforePatching() {
        ActionResult result = rollback(2, Duration.ofSeconds(1));

        assertThat(result.changes()).isNotEmpty();
        assertThat(backend().getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainKey(RolloutHistory.HASH_LABEL)
                .containsEntry("color", "blue");
    }

    @Test
    @DisplayName("keeps the Deployment's skip-list annotations, takes the rest from the ReplicaSet, drops the Deployment's others")
    void followsKubectlsAnnotationRule() {
        client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).edit(d -> {
            d.getMetadata().getAnnotations().put("kubectl.kubernetes.io/last-applied-configuration", "{\"kept\":true}");
            d.getMetadata().getAnnotations().put("team.example.com/only-on-deployment", "dropped");
            return d;
        });
        ReplicaSet revision2 = replicaSet(2);
        client.apps().replicaSets().inNamespace(NS).withName(revision2.getMetadata().getName()).edit(rs -> {
            rs.getMetadata().getAnnotations().put("team.example.com/from-replicaset", "copied");
            return rs;
        });

        rollback(2, Duration.ofSeconds(1));

        assertThat(backend().getMetadata().getAnnotations())
                .containsEntry("kubectl.kubernetes.io/last-applied-configuration", "{\"kept\":true}")
                .containsEntry(RolloutHistory.REVISION, "3")
                .containsEntry("team.example.com/from-replicaset", "copied")
                .doesNotContainKey("team.example.com/only-on-deployment");
    }

    @Test
    void recordsWhoRolledBackAndWhyAsTheChangeCause() {
        rollbackWithController(2);

        String cause = backend().getMetadata().getAnnotations().get(RolloutHistory.CHANGE_CAUSE);
        assertThat(cause).isEqualTo("rollback from revision 3 to 2 by alice via smctl: P0-01: 2.3.0 crash-loops");
        assertThat(replicaSet(4).getMetadata().getAnnotations()).containsEntry(RolloutHistory.CHANGE_CAUSE, cause);
    }

    @Test
    void ignoresReplicaSetsThatMatchTheSelectorButBelongToSomeoneElse() {
        ReplicaSet impostor = new ReplicaSetBuilder(replicaSet(1)).editMetadata().withName("backend-impostor")
                .withResourceVersion(null).withUid(null).withOwnerReferences().addToAnnotations(RolloutHistory.REVISION, "9").endMetadata().build();
        impostor.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil.example.com/miner:latest");
        client.apps().replicaSets().inNamespace(NS).resource(impostor).create();

        ActionResult result = rollback(9, Duration.ofSeconds(1));

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("revision 9 not found");
        assertThat(liveImage()).isEqualTo(Platform.IMAGE + "2.3.0");
    }

    @Test
    void skipsReplicaSetsWithoutAReadableRevision() {
        client.apps().replicaSets().inNamespace(NS).withName(replicaSet(2).getMetadata().getName()).edit(rs -> {
            rs.getMetadata().getAnnotations().put(RolloutHistory.REVISION, "not-a-number");
            return rs;
        });

        ActionResult result = rollback(0, Duration.ofSeconds(1));

        assertThat(result.summary()).contains("to revision 1");
    }

    @Test
    void waitsForTheRolloutToComplete() {
        ActionResult result = rollbackWithController(0);

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.message()).isEqualTo("deployment \"backend\" successfully rolled out");
        assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.startsWith("Waiting for deployment"));
        Deployment live = backend();
        assertThat(live.getStatus().getObservedGeneration()).isEqualTo(live.getMetadata().getGeneration());
    }

    @Test
    void failsWhenTheProgressDeadlineIsExceeded() {
        client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND).edit(d -> {
            d.getSpec().setProgressDeadlineSeconds(1);
            return d;
        });
        sandbox.images().breakImage(Platform.IMAGE + "2.2.0", ImageHealth.Failure.IMAGE_PULL);

        ActionResult result = rollbackWithController(2);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).contains("exceeded its progress deadline").contains("--to-revision 3");
        assertThat(lockExists()).isFalse();
    }

    @Test
    void failsWhenTheRolloutDoesNotFinishInTime() {
        ActionResult result = rollback(0, Duration.ofMillis(500));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("timed out after").contains("Waiting for deployment spec update to be observed");
    }

    @Test
    void releasesTheLockAfterAFailure() {
        ActionResult result = rollback(0, Duration.ofMillis(300));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(lockExists()).isFalse();
        assertThat(events).extracting(ProgressEvent::message).contains("released " + BACKEND);
    }

    @Test
    @DisplayName("a Deployment changed between read and patch is not clobbered")
    void doesNotClobberAConcurrentChange() {
        String concurrent = Platform.IMAGE + "2.5.0-hotfix";
        Gate someoneDeploysMeanwhile = (plan, invocation) -> client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND)
                .edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(concurrent);
                    return d;
                });

        ActionResult result = rollback(new RollbackRequest(BACKEND, 0, Duration.ofSeconds(1), null, Duration.ofSeconds(1)),
                someoneDeploysMeanwhile, false);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("changed while we worked").contains("nothing was changed");
        assertThat(liveImage()).isEqualTo(concurrent);
        assertThat(lockExists()).isFalse();
    }

    @Test
    void replansAndGoesOnWhenAConcurrentChangeLeavesThePlanAsItWas() {
        Gate someoneScalesMeanwhile = (plan, invocation) -> client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND)
                .edit(d -> {
                    d.getSpec().setReplicas(4);
                    return d;
                });
        sandbox.startControllers(TICK);

        ActionResult result = rollback(new RollbackRequest(BACKEND, 0, Duration.ofSeconds(20), null, Duration.ofSeconds(1)),
                someoneScalesMeanwhile, false);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(backend().getSpec().getReplicas()).isEqualTo(4);
        assertThat(liveImage()).isEqualTo(Platform.IMAGE + "2.2.0");
        assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.contains("planning again"));
    }

    @Test
    void refusesASecondRollbackOfTheSameDeploymentWhileTheFirstRuns() throws Exception {
        CompletableFuture<ActionResult> first = CompletableFuture.supplyAsync(() -> rollback(0, Duration.ofSeconds(20)));
        waitUntil(this::lockExists);

        ActionResult second = rollback(1, Duration.ofSeconds(5));
        sandbox.startControllers(TICK);

        assertThat(second.status()).isEqualTo(Status.REFUSED);
        assertThat(second.message()).contains("is locked by alice via smctl").contains("kubectl delete lease");
        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(liveImage()).isEqualTo(Platform.IMAGE + "2.2.0");
    }

    @Test
    void takesOverALockWhoseHolderStoppedRenewingIt() {
        ZonedDateTime longAgo = ZonedDateTime.now().minusMinutes(10);
        client.leases().inNamespace(NS).resource(new LeaseBuilder().withNewMetadata().withName(LeaseLock.leaseName(BACKEND)).endMetadata()
                .withNewSpec().withHolderIdentity("bob via Jenkins job #7 (crashed)").withLeaseDurationSeconds(60)
                .withAcquireTime(longAgo).withRenewTime(longAgo).endSpec().build()).create();

        ActionResult result = rollbackWithController(0);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.contains("took over the expired lock of bob"));
    }

    @Test
    void dryRunShowsTheExactChangeAndChangesNothing() {
        String version = backend().getMetadata().getResourceVersion();

        ActionResult result = rollback(new RollbackRequest(BACKEND), Gate.NONE, true);

        assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.dryRun()).isTrue();
        assertThat(result.message()).startsWith("dry run: would roll back deployment production/backend from revision 3");
        assertThat(result.changes()).anySatisfy(change -> {
            assertThat(change.path()).isEqualTo("/spec/template/spec/containers/0/image");
            assertThat(change.before()).isEqualTo(Platform.IMAGE + "2.3.0");
            assertThat(change.after()).isEqualTo(Platform.IMAGE + "2.2.0");
        });
        assertThat(backend().getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(lockExists()).isFalse();
    }

    @Test
    void changesWithKubectlsThreeRequestsPlusTheLock() {
        sandbox.takeRequests();

        ActionResult result = rollback(0, Duration.ofMillis(1));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        List<String> requests = sandbox.takeRequests();
        String deployment = "GET /apis/apps/v1/namespaces/production/deployments/backend";
        String lease = "/apis/coordination.k8s.io/v1/namespaces/production/leases";
        // The change is kubectl's get, list, patch; the lock adds create, get, delete; the rest is the rollout wait.
        assertThat(requests.subList(0, 4)).containsExactly(
                "POST " + lease,
                deployment,
                "GET /apis/apps/v1/namespaces/production/replicasets?labelSelector=component%3Dbackend%2Ccolor%3Dblue",
                "PATCH /apis/apps/v1/namespaces/production/deployments/backend");
        assertThat(requests.subList(4, requests.size() - 2)).isNotEmpty().containsOnly(deployment);
        assertThat(requests.subList(requests.size() - 2, requests.size()))
                .containsExactly("GET " + lease + "/smctl-lock-deployment-backend", "DELETE " + lease + "/smctl-lock-deployment-backend");
    }

    @Test
    void refusesAnUnknownNamespaceAsBadInput() {
        ActionResult result = rollback(new RollbackRequest(Target.deployment("nowhere", "backend")), Gate.NONE, false);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).isEqualTo("namespace nowhere does not exist in this cluster; check -n and --context");
    }

    @Test
    void probesTheHealthUrlAfterTheRollout() {
        String image = Platform.IMAGE + "2.3.0";
        sandbox.images().breakImage(image, ImageHealth.Failure.CRASH_LOOP);
        sandbox.startControllers(TICK);
        waitUntil(() -> backend().getStatus().getAvailableReplicas() == 0);

        ActionResult result = rollback(new RollbackRequest(BACKEND, 0, Duration.ofSeconds(20), sandbox.healthUrl(), Duration.ofSeconds(10)),
                Gate.NONE, false);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.message()).contains("health http://").contains("answered HTTP 200");
        assertThat(result.after()).containsEntry("health", "HTTP 200");
    }

    @Test
    void failsWhenTheHealthUrlStaysUnhealthy() {
        sandbox.startControllers(TICK);
        URI nothingListens = URI.create("http://127.0.0.1:9/health");

        ActionResult result = rollback(new RollbackRequest(BACKEND, 0, Duration.ofSeconds(20), nothingListens, Duration.ofMillis(300)),
                Gate.NONE, false);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("successfully rolled out").contains("timed out after").contains("waiting for health http://127.0.0.1:9/health to answer 2xx");
    }

    @Test
    void recordsEveryRunInAnIntactAuditChain() throws Exception {
        rollbackWithController(0);
        rollback(7, Duration.ofSeconds(1));

        assertThat(AuditVerifier.verify(audit.file()).intact()).isTrue();
        assertThat(AuditLog.read(audit.file())).extracting(r -> r.path("outcome").asText()).containsExactly("succeeded", "refused");
        assertThat(AuditLog.read(audit.file()).get(0).path("before").path("revision").asLong()).isEqualTo(3);
        assertThat(AuditLog.read(audit.file()).get(0).path("after").path("revision").asText()).isEqualTo("4");
    }

    private ReplicaSet replicaSet(long revision) {
        return client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
                .filter(rs -> String.valueOf(revision).equals(rs.getMetadata().getAnnotations().get(RolloutHistory.REVISION)))
                .findFirst().orElseThrow();
    }
}
