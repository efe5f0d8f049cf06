package dev.smctl.k8s;

import dev.smctl.engine.Waiter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scales a Deployment or StatefulSet (to 0 for isolation or a restore), remembering the count it had in an
 * annotation on the object itself, so that {@code --restore-previous} works from any machine, any time later.
 * Waits until the replicas are ready, or gone.
 */
public final class Scale implements Action<Scale.Plan> {
    /** Where the count before the last smctl scale is kept. */
    public static final String PREVIOUS_REPLICAS = "smctl.dev/previous-replicas";

    /**
     * @param replicas the count wanted, or {@code null} with {@code restorePrevious}
     * @param maxReplicas a ceiling against typos ("--replicas 300")
     */
    public record Request(Target target, Integer replicas, boolean restorePrevious, int maxReplicas, Duration timeout) {
        public Request {
            if (!target.kind().equals("deployment") && !target.kind().equals("statefulset")) {
                throw new InvalidRequest("scale works on a deployment or a statefulset, not a " + target.kind());
            }
            if ((replicas == null) == !restorePrevious) {
                throw new InvalidRequest("give either --replicas N or --restore-previous");
            }
            if (replicas != null && (replicas < 0 || replicas > maxReplicas)) {
                throw new InvalidRequest("--replicas must be between 0 and %d (the ceiling; raise it with --max-replicas), not %d"
                        .formatted(maxReplicas, replicas));
            }
        }
    }

    public record Plan(String summary, int from, int to, String resourceVersion, Map<String, String> annotations,
                       List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo)
            implements dev.smctl.engine.Plan {
    }

    private final KubernetesClient client;
    private final Request request;
    private final Waiter waiter;

    public Scale(KubernetesClient client, Request request, Waiter waiter) {
        this.client = client;
        this.request = request;
        this.waiter = waiter;
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public Target target() {
        return request.target();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(request.restorePrevious() ? "restorePrevious" : "replicas",
                request.restorePrevious() ? "true" : String.valueOf(request.replicas()));
        parameters.put("timeout", request.timeout().toString());
        return parameters;
    }

    private Class<? extends HasMetadata> type() {
        return request.target().kind().equals("deployment") ? Deployment.class : StatefulSet.class;
    }

    @Override
    public Plan plan() {
        Target target = request.target();
        HasMetadata object = Lookups.require(client, type(), target);
        int current = specReplicas(object);
        Map<String, String> annotations = new TreeMap<>(object.getMetadata().getAnnotations());
        int wanted;
        if (request.restorePrevious()) {
            String previous = annotations.get(PREVIOUS_REPLICAS);
            if (previous == null || !previous.matches("\\d+")) {
                throw new Refused("no previous replica count is recorded on %s (annotation %s): it was not scaled by smctl; pass --replicas N"
                        .formatted(target, PREVIOUS_REPLICAS));
            }
            wanted = Integer.parseInt(previous);
            annotations.remove(PREVIOUS_REPLICAS);
        } else {
            wanted = request.replicas();
            annotations.put(PREVIOUS_REPLICAS, String.valueOf(current));
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("replicas", current);
        before.put(PREVIOUS_REPLICAS, object.getMetadata().getAnnotations().get(PREVIOUS_REPLICAS));
        before.values().removeIf(Objects::isNull);
        String resourceVersion = object.getMetadata().getResourceVersion();
        if (wanted == current) {
            return new Plan("nothing to scale", current, wanted, resourceVersion, annotations, List.of(), before,
                    Optional.of("%s already has %d replicas".formatted(target, current)), "");
        }
        List<Change> changes = new ArrayList<>();
        changes.add(new Change("/spec/replicas", current, wanted));
        changes.add(new Change("/metadata/annotations/" + Patches.escape(PREVIOUS_REPLICAS),
                object.getMetadata().getAnnotations().get(PREVIOUS_REPLICAS), annotations.get(PREVIOUS_REPLICAS)));
        String undo = request.restorePrevious()
                ? "smctl scale %s/%s -n %s --replicas %d".formatted(target.kind(), target.name(), target.namespace(), current)
                : "smctl scale %s/%s -n %s --restore-previous".formatted(target.kind(), target.name(), target.namespace());
        return new Plan("scale %s from %d to %d replicas".formatted(target, current, wanted), current, wanted, resourceVersion,
                annotations, changes, before, Optional.empty(), undo);
    }

    @Override
    public Map<String, Object> execute(Plan plan, Progress progress) {
        ArrayNode patch = Patches.guardedBy(plan.resourceVersion());
        patch.addObject().put("op", "add").put("path", "/spec/replicas").put("value", plan.to());
        patch.addObject().put("op", "add").put("path", "/metadata/annotations")
                .set("value", Serialization.jsonMapper().valueToTree(plan.annotations()));
        HasMetadata patched = Patches.apply(client, type(), request.target().namespace(), request.target().name(), patch);
        return Map.of("replicas", specReplicas(patched), "resourceVersion", patched.getMetadata().getResourceVersion());
    }

    @Override
    public Verification verify(Plan plan, Progress progress) {
        Target target = request.target();
        return waiter.until("%s to have %d ready replicas".formatted(target, plan.to()), waiter.clock().instant().plus(request.timeout()),
                () -> observe(target, plan.to()), progress);
    }

    private Waiter.Observation observe(Target target, int wanted) {
        HasMetadata object = client.resources(type()).inNamespace(target.namespace()).withName(target.name()).get();
        if (object == null) {
            return Waiter.Observation.failed(target + " disappeared while scaling", Map.of());
        }
        ReplicaCounts counts = ReplicaCounts.of(object);
        Map<String, Object> observed = Map.of("replicas", counts.replicas(), "readyReplicas", counts.ready());
        String message = "%s: %d of %d replicas ready, %d running".formatted(target, counts.ready(), wanted, counts.replicas());
        boolean observedSpec = counts.observedGeneration() >= Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
        return observedSpec && counts.replicas() == wanted && counts.ready() == wanted
                ? Waiter.Observation.done(message, observed) : Waiter.Observation.waiting(message, observed);
    }

    static int specReplicas(HasMetadata object) {
        Integer replicas = object instanceof Deployment d ? d.getSpec().getReplicas() : ((StatefulSet) object).getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    /** The status counts scaling waits on, read the same way for both kinds. */
    record ReplicaCounts(int replicas, int ready, long observedGeneration) {
        static ReplicaCounts of(HasMetadata object) {
            if (object instanceof Deployment d) {
                var s = d.getStatus();
                return s == null ? new ReplicaCounts(0, 0, 0) : new ReplicaCounts(count(s.getReplicas()), count(s.getReadyReplicas()),
                        Objects.requireNonNullElse(s.getObservedGeneration(), 0L));
            }
            var s = ((StatefulSet) object).getStatus();
            return s == null ? new ReplicaCounts(0, 0, 0) : new ReplicaCounts(count(s.getReplicas()), count(s.getReadyReplicas()),
                    Objects.requireNonNullElse(s.getObservedGeneration(), 0L));
        }

        private static int count(Integer value) {
            return value == null ? 0 : value;
        }
    }
}
