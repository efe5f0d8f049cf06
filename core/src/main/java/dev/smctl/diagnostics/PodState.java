package dev.smctl.diagnostics;

import dev.smctl.k8s.Pods;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * One pod as the runbook's P0-01 investigation reads it: a state (CrashLoopBackOff = crashes at start,
 * ImagePullBackOff = image cannot be pulled, OOMKilled, Error, Pending, Ready, ...), restarts, last termination.
 */
public record PodState(String pod, String state, boolean ready, int restarts, String lastTermination) {
    public static PodState of(Pod pod) {
        String name = pod.getMetadata().getName();
        var status = pod.getStatus();
        if (status == null) {
            return new PodState(name, "Pending", false, 0, "");
        }
        ContainerStatus container = status.getContainerStatuses().isEmpty() ? null : status.getContainerStatuses().get(0);
        int restarts = container == null || container.getRestartCount() == null ? 0 : container.getRestartCount();
        boolean ready = Pods.isReady(pod);
        String last = container == null || container.getLastState() == null || container.getLastState().getTerminated() == null ? ""
                : "%s (exit %d)".formatted(container.getLastState().getTerminated().getReason(), container.getLastState().getTerminated().getExitCode());
        return new PodState(name, classify(status.getPhase(), container, ready), ready, restarts, last);
    }

    static String classify(String phase, ContainerStatus container, boolean ready) {
        if ("Succeeded".equals(phase)) {
            return "Completed";
        }
        if ("Failed".equals(phase)) {
            return "Error";
        }
        var state = container == null ? null : container.getState();
        if (state != null && state.getWaiting() != null && state.getWaiting().getReason() != null) {
            String reason = state.getWaiting().getReason();
            boolean oomBefore = container.getLastState() != null && container.getLastState().getTerminated() != null
                    && "OOMKilled".equals(container.getLastState().getTerminated().getReason());
            if (reason.equals("ErrImagePull") || reason.equals("ImagePullBackOff")) {
                return "ImagePullBackOff";
            }
            if (reason.equals("CrashLoopBackOff")) {
                return oomBefore ? "OOMKilled" : "CrashLoopBackOff";
            }
            return reason.equals("ContainerCreating") ? "Pending" : reason;
        }
        if (state != null && state.getTerminated() != null) {
            return "OOMKilled".equals(state.getTerminated().getReason()) ? "OOMKilled" : "Error";
        }
        if ("Pending".equals(phase)) {
            return "Pending";
        }
        return ready ? "Ready" : "NotReady";
    }
}
