package dev.smctl.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** kubectl's rollback rules (pkg/polymorphichelpers/rollback.go), one small function each. */
public final class RolloutHistory {
    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    public static final String HASH_LABEL = "pod-template-hash";

    /**
     * Annotations the Deployment keeps its own values for; every other annotation comes from the target
     * ReplicaSet. They describe the Deployment's rollout machinery, not the release being restored.
     */
    static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration",
            REVISION,
            REVISION_HISTORY,
            "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas",
            "deprecated.deployment.rollback.to");

    private RolloutHistory() {
    }

    /**
     * The ReplicaSets this Deployment controls. Labels alone are not enough: another controller's
     * ReplicaSet can match the selector, and rolling back to it would deploy someone else's pods.
     */
    public static List<ReplicaSet> ownedBy(Deployment deployment, List<ReplicaSet> candidates) {
        String uid = deployment.getMetadata().getUid();
        return candidates.stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(owner -> Boolean.TRUE.equals(owner.getController()) && Objects.equals(owner.getUid(), uid)
                                && isDeployment(owner)))
                .toList();
    }

    private static boolean isDeployment(OwnerReference owner) {
        return "Deployment".equals(owner.getKind());
    }

    /** The revision annotation, or empty when it is missing or not a number (kubectl skips such ReplicaSets). */
    public static OptionalLong revisionOf(ReplicaSet replicaSet) {
        String value = replicaSet.getMetadata().getAnnotations().get(REVISION);
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public static List<Long> revisions(List<ReplicaSet> owned) {
        return owned.stream().map(RolloutHistory::revisionOf).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).sorted().toList();
    }

    /**
     * The ReplicaSet to roll back to: revision {@code requested}, or with 0 the second-highest revision
     * (the highest is the one running now).
     */
    public static ReplicaSet chooseRevision(Target target, List<ReplicaSet> owned, long requested) {
        if (requested < 0) {
            throw new InvalidRequest("--to-revision must be 0 (the previous revision) or a revision number, not " + requested);
        }
        List<ReplicaSet> withRevision = owned.stream().filter(rs -> revisionOf(rs).isPresent())
                .sorted(Comparator.comparingLong((ReplicaSet rs) -> revisionOf(rs).getAsLong()).reversed())
                .toList();
        if (requested == 0) {
            if (withRevision.size() < 2) {
                throw new Refused("cannot roll back %s: no rollout history found (no revision before the current one); see 'kubectl rollout history deployment/%s -n %s'"
                        .formatted(target, target.name(), target.namespace()));
            }
            return withRevision.get(1);
        }
        return withRevision.stream().filter(rs -> revisionOf(rs).getAsLong() == requested).findFirst()
                .orElseThrow(() -> new InvalidRequest("cannot roll back %s: revision %d not found in its history %s; see 'kubectl rollout history deployment/%s -n %s'"
                        .formatted(target, requested, revisions(owned), target.name(), target.namespace())));
    }

    /** Equal pod templates, ignoring the {@code pod-template-hash} label the controller adds to ReplicaSets. */
    public static boolean templatesMatch(PodTemplateSpec a, PodTemplateSpec b) {
        return comparable(a).equals(comparable(b));
    }

    private static JsonNode comparable(PodTemplateSpec template) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(template);
        if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(HASH_LABEL);
            if (labels.isEmpty()) {
                ((ObjectNode) tree.get("metadata")).remove("labels");
            }
        }
        if (tree.path("metadata") instanceof ObjectNode metadata && metadata.isEmpty()) {
            ((ObjectNode) tree).remove("metadata");
        }
        return tree;
    }

    /** The target template as it goes back into the Deployment: without the ReplicaSet's hash label. */
    public static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = Serialization.clone(template);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            copy.getMetadata().getLabels().remove(HASH_LABEL);
        }
        return copy;
    }

    /**
     * The Deployment's annotations after the rollback: its own values for the skip-list, everything else from
     * the ReplicaSet (so the Deployment's other annotations are dropped, as kubectl does), and our change-cause.
     */
    public static Map<String, String> rollbackAnnotations(Map<String, String> deployment, Map<String, String> replicaSet, String changeCause) {
        Map<String, String> annotations = new TreeMap<>();
        ANNOTATIONS_TO_SKIP.forEach(key -> {
            if (deployment.containsKey(key)) {
                annotations.put(key, deployment.get(key));
            }
        });
        replicaSet.forEach((key, value) -> {
            if (!ANNOTATIONS_TO_SKIP.contains(key)) {
                annotations.put(key, value);
            }
        });
        annotations.put(CHANGE_CAUSE, changeCause);
        return annotations;
    }

    /** Container name to image, in template order, for summaries and records. */
    public static Map<String, String> images(PodTemplateSpec template) {
        Map<String, String> images = new LinkedHashMap<>();
        if (template != null && template.getSpec() != null) {
            template.getSpec().getContainers().forEach(c -> images.put(c.getName(), c.getImage()));
        }
        return images;
    }
}
