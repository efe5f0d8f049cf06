package dev.smctl.k8s;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code kubectl rollout restart}: stamps {@code kubectl.kubernetes.io/restartedAt} on the pod template so the
 * controller replaces every pod, then waits for the rollout.
 */
public final class Restart implements Action<Restart.Plan> {
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    public record Plan(String summary, String resourceVersion, Map<String, String> templateAnnotations, List<Change> changes,
                       Map<String, Object> before, Optional<String> skipReason, String undo) implements dev.smctl.engine.Plan {
    }

    private final KubernetesClient client;
    private final Target target;
    private final Duration timeout;
    private final RolloutWait rolloutWait;
    /** Fixed once, so that a re-plan after a conflict computes the same change. */
    private final String restartedAt;

    public Restart(KubernetesClient client, Target target, Duration timeout, RolloutWait rolloutWait, Instant now) {
        this.client = client;
        this.target = target;
        this.timeout = timeout;
        this.rolloutWait = rolloutWait;
        this.restartedAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    @Override
    public String name() {
        return "restart";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("timeout", timeout.toString());
    }

    @Override
    public Plan plan() {
        Deployment deployment = Lookups.require(client, Deployment.class, target);
        if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
            throw new Refused("cannot restart %s: it is paused; resume it first with 'kubectl rollout resume deployment/%s -n %s'"
                    .formatted(target, target.name(), target.namespace()));
        }
        Map<String, String> annotations = new TreeMap<>(deployment.getSpec().getTemplate().getMetadata().getAnnotations());
        String previous = annotations.put(RESTARTED_AT, restartedAt);
        return new Plan("restart every pod of %s (rolling)".formatted(target), deployment.getMetadata().getResourceVersion(), annotations,
                List.of(new Change("/spec/template/metadata/annotations/" + Patches.escape(RESTARTED_AT), previous, restartedAt)),
                Map.of("restartedAt", previous == null ? "never" : previous, "images", RolloutHistory.images(deployment.getSpec().getTemplate())),
                Optional.empty(), "nothing to undo: a restart replaces pods and changes no configuration");
    }

    @Override
    public Map<String, Object> execute(Plan plan, Progress progress) {
        var patch = Patches.guardedBy(plan.resourceVersion());
        patch.addObject().put("op", "add").put("path", "/spec/template/metadata/annotations")
                .set("value", Serialization.jsonMapper().valueToTree(plan.templateAnnotations()));
        Deployment patched = Patches.apply(client, Deployment.class, target.namespace(), target.name(), patch);
        return Map.of("restartedAt", restartedAt, "generation", patched.getMetadata().getGeneration());
    }

    @Override
    public Verification verify(Plan plan, Progress progress) {
        return rolloutWait.until(target, Instant.now().plus(timeout), progress);
    }

}
