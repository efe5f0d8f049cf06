package dev.smctl.sandbox;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.List;

/**
 * The Job controller's essentials: one pod per Job, run to completion by the {@link Kubelet}, and the Job's
 * status and Complete/Failed condition. No retries (backoffLimit is ignored).
 */
final class JobController {
    static final String JOB_NAME_LABEL = "job-name";

    private final KubernetesClient client;
    private final Kubelet kubelet;

    JobController(KubernetesClient client, Kubelet kubelet) {
        this.client = client;
        this.kubelet = kubelet;
    }

    synchronized boolean reconcileAll() {
        boolean changed = false;
        for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
            changed |= reconcile(job);
        }
        return changed;
    }

    private boolean reconcile(Job job) {
        if (job.getStatus() != null && job.getStatus().getCompletionTime() != null) {
            return false;
        }
        String namespace = job.getMetadata().getNamespace();
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, job.getMetadata().getName()).list().getItems();
        Pod pod = pods.isEmpty() ? client.pods().inNamespace(namespace).resource(newPod(job)).create() : pods.get(0);
        String phase = kubelet.advance(pod, true).getPhase();
        String now = java.time.Instant.now().toString();
        JobStatusBuilder status = new JobStatusBuilder().withStartTime(job.getStatus() == null || job.getStatus().getStartTime() == null
                ? now : job.getStatus().getStartTime());
        switch (phase) {
            case "Succeeded" -> status.withSucceeded(1).withActive(0).withCompletionTime(now)
                    .addNewCondition().withType("Complete").withStatus("True").endCondition();
            case "Failed" -> status.withFailed(1).withActive(0).withCompletionTime(now)
                    .addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").endCondition();
            default -> status.withActive(1);
        }
        JobStatus next = status.build();
        if (job.getStatus() != null && Serialization.asJson(job.getStatus()).equals(Serialization.asJson(next))) {
            return false;
        }
        job.setStatus(next);
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
        return true;
    }

    private static Pod newPod(Job job) {
        String name = job.getMetadata().getName();
        return new PodBuilder()
                .withNewMetadata().withName(name + "-" + DeploymentController.randomSuffix()).withNamespace(job.getMetadata().getNamespace())
                .withLabels(job.getSpec().getTemplate().getMetadata() == null ? java.util.Map.of()
                        : job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels(JOB_NAME_LABEL, name)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(name)
                        .withUid(job.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(Serialization.clone(job.getSpec().getTemplate().getSpec()))
                .build();
    }
}
