package dev.smctl.k8s;

import dev.smctl.engine.Waiter;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Conflict;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import dev.smctl.health.HealthCheck;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Switches a Service's colour selector, with Argo Rollouts' safety: refuse unless the new colour has enough
 * ready pods, switch with a resourceVersion precondition, probe health and switch back on failure, and keep
 * (or, after a delay, scale down) the old colour.
 */
public final class BlueGreenSwitch implements Action<BlueGreenSwitch.Plan> {
    /**
     * @param toColor the colour to switch to, or {@code null} for the other one
     * @param minReady ready pods the new colour needs, or {@code null} for its Deployments' replicas
     * @param scaleDownDelay when set, the old colour is scaled to 0 this long after a healthy switch
     */
    public record Request(Target service, String toColor, Integer minReady, URI healthUrl, Duration healthTimeout,
                          Duration scaleDownDelay, String colorLabel, Set<String> colors) {
        public static final Set<String> BLUE_GREEN = Set.of("blue", "green");

        public Request {
            if (!service.kind().equals("service")) {
                throw new IllegalArgumentException("a blue/green switch targets a service");
            }
            colors = Set.copyOf(colors);
            if (toColor != null && !colors.contains(toColor)) {
                throw new InvalidRequest("unknown colour %s; %s switches between %s".formatted(Names.quote(toColor), service, new java.util.TreeSet<>(colors)));
            }
            if (minReady != null && minReady < 1) {
                throw new InvalidRequest("--min-ready must be at least 1, not " + minReady);
            }
        }
    }

    public record Plan(String summary, String fromColor, String toColor, String resourceVersion, List<String> oldColorDeployments,
                       List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo)
            implements dev.smctl.engine.Plan {
    }

    private final KubernetesClient client;
    private final Request request;
    private final HealthCheck health;
    private final Waiter waiter;
    /** The Service's resourceVersion after our switch: a switch-back only happens if nobody changed it since. */
    private String switchedVersion;

    public BlueGreenSwitch(KubernetesClient client, Request request, HealthCheck health, Waiter waiter) {
        this.client = client;
        this.request = request;
        this.health = health;
        this.waiter = waiter;
    }

    @Override
    public String name() {
        return "bluegreen-switch";
    }

    @Override
    public Target target() {
        return request.service();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("to", String.valueOf(request.toColor()));
        parameters.put("minReady", String.valueOf(request.minReady()));
        parameters.put("healthUrl", request.healthUrl() == null ? "" : request.healthUrl().toString());
        parameters.put("scaleDownDelay", String.valueOf(request.scaleDownDelay()));
        return parameters;
    }

    @Override
    public Plan plan() {
        Target target = request.service();
        Service service = Lookups.require(client, Service.class, target);
        Map<String, String> selector = service.getSpec().getSelector();
        String live = selector.get(request.colorLabel());
        if (live == null) {
            throw new Refused("%s has no '%s' in its selector %s: it is not a blue/green service".formatted(target, request.colorLabel(), selector));
        }
        String next = request.toColor() != null ? request.toColor() : other(live);
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("selector", new TreeMap<>(selector));
        before.put("liveColor", live);
        before.put("resourceVersion", service.getMetadata().getResourceVersion());
        String undo = "smctl bluegreen switch %s -n %s --to %s".formatted(target.name(), target.namespace(), live);
        if (next.equals(live)) {
            return new Plan("nothing to switch", live, next, service.getMetadata().getResourceVersion(), List.of(), List.of(), before,
                    Optional.of("%s already sends traffic to %s".formatted(target, live)), "");
        }
        ColourState nextState = ColourState.of(client, target.namespace(), withColor(selector, next));
        if (nextState.deployments().isEmpty()) {
            throw new Refused("no Deployment runs pods labelled %s in %s; nothing to switch to".formatted(withColor(selector, next), target.namespace()));
        }
        int needed = request.minReady() != null ? request.minReady() : nextState.desired();
        if (needed == 0) {
            throw new Refused("%s is scaled to 0; scale it up first, e.g. 'smctl scale deployment/%s -n %s --replicas 3'"
                    .formatted(next, nextState.deployments().get(0), target.namespace()));
        }
        if (nextState.ready() < needed) {
            throw new Refused("only %d of %d %s pods are ready (need %d, see --min-ready); not switching %s"
                    .formatted(nextState.ready(), nextState.desired(), next, needed, target));
        }
        before.put("ready", Map.of(live, ColourState.of(client, target.namespace(), selector).ready(), next, nextState.ready()));
        List<String> oldDeployments = ColourState.of(client, target.namespace(), selector).deployments();
        return new Plan("switch %s from %s to %s (%d of %d %s pods ready)".formatted(target, live, next, nextState.ready(),
                nextState.desired(), next), live, next, service.getMetadata().getResourceVersion(), oldDeployments,
                List.of(new Change("/spec/selector/" + Patches.escape(request.colorLabel()), live, next)), before, Optional.empty(), undo);
    }

    private String other(String live) {
        if (request.colors().size() != 2) {
            throw new InvalidRequest("more than two colours: pass --to COLOR");
        }
        return request.colors().stream().filter(c -> !c.equals(live)).findFirst().orElseThrow();
    }

    private Map<String, String> withColor(Map<String, String> selector, String color) {
        Map<String, String> copy = new TreeMap<>(selector);
        copy.put(request.colorLabel(), color);
        return copy;
    }

    @Override
    public Map<String, Object> execute(Plan plan, Progress progress) {
        Service switched = setColor(plan.resourceVersion(), plan.toColor());
        switchedVersion = switched.getMetadata().getResourceVersion();
        progress.report("execute", "%s now sends traffic to %s".formatted(request.service(), plan.toColor()));
        return Map.of("liveColor", plan.toColor(), "selector", new TreeMap<>(switched.getSpec().getSelector()),
                "resourceVersion", switchedVersion);
    }

    private Service setColor(String resourceVersion, String color) {
        var patch = Patches.guardedBy(resourceVersion);
        patch.addObject().put("op", "replace").put("path", "/spec/selector/" + Patches.escape(request.colorLabel())).put("value", color);
        return Patches.apply(client, Service.class, request.service().namespace(), request.service().name(), patch);
    }

    @Override
    public Verification verify(Plan plan, Progress progress) {
        Target target = request.service();
        if (request.healthUrl() != null) {
            Verification probe = health.probe(request.healthUrl(), waiter.clock().instant().plus(request.healthTimeout()), progress);
            if (!probe.passed()) {
                return switchBack(plan, probe, progress);
            }
        }
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("liveColor", plan.toColor());
        String message = "%s sends traffic to %s".formatted(target, plan.toColor())
                + (request.healthUrl() == null ? "" : " and its health check passes");
        if (request.scaleDownDelay() != null) {
            progress.report("verify", "keeping %s scaled for %s before scaling it down".formatted(plan.fromColor(), request.scaleDownDelay()));
            waiter.sleep(request.scaleDownDelay());
            for (String deployment : plan.oldColorDeployments()) {
                scaleToZero(new Target("deployment", target.namespace(), deployment), progress);
            }
            observed.put("scaledDown", plan.oldColorDeployments());
            message += "; %s scaled to 0 (way back: smctl scale deployment/NAME -n %s --restore-previous)".formatted(plan.fromColor(), target.namespace());
        }
        return Verification.passed(message, observed);
    }

    /** After promotion, a failed check switches traffic back to the colour that was live (Argo Rollouts' abort). */
    private Verification switchBack(Plan plan, Verification probe, Progress progress) {
        progress.report("verify", "health failed on %s; switching %s back to %s".formatted(plan.toColor(), request.service(), plan.fromColor()));
        try {
            setColor(switchedVersion, plan.fromColor());
        } catch (Conflict e) {
            return Verification.failed("%s after switching to %s, and %s was changed by someone else since, so it was NOT switched back; check it now"
                    .formatted(probe.message(), plan.toColor(), request.service()), Map.of("liveColor", "unknown"));
        }
        return Verification.failed("%s after switching to %s; switched back to %s automatically".formatted(probe.message(), plan.toColor(),
                plan.fromColor()), Map.of("liveColor", plan.fromColor(), "switchedBack", true, "health", probe.observed().getOrDefault("health", "")));
    }

    private void scaleToZero(Target deployment, Progress progress) {
        Scale scale = new Scale(client, new Scale.Request(deployment, 0, false, Integer.MAX_VALUE, request.healthTimeout()), waiter);
        Scale.Plan plan = scale.plan();
        if (plan.skipReason().isEmpty()) {
            scale.execute(plan, progress);
            progress.report("verify", plan.summary());
        }
    }

    /** What one colour has running: its Deployments, their desired replicas, and how many pods are ready. */
    public record ColourState(List<String> deployments, int desired, int ready, List<String> images) {
        public static ColourState of(KubernetesClient client, String namespace, Map<String, String> selector) {
            List<Deployment> deployments = client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                    .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            int desired = deployments.stream().mapToInt(d -> d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()).sum();
            int ready = (int) client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                    .filter(Pods::isReady)
                    .count();
            List<String> images = deployments.stream().flatMap(d -> RolloutHistory.images(d.getSpec().getTemplate()).values().stream())
                    .distinct().toList();
            return new ColourState(deployments.stream().map(d -> d.getMetadata().getName()).toList(), desired, ready, images);
        }
    }
}
