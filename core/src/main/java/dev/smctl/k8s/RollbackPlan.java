package dev.smctl.k8s;

import dev.smctl.engine.Change;
import dev.smctl.engine.Plan;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A computed rollback: the template and annotations the Deployment will get, and the resourceVersion they were
 * computed from (the patch's precondition).
 */
public record RollbackPlan(
        String summary,
        long fromRevision,
        long toRevision,
        String resourceVersion,
        PodTemplateSpec template,
        Map<String, String> annotations,
        List<Change> changes,
        Map<String, Object> before,
        Optional<String> skipReason,
        String undo) implements Plan {

    public RollbackPlan {
        changes = List.copyOf(changes);
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
    }
}
