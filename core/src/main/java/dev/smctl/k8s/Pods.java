package dev.smctl.k8s;

import io.fabric8.kubernetes.api.model.Pod;

/** What the actions read of a pod. */
public final class Pods {
    private Pods() {
    }

    /** Ready as the endpoints controller counts it: the Ready condition is True and the pod is not being deleted. */
    public static boolean isReady(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
