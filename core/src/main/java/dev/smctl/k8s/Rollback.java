package dev.smctl.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Changes;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import dev.smctl.health.HealthCheck;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code kubectl rollout undo} for a Deployment, with kubectl's rules ({@link RolloutHistory}) and what kubectl
 * lacks: a resourceVersion precondition on the patch, a change-cause naming who rolled back and why, a
 * bounded rollout wait and an optional health probe. The change costs kubectl's three requests: get the
 * Deployment, list its ReplicaSets, patch.
 */
public final class Rollback implements Action<RollbackPlan> {
    private final KubernetesClient client;
    private final RollbackRequest request;
    private final Invocation invocation;
    private final RolloutWait rolloutWait;
    private final HealthCheck healthCheck;
    private final Clock clock;

    public Rollback(KubernetesClient client, RollbackRequest request, Invocation invocation, RolloutWait rolloutWait,
                    HealthCheck healthCheck, Clock clock) {
        this.client = client;
        this.request = request;
        this.invocation = invocation;
        this.rolloutWait = rolloutWait;
        this.healthCheck = healthCheck;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public Target target() {
        return request.target();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("toRevision", String.valueOf(request.toRevision()));
        parameters.put("timeout", request.timeout().toString());
        if (request.healthUrl() != null) {
            parameters.put("healthUrl", request.healthUrl().toString());
            parameters.put("healthTimeout", request.healthTimeout().toString());
        }
        return parameters;
    }

    @Override
    public RollbackPlan plan() {
        Target target = request.target();
        Deployment deployment = Lookups.require(client, Deployment.class, target);
        if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
            throw new Refused("cannot roll back %s: it is paused; resume it first with 'kubectl rollout resume deployment/%s -n %s' and try again"
                    .formatted(target, target.name(), target.namespace()));
        }
        List<ReplicaSet> candidates = client.apps().replicaSets().inNamespace(target.namespace())
                .withLabelSelector(deployment.getSpec().getSelector()).list().getItems();
        List<ReplicaSet> owned = RolloutHistory.ownedBy(deployment, candidates);
        ReplicaSet chosen = RolloutHistory.chooseRevision(target, owned, request.toRevision());
        long toRevision = RolloutHistory.revisionOf(chosen).orElseThrow();
        long fromRevision = currentRevision(deployment, owned);
        PodTemplateSpec current = deployment.getSpec().getTemplate();
        Map<String, Object> before = before(deployment, fromRevision);
        if (RolloutHistory.templatesMatch(chosen.getSpec().getTemplate(), current)) {
            return new RollbackPlan("nothing to roll back", fromRevision, toRevision, deployment.getMetadata().getResourceVersion(),
                    current, deployment.getMetadata().getAnnotations(), List.of(), before,
                    Optional.of("current template already matches revision " + toRevision), "");
        }
        PodTemplateSpec template = RolloutHistory.withoutHash(chosen.getSpec().getTemplate());
        Map<String, String> annotations = RolloutHistory.rollbackAnnotations(deployment.getMetadata().getAnnotations(),
                chosen.getMetadata().getAnnotations(), changeCause(fromRevision, toRevision));
        List<Change> changes = new ArrayList<>(Changes.between("/spec/template", tree(current), tree(template)));
        changes.addAll(Changes.between("/metadata/annotations", tree(deployment.getMetadata().getAnnotations()), tree(annotations)));
        String summary = "roll back %s from revision %d (%s) to revision %d (%s)".formatted(target, fromRevision,
                describe(RolloutHistory.images(current)), toRevision, describe(RolloutHistory.images(template)));
        String undo = "smctl rollback %s -n %s --to-revision %d".formatted(target.name(), target.namespace(), fromRevision);
        return new RollbackPlan(summary, fromRevision, toRevision, deployment.getMetadata().getResourceVersion(), template,
                annotations, changes, before, Optional.empty(), undo);
    }

    private static long currentRevision(Deployment deployment, List<ReplicaSet> owned) {
        String annotation = deployment.getMetadata().getAnnotations().get(RolloutHistory.REVISION);
        try {
            if (annotation != null) {
                return Long.parseLong(annotation.strip());
            }
        } catch (NumberFormatException e) {
            // fall through to the highest ReplicaSet revision, which is what the controller would write
        }
        return owned.stream().map(RolloutHistory::revisionOf).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max().orElse(0);
    }

    /** Names the person (or alert) and the reason in the rollout history, where kubectl would repeat an old cause. */
    private String changeCause(long fromRevision, long toRevision) {
        String cause = "rollback from revision %d to %d by %s via %s".formatted(fromRevision, toRevision,
                invocation.actor(), invocation.via().isEmpty() ? "smctl" : invocation.via());
        return Names.oneLine(invocation.reason().isEmpty() ? cause : cause + ": " + invocation.reason(), 500);
    }

    private static Map<String, Object> before(Deployment deployment, long revision) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("revision", revision);
        before.put("images", RolloutHistory.images(deployment.getSpec().getTemplate()));
        before.put("changeCause", deployment.getMetadata().getAnnotations().getOrDefault(RolloutHistory.CHANGE_CAUSE, ""));
        before.put("resourceVersion", deployment.getMetadata().getResourceVersion());
        before.put("generation", deployment.getMetadata().getGeneration());
        before.put("template", Serialization.jsonMapper().convertValue(Redaction.tree(tree(deployment.getSpec().getTemplate())), Map.class));
        return before;
    }

    @Override
    public Map<String, Object> execute(RollbackPlan plan, Progress progress) {
        Target target = request.target();
        ObjectMapper mapper = Serialization.jsonMapper();
        // kubectl sends the same two replaces without the resourceVersion guard, so a concurrent change is lost.
        ArrayNode patch = Patches.guardedBy(plan.resourceVersion());
        patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", mapper.valueToTree(plan.template()));
        patch.addObject().put("op", "add").put("path", "/metadata/annotations").set("value", mapper.valueToTree(plan.annotations()));
        Deployment patched = Patches.apply(client, Deployment.class, target.namespace(), target.name(), patch);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("images", RolloutHistory.images(patched.getSpec().getTemplate()));
        after.put("changeCause", patched.getMetadata().getAnnotations().get(RolloutHistory.CHANGE_CAUSE));
        after.put("resourceVersion", patched.getMetadata().getResourceVersion());
        after.put("generation", patched.getMetadata().getGeneration());
        after.put("template", mapper.convertValue(Redaction.tree(tree(patched.getSpec().getTemplate())), Map.class));
        progress.report("execute", "patched %s to the template of revision %d".formatted(target, plan.toRevision()));
        return after;
    }

    @Override
    public Verification verify(RollbackPlan plan, Progress progress) {
        Instant deadline = clock.instant().plus(request.timeout());
        Verification rollout = rolloutWait.until(request.target(), deadline, progress);
        if (!rollout.passed()) {
            return Verification.failed("%s; the template of revision %d is in place but not running; the way back is: %s"
                    .formatted(rollout.message(), plan.toRevision(), plan.undo()), rollout.observed());
        }
        if (request.healthUrl() == null) {
            return rollout;
        }
        Verification health = healthCheck.probe(request.healthUrl(), clock.instant().plus(request.healthTimeout()), progress);
        Map<String, Object> observed = new LinkedHashMap<>(rollout.observed());
        observed.putAll(health.observed());
        return new Verification(health.passed(), rollout.message() + "; " + health.message(), observed);
    }

    private static JsonNode tree(Object value) {
        return Serialization.jsonMapper().valueToTree(value);
    }

    private static String describe(Map<String, String> images) {
        StringBuilder out = new StringBuilder();
        images.forEach((container, image) -> out.append(out.isEmpty() ? "" : ", ").append(container).append('=').append(image));
        return out.toString();
    }
}
