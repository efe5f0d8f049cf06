package dev.smctl.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Roughly what a kubelet reports: a new pod is created, then its image decides whether it runs, crash-loops,
 * never pulls, or runs to completion (for Jobs). Writes the container's log as it goes.
 */
final class Kubelet {
    private static final String STARTED_AT = "2026-01-01T00:00:00Z";

    private final KubernetesClient client;
    private final ImageHealth images;
    private final PodLogs logs;

    Kubelet(KubernetesClient client, ImageHealth images, PodLogs logs) {
        this.client = client;
        this.images = images;
        this.logs = logs;
    }

    /** Advances one pod by one tick and writes the status if it changed; returns the new status. */
    PodStatus advance(Pod pod, boolean runToCompletion) {
        PodStatus next = next(pod, runToCompletion);
        if (!next.equals(pod.getStatus())) {
            pod.setStatus(next);
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        }
        return next;
    }

    static boolean isReady(PodStatus status) {
        return status != null && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private PodStatus next(Pod pod, boolean runToCompletion) {
        Container container = pod.getSpec().getContainers().get(0);
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Optional<ImageHealth.Failure> failure = images.failureOf(container.getImage());
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage());
        boolean fresh = pod.getStatus() == null || pod.getStatus().getContainerStatuses().isEmpty();
        if (fresh) {
            status.withReady(false).withRestartCount(0).withNewState().withNewWaiting(null, "ContainerCreating").endState();
            return podStatus("Pending", "False", status.build());
        }
        String phase = pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return pod.getStatus();
        }
        int restarts = Objects.requireNonNullElse(pod.getStatus().getContainerStatuses().get(0).getRestartCount(), 0);
        if (failure.isPresent() && !failure.get().keepsPodsReady()) {
            ImageHealth.Failure f = failure.get();
            if (f.terminationReason == null) {
                status.withReady(false).withRestartCount(0).withNewState()
                        .withNewWaiting("Back-off pulling image \"" + container.getImage() + "\"", f.waitingReason).endState();
                return podStatus("Pending", "False", status.build());
            }
            if (runToCompletion) {
                f.log.forEach(line -> logs.append(namespace, name, line));
                status.withReady(false).withRestartCount(0).withNewState().withNewTerminated().withReason(f.terminationReason)
                        .withExitCode(f.exitCode).withStartedAt(STARTED_AT).withFinishedAt(STARTED_AT).endTerminated().endState();
                return podStatus("Failed", "False", status.build());
            }
            // Restart counts grow to a small cap, so that the status (and the resourceVersion) settles between ticks.
            int restartCount = Math.min(restarts + 1, 5);
            if (restartCount != restarts) {
                logs.append(namespace, name, "INFO Starting Secure Messenger backend " + tag(container.getImage()));
                f.log.forEach(line -> logs.append(namespace, name, line));
            }
            status.withReady(false).withStarted(false).withRestartCount(restartCount)
                    .withNewState().withNewWaiting("back-off 5m0s restarting failed container", f.waitingReason).endState()
                    .withNewLastState().withNewTerminated().withReason(f.terminationReason).withExitCode(f.exitCode)
                    .withStartedAt(STARTED_AT).withFinishedAt(STARTED_AT).endTerminated().endLastState();
            return podStatus("Running", "False", status.build());
        }
        if (!logs.has(namespace, name)) {
            startupLog(pod, container).forEach(line -> logs.append(namespace, name, line));
            failure.ifPresent(f -> f.log.forEach(line -> logs.append(namespace, name, line)));
        }
        if (runToCompletion) {
            status.withReady(false).withRestartCount(0).withNewState().withNewTerminated().withReason("Completed").withExitCode(0)
                    .withStartedAt(STARTED_AT).withFinishedAt(STARTED_AT).endTerminated().endState();
            return podStatus("Succeeded", "False", status.build());
        }
        status.withReady(true).withStarted(true).withRestartCount(restarts).withNewState().withNewRunning(STARTED_AT).endState();
        return podStatus("Running", "True", status.build());
    }

    private static List<String> startupLog(Pod pod, Container container) {
        String image = container.getImage();
        if (image.contains("backend")) {
            return List.of("INFO Starting Secure Messenger backend " + tag(image),
                    "INFO Connected to PostgreSQL at postgres:5432", "INFO Connected to Redis at redis:6379",
                    "INFO Server listening on port 3000");
        }
        if ("backup".equals(container.getName())) {
            return List.of("INFO pg_dump --format=custom securemessenger",
                    "INFO uploading s3://secure-messenger-backups/postgres/securemessenger-" + pod.getMetadata().getName() + ".dump",
                    "INFO backup complete");
        }
        return List.of("INFO " + container.getName() + " started (" + image + ")");
    }

    private static String tag(String image) {
        int colon = image.lastIndexOf(':');
        return colon < 0 ? image : image.substring(colon + 1);
    }

    private static PodStatus podStatus(String phase, String ready, ContainerStatus container) {
        return new PodStatusBuilder().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready).endCondition()
                .withContainerStatuses(container).build();
    }
}
