package dev.smctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The part of Kubernetes a CRUD mock server lacks: the Deployment and ReplicaSet controllers and, roughly, the
 * kubelet. Each tick it gives every Deployment a ReplicaSet for its current template (reusing and renumbering an
 * old one, as a rollback does), moves replicas from old ReplicaSets to the new one as new pods become ready, keeps
 * pods' states from {@link ImageHealth}, and writes the status fields kubectl's rollout status reads.
 * Simplified on purpose: no surge or unavailability budget, one step per tick.
 */
public final class DeploymentController {
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String HASH_LABEL = "pod-template-hash";
    /** Never copied from a Deployment to its ReplicaSets (the real controller's skip-list). */
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
            REVISION_HISTORY, "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas",
            "deprecated.deployment.rollback.to");

    private final KubernetesClient client;
    private final Kubelet kubelet;
    private final Clock clock;
    private final Map<String, Instant> progressingSince = new ConcurrentHashMap<>();

    DeploymentController(KubernetesClient client, Kubelet kubelet, Clock clock) {
        this.client = client;
        this.kubelet = kubelet;
        this.clock = clock;
    }

    public synchronized boolean reconcileAll() {
        boolean changed = false;
        for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
            changed |= reconcile(deployment);
        }
        return changed;
    }

    /**
     * Rolls out {@code image} to a Deployment's first container, as a CI pipeline would, and reconciles until
     * the rollout is complete (or stuck on a broken image).
     */
    public synchronized void release(String namespace, String name, String image, String changeCause) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        deployment.getMetadata().getAnnotations().put("kubernetes.io/change-cause", changeCause);
        client.apps().deployments().inNamespace(namespace).resource(deployment).update();
        settle(namespace, name);
    }

    /** Reconciles one Deployment until nothing changes any more (at most a few ticks). */
    public synchronized void settle(String namespace, String name) {
        for (int tick = 0; tick < 10; tick++) {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (!reconcile(deployment)) {
                return;
            }
        }
    }

    /** One tick for one Deployment; true if anything changed. */
    boolean reconcile(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        List<ReplicaSet> owned = owned(deployment);
        long maxRevision = owned.stream().mapToLong(DeploymentController::revision).max().orElse(0);
        String hash = templateHash(deployment.getSpec().getTemplate());
        Optional<ReplicaSet> current = owned.stream().filter(rs -> hash.equals(rs.getMetadata().getLabels().get(HASH_LABEL))).findFirst();
        boolean changed = false;
        ReplicaSet newest;
        if (current.isEmpty()) {
            newest = createReplicaSet(deployment, hash, maxRevision + 1);
            owned = new ArrayList<>(owned);
            owned.add(newest);
            progressingSince.put(key(deployment), clock.instant());
            changed = true;
        } else if (revision(current.get()) != maxRevision) {
            newest = renumber(deployment, current.get(), maxRevision + 1);
            progressingSince.put(key(deployment), clock.instant());
            changed = true;
        } else {
            newest = current.get();
        }
        String newestRevision = String.valueOf(revision(newest));
        if (!newestRevision.equals(deployment.getMetadata().getAnnotations().get(REVISION))) {
            client.apps().deployments().inNamespace(namespace).withName(deployment.getMetadata().getName())
                    .edit(d -> {
                        d.getMetadata().getAnnotations().put(REVISION, newestRevision);
                        return d;
                    });
            changed = true;
        }
        int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        changed |= scale(newest, desired);
        int newReady = syncPods(newest);
        int stillNeeded = Math.max(0, desired - newReady);
        for (ReplicaSet old : owned) {
            if (old != newest && !old.getMetadata().getName().equals(newest.getMetadata().getName())) {
                int keep = Math.min(replicas(old), stillNeeded);
                stillNeeded -= keep;
                changed |= scale(old, keep);
                syncPods(old);
            }
        }
        changed |= writeStatus(deployment, desired);
        return changed;
    }

    private List<ReplicaSet> owned(Deployment deployment) {
        String uid = deployment.getMetadata().getUid();
        return client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace()).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
                .sorted(Comparator.comparingLong(DeploymentController::revision).reversed())
                .toList();
    }

    private ReplicaSet createReplicaSet(Deployment deployment, String hash, long revision) {
        PodTemplateSpec template = Serialization.clone(deployment.getSpec().getTemplate());
        template.getMetadata().getLabels().put(HASH_LABEL, hash);
        Map<String, String> selector = new LinkedHashMap<>(deployment.getSpec().getSelector().getMatchLabels());
        selector.put(HASH_LABEL, hash);
        ReplicaSet replicaSet = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(deployment.getMetadata().getName() + "-" + hash)
                .withNamespace(deployment.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .withAnnotations(copiedAnnotations(deployment, revision, null))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withTemplate(template)
                .endSpec()
                .build();
        return client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace()).resource(replicaSet).create();
    }

    /** A rollback reuses the old ReplicaSet: it gets the next revision and remembers its old numbers. */
    private ReplicaSet renumber(Deployment deployment, ReplicaSet replicaSet, long revision) {
        String history = replicaSet.getMetadata().getAnnotations().get(REVISION_HISTORY);
        String previous = String.valueOf(revision(replicaSet));
        String newHistory = history == null || history.isEmpty() ? previous : history + "," + previous;
        return client.apps().replicaSets().inNamespace(replicaSet.getMetadata().getNamespace())
                .withName(replicaSet.getMetadata().getName()).edit(rs -> {
                    rs.getMetadata().setAnnotations(copiedAnnotations(deployment, revision, newHistory));
                    return rs;
                });
    }

    private static Map<String, String> copiedAnnotations(Deployment deployment, long revision, String history) {
        Map<String, String> annotations = new LinkedHashMap<>();
        deployment.getMetadata().getAnnotations().forEach((k, v) -> {
            if (!NOT_COPIED.contains(k)) {
                annotations.put(k, v);
            }
        });
        annotations.put(REVISION, String.valueOf(revision));
        if (history != null) {
            annotations.put(REVISION_HISTORY, history);
        }
        return annotations;
    }

    private boolean scale(ReplicaSet replicaSet, int replicas) {
        if (replicas(replicaSet) == replicas) {
            return false;
        }
        client.apps().replicaSets().inNamespace(replicaSet.getMetadata().getNamespace()).withName(replicaSet.getMetadata().getName())
                .edit(rs -> {
                    rs.getSpec().setReplicas(replicas);
                    return rs;
                });
        replicaSet.getSpec().setReplicas(replicas);
        return true;
    }

    /** Creates and deletes pods to match the ReplicaSet, advances their states; returns how many are ready. */
    private int syncPods(ReplicaSet replicaSet) {
        String namespace = replicaSet.getMetadata().getNamespace();
        String hash = replicaSet.getMetadata().getLabels().get(HASH_LABEL);
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(namespace).withLabel(HASH_LABEL, hash).list().getItems());
        int wanted = replicas(replicaSet);
        while (pods.size() > wanted) {
            Pod gone = pods.remove(pods.size() - 1);
            client.pods().inNamespace(namespace).withName(gone.getMetadata().getName()).delete();
        }
        while (pods.size() < wanted) {
            pods.add(client.pods().inNamespace(namespace).resource(newPod(replicaSet)).create());
        }
        int ready = 0;
        for (Pod pod : pods) {
            ready += Kubelet.isReady(kubelet.advance(pod, false)) ? 1 : 0;
        }
        if (!Objects.equals(replicaSet.getStatus() == null ? null : replicaSet.getStatus().getReadyReplicas(), ready)
                || !Objects.equals(replicaSet.getStatus().getReplicas(), wanted)) {
            replicaSet.setStatus(new ReplicaSetStatusBuilder().withReplicas(wanted).withReadyReplicas(ready)
                    .withAvailableReplicas(ready).withFullyLabeledReplicas(wanted)
                    .withObservedGeneration(replicaSet.getMetadata().getGeneration()).build());
            client.apps().replicaSets().inNamespace(namespace).resource(replicaSet).updateStatus();
        }
        return ready;
    }

    private Pod newPod(ReplicaSet replicaSet) {
        PodTemplateSpec template = replicaSet.getSpec().getTemplate();
        return new PodBuilder()
                .withNewMetadata()
                .withName(replicaSet.getMetadata().getName() + "-" + randomSuffix())
                .withNamespace(replicaSet.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(replicaSet.getMetadata().getName()).withUid(replicaSet.getMetadata().getUid())
                        .withController(true).build())
                .endMetadata()
                .withSpec(Serialization.clone(template.getSpec()))

                .build();
    }

    /**
     * Writes the status seen for {@code deployment} as it was read at the start of this tick: observedGeneration
     * is that object's generation, never a newer one, or a rollout could look finished before it started.
     */
    private boolean writeStatus(Deployment deployment, int desired) {
        Deployment fresh = client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName()).get();
        List<ReplicaSet> owned = owned(deployment);
        ReplicaSet newest = owned.get(0);
        int total = owned.stream().mapToInt(DeploymentController::replicas).sum();
        int updated = replicas(newest);
        int available = owned.stream().mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0
                : rs.getStatus().getAvailableReplicas()).sum();
        int newAvailable = newest.getStatus() == null || newest.getStatus().getAvailableReplicas() == null ? 0 : newest.getStatus().getAvailableReplicas();
        boolean complete = updated == desired && total == desired && newAvailable == desired;
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(total)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(available)
                .withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, desired - available))
                .withConditions(condition("Available", available >= desired ? "True" : "False",
                                available >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable"),
                        progressing(deployment, complete))
                .build();
        if (sameStatus(fresh.getStatus(), status)) {
            return false;
        }
        fresh.setStatus(status);
        client.apps().deployments().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).updateStatus();
        return true;
    }

    private DeploymentCondition progressing(Deployment deployment, boolean complete) {
        if (complete) {
            return condition("Progressing", "True", "NewReplicaSetAvailable");
        }
        Instant since = progressingSince.getOrDefault(key(deployment), clock.instant());
        int deadline = Objects.requireNonNullElse(deployment.getSpec().getProgressDeadlineSeconds(), 600);
        if (Duration.between(since, clock.instant()).toSeconds() >= deadline) {
            return condition("Progressing", "False", "ProgressDeadlineExceeded");
        }
        return condition("Progressing", "True", "ReplicaSetUpdated");
    }

    private static DeploymentCondition condition(String type, String status, String reason) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
    }

    private static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        return a != null && Serialization.asJson(a).equals(Serialization.asJson(b));
    }

    private static String key(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    static long revision(ReplicaSet replicaSet) {
        try {
            return Long.parseLong(replicaSet.getMetadata().getAnnotations().getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int replicas(ReplicaSet replicaSet) {
        return Objects.requireNonNullElse(replicaSet.getSpec().getReplicas(), 0);
    }

    /** The controller names ReplicaSets by a hash of the template; any stable hash will do here. */
    static String templateHash(PodTemplateSpec template) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(template);
        if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(HASH_LABEL);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tree.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
