package dev.smctl.sandbox;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Objects;

/**
 * The StatefulSet controller's essentials: pods {@code NAME-0 .. NAME-(n-1)}, recreated under the same name when
 * deleted, removed from the highest ordinal down when scaled in, and the status counts.
 */
final class StatefulSetController {
    private final KubernetesClient client;
    private final Kubelet kubelet;

    StatefulSetController(KubernetesClient client, Kubelet kubelet) {
        this.client = client;
        this.kubelet = kubelet;
    }

    synchronized boolean reconcileAll() {
        boolean changed = false;
        for (StatefulSet set : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
            changed |= reconcile(set);
        }
        return changed;
    }

    private boolean reconcile(StatefulSet set) {
        String namespace = set.getMetadata().getNamespace();
        String name = set.getMetadata().getName();
        int desired = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
        boolean changed = false;
        int ready = 0;
        int existing = 0;
        for (int ordinal = 0; ordinal < Math.max(desired, 1000); ordinal++) {
            String podName = name + "-" + ordinal;
            Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
            if (ordinal >= desired) {
                if (pod == null) {
                    break;
                }
                client.pods().inNamespace(namespace).withName(podName).delete();
                changed = true;
                continue;
            }
            if (pod == null) {
                pod = client.pods().inNamespace(namespace).resource(newPod(set, podName)).create();
                changed = true;
            }
            existing++;
            ready += Kubelet.isReady(kubelet.advance(pod, false)) ? 1 : 0;
        }
        StatefulSetStatus status = new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(existing).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withCurrentReplicas(existing).withUpdatedReplicas(existing).build();
        if (!Serialization.asJson(status).equals(set.getStatus() == null ? "" : Serialization.asJson(set.getStatus()))) {
            set.setStatus(status);
            client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
            changed = true;
        }
        return changed;
    }

    private static Pod newPod(StatefulSet set, String podName) {
        return new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(set.getMetadata().getNamespace())
                .withLabels(set.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels("statefulset.kubernetes.io/pod-name", podName)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                        .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(Serialization.clone(set.getSpec().getTemplate().getSpec()))
                .build();
    }
}
