package dev.smctl.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxTest {
    @TempDir
    Path dir;
    Sandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(dir);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void seedsTheBackendWithOneRevisionPerRelease() {
        Deployment backend = backend();
        assertThat(backend.getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "3");
        assertThat(replicaSets()).extracting(DeploymentController::revision).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(backend.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(backend.getStatus().getObservedGeneration()).isEqualTo(backend.getMetadata().getGeneration());
        assertThat(pods("color", "blue")).hasSize(3).allMatch(p -> p.getStatus().getContainerStatuses().get(0).getReady());
        assertThat(sandbox.client().pods().inNamespace(Platform.NAMESPACE).withName("postgres-0").get().getStatus().getPhase()).isEqualTo("Running");
        assertThat(pods("color", "green")).hasSize(3);
        assertThat(sandbox.client().services().inNamespace(Platform.NAMESPACE).withName("backend").get().getSpec().getSelector())
                .containsEntry("color", "blue");
    }

    @Test
    void aBrokenReleaseCrashLoopsAndTheHealthEndpointSaysSo() throws Exception {
        assertThat(healthStatus()).isEqualTo(200);
        String image = Platform.IMAGE + "2.4.0";
        sandbox.controller().release(Platform.NAMESPACE, Platform.BACKEND, image, "deploy 2.4.0");
        sandbox.images().breakImage(image, ImageHealth.Failure.CRASH_LOOP);
        sandbox.controller().settle(Platform.NAMESPACE, Platform.BACKEND);

        assertThat(backend().getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION, "4");
        assertThat(pods("color", "blue")).hasSize(3)
                .allMatch(p -> "CrashLoopBackOff".equals(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()));
        assertThat(healthStatus()).isEqualTo(503);
    }

    @Test
    void reusesAndRenumbersTheReplicaSetOfAnEarlierTemplate() {
        sandbox.controller().release(Platform.NAMESPACE, Platform.BACKEND, Platform.IMAGE + "2.2.0", "back to 2.2.0");

        assertThat(replicaSets()).hasSize(3);
        ReplicaSet reused = replicaSets().stream().filter(rs -> DeploymentController.revision(rs) == 4).findFirst().orElseThrow();
        assertThat(reused.getMetadata().getAnnotations()).containsEntry(DeploymentController.REVISION_HISTORY, "2")
                .containsEntry("kubernetes.io/change-cause", "back to 2.2.0");
    }

    @Test
    void recreatesADeletedStatefulSetPodUnderTheSameName() {
        String uid = sandbox.client().pods().inNamespace(Platform.NAMESPACE).withName("postgres-0").get().getMetadata().getUid();
        sandbox.client().pods().inNamespace(Platform.NAMESPACE).withName("postgres-0").delete();
        sandbox.settle();

        Pod recreated = sandbox.client().pods().inNamespace(Platform.NAMESPACE).withName("postgres-0").get();
        assertThat(recreated.getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(recreated.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
    }

    @Test
    void servesPodLogsAndMetricsLikeAnApiServer() {
        Pod pod = pods("color", "blue").get(0);
        String log = sandbox.client().pods().inNamespace(Platform.NAMESPACE).withName(pod.getMetadata().getName()).tailingLines(2).getLog();
        assertThat(log).isEqualTo("INFO Connected to Redis at redis:6379\nINFO Server listening on port 3000\n");
        assertThat(sandbox.client().top().pods().metrics(Platform.NAMESPACE).getItems()).hasSizeGreaterThan(6);
    }

    @Test
    void writesAKubeconfigForTheSandbox() throws Exception {
        assertThat(Files.readString(sandbox.kubeconfig())).contains("server: " + sandbox.apiUrl()).contains("namespace: production");
    }

    private Deployment backend() {
        return sandbox.client().apps().deployments().inNamespace(Platform.NAMESPACE).withName(Platform.BACKEND).get();
    }

    private List<ReplicaSet> replicaSets() {
        return sandbox.client().apps().replicaSets().inNamespace(Platform.NAMESPACE).withLabel("color", "blue").list().getItems();
    }

    private List<Pod> pods(String label, String value) {
        return sandbox.client().pods().inNamespace(Platform.NAMESPACE).withLabel(label, value).list().getItems();
    }

    private int healthStatus() throws Exception {
        URI url = sandbox.healthUrl();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
