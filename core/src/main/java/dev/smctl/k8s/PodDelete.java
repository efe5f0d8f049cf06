package dev.smctl.k8s;

import dev.smctl.engine.Waiter;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Conflict;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes a pod so that its controller recreates it (the runbook's P0-01 B: {@code postgres-0} is down), then
 * waits until the replacement is ready. Refuses a pod no controller would bring back.
 */
public final class PodDelete implements Action<PodDelete.Plan> {
    public record Plan(String summary, String uid, String resourceVersion, String controllerKind, String controllerName,
                       List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo)
            implements dev.smctl.engine.Plan {
    }

    private final KubernetesClient client;
    private final Target pod;
    private final Duration timeout;
    private final Waiter waiter;

    public PodDelete(KubernetesClient client, Target pod, Duration timeout, Waiter waiter) {
        this.client = client;
        this.pod = pod;
        this.timeout = timeout;
        this.waiter = waiter;
    }

    @Override
    public String name() {
        return "pod-delete";
    }

    @Override
    public Target target() {
        return pod;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("timeout", timeout.toString());
    }

    @Override
    public Plan plan() {
        Pod live = Lookups.require(client, Pod.class, pod);
        OwnerReference controller = live.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .orElseThrow(() -> new Refused("%s has no controller: deleted, it would not come back; nothing was changed".formatted(pod)));
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("uid", live.getMetadata().getUid());
        before.put("phase", live.getStatus() == null ? "Unknown" : live.getStatus().getPhase());
        before.put("containers", live.getStatus() == null ? List.of() : live.getStatus().getContainerStatuses().stream()
                .map(c -> Map.of("name", c.getName(), "ready", Boolean.TRUE.equals(c.getReady()), "restarts", c.getRestartCount() == null ? 0 : c.getRestartCount()))
                .toList());
        return new Plan("delete %s so that %s/%s recreates it".formatted(pod, controller.getKind(), controller.getName()),
                live.getMetadata().getUid(), live.getMetadata().getResourceVersion(), controller.getKind(), controller.getName(),
                List.of(new Change("/pods/" + pod.name(), "uid " + live.getMetadata().getUid(), "recreated by " + controller.getKind() + "/" + controller.getName())),
                before, Optional.empty(), "nothing to undo: %s/%s recreates the pod".formatted(controller.getKind(), controller.getName()));
    }

    @Override
    public Map<String, Object> execute(Plan plan, Progress progress) {
        try {
            client.pods().inNamespace(pod.namespace()).withName(pod.name()).lockResourceVersion(plan.resourceVersion()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new Conflict(pod + " changed since it was read");
            }
            throw e;
        }
        progress.report("execute", "deleted " + pod);
        return Map.of("deletedUid", plan.uid());
    }

    @Override
    public Verification verify(Plan plan, Progress progress) {
        return waiter.until("a ready replacement for " + pod, waiter.clock().instant().plus(timeout), () -> observe(plan), progress);
    }

    private Waiter.Observation observe(Plan plan) {
        if (plan.controllerKind().equals("StatefulSet")) {
            Pod replacement = client.pods().inNamespace(pod.namespace()).withName(pod.name()).get();
            if (replacement == null || plan.uid().equals(replacement.getMetadata().getUid())) {
                return Waiter.Observation.waiting("waiting for StatefulSet/%s to recreate %s".formatted(plan.controllerName(), pod.name()), Map.of());
            }
            boolean ready = Pods.isReady(replacement);
            Map<String, Object> observed = Map.of("uid", replacement.getMetadata().getUid(), "ready", ready);
            return ready ? Waiter.Observation.done("%s recreated and ready".formatted(pod), observed)
                    : Waiter.Observation.waiting("%s recreated, not ready yet".formatted(pod), observed);
        }
        var replicaSet = client.apps().replicaSets().inNamespace(pod.namespace()).withName(plan.controllerName()).get();
        if (replicaSet == null) {
            return Waiter.Observation.done("%s/%s is gone; nothing recreates the pod".formatted(plan.controllerKind(), plan.controllerName()), Map.of());
        }
        int desired = replicaSet.getSpec().getReplicas() == null ? 1 : replicaSet.getSpec().getReplicas();
        int ready = replicaSet.getStatus() == null || replicaSet.getStatus().getReadyReplicas() == null ? 0 : replicaSet.getStatus().getReadyReplicas();
        boolean gone = client.pods().inNamespace(pod.namespace()).withName(pod.name()).get() == null;
        String message = "ReplicaSet/%s: %d of %d ready".formatted(plan.controllerName(), ready, desired);
        return gone && ready >= desired ? Waiter.Observation.done(message, Map.of("ready", ready))
                : Waiter.Observation.waiting(message, Map.of("ready", ready));
    }
}
