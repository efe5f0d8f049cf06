package dev.smctl.k8s;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Sets (or removes) one ingress annotation from an allowlist, such as the runbook's P1-02 fix
 * {@code nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"}, recording the value it replaces.
 */
public final class IngressAnnotate implements Action<IngressAnnotate.Plan> {
    private static final Pattern SECONDS = Pattern.compile("[1-9]\\d{0,4}");
    private static final Pattern SIZE = Pattern.compile("\\d{1,6}[kmg]?");
    /** The annotations this action may change, with the values each accepts. */
    public static final Map<String, Pattern> ALLOWED = Map.of(
            "nginx.ingress.kubernetes.io/proxy-read-timeout", SECONDS,
            "nginx.ingress.kubernetes.io/proxy-send-timeout", SECONDS,
            "nginx.ingress.kubernetes.io/proxy-connect-timeout", SECONDS,
            "nginx.ingress.kubernetes.io/proxy-body-size", SIZE);

    /** @param value the new value, or {@code null} to remove the annotation */
    public record Request(Target ingress, String key, String value) {
        /** From kubectl annotate's spelling: {@code KEY=VALUE} sets, {@code KEY-} removes. */
        public static Request parse(Target ingress, String assignment) {
            int equals = assignment.indexOf('=');
            if (equals > 0) {
                return new Request(ingress, assignment.substring(0, equals), assignment.substring(equals + 1));
            }
            if (assignment.endsWith("-")) {
                return new Request(ingress, assignment.substring(0, assignment.length() - 1), null);
            }
            throw new InvalidRequest("write the annotation as KEY=VALUE, or KEY- to remove it, not " + Names.quote(assignment));
        }

        public Request {
            Pattern accepted = ALLOWED.get(key);
            if (accepted == null) {
                throw new InvalidRequest("annotation %s is not in the allowlist %s".formatted(Names.quote(key), new TreeMap<>(ALLOWED).keySet()));
            }
            if (value != null && !accepted.matcher(value).matches()) {
                throw new InvalidRequest("%s does not accept %s (expected %s)".formatted(key, Names.quote(value),
                        accepted == SECONDS ? "whole seconds, 1 to 99999" : "a size such as 8m"));
            }
        }
    }

    public record Plan(String summary, String resourceVersion, Map<String, String> annotations, List<Change> changes,
                       Map<String, Object> before, Optional<String> skipReason, String undo) implements dev.smctl.engine.Plan {
    }

    private final KubernetesClient client;
    private final Request request;

    public IngressAnnotate(KubernetesClient client, Request request) {
        this.client = client;
        this.request = request;
    }

    @Override
    public String name() {
        return "ingress-annotate";
    }

    @Override
    public Target target() {
        return request.ingress();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("annotation", request.key());
        parameters.put("value", request.value());
        return parameters;
    }

    @Override
    public Plan plan() {
        Target target = request.ingress();
        Ingress ingress = Lookups.require(client, Ingress.class, target);
        Map<String, String> annotations = new TreeMap<>(annotationsOf(ingress));
        String previous = request.value() == null ? annotations.remove(request.key()) : annotations.put(request.key(), request.value());
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("annotation", request.key());
        before.put("value", previous);
        String undo = "smctl ingress annotate %s -n %s %s".formatted(target.name(), target.namespace(),
                previous == null ? request.key() + "-" : request.key() + "=" + previous);
        if (Objects.equals(previous, request.value())) {
            return new Plan("nothing to change", ingress.getMetadata().getResourceVersion(), annotations, List.of(), before,
                    Optional.of("%s already has %s=%s".formatted(target, request.key(), previous)), "");
        }
        return new Plan("%s %s on %s (was %s)".formatted(request.value() == null ? "remove" : "set", request.value() == null
                        ? request.key() : request.key() + "=" + request.value(), target, previous == null ? "unset" : previous),
                ingress.getMetadata().getResourceVersion(), annotations,
                List.of(new Change("/metadata/annotations/" + Patches.escape(request.key()), previous, request.value())),
                before, Optional.empty(), undo);
    }

    @Override
    public Map<String, Object> execute(Plan plan, Progress progress) {
        var patch = Patches.guardedBy(plan.resourceVersion());
        if (plan.annotations().isEmpty()) {
            patch.addObject().put("op", "remove").put("path", "/metadata/annotations");
        } else {
            patch.addObject().put("op", "add").put("path", "/metadata/annotations")
                    .set("value", Serialization.jsonMapper().valueToTree(plan.annotations()));
        }
        Ingress patched = Patches.apply(client, Ingress.class, request.ingress().namespace(), request.ingress().name(), patch);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("annotation", request.key());
        after.put("value", annotationsOf(patched).get(request.key()));
        return after;
    }

    @Override
    public Verification verify(Plan plan, Progress progress) {
        Ingress live = client.network().v1().ingresses().inNamespace(request.ingress().namespace()).withName(request.ingress().name()).get();
        String value = live == null ? null : annotationsOf(live).get(request.key());
        // A removed annotation reads as null, and the execute step already recorded that; observations hold values only.
        Map<String, Object> observed = value == null ? Map.of() : Map.of("value", value);
        return Objects.equals(value, request.value())
                ? Verification.passed("%s has %s=%s (the ingress controller applies it on its next sync)".formatted(request.ingress(), request.key(), value), observed)
                : Verification.failed("%s reads %s=%s after the change: someone else changed it".formatted(request.ingress(), request.key(), value), observed);
    }

    /** An Ingress whose last annotation was removed has none at all: the API server drops the empty map. */
    private static Map<String, String> annotationsOf(Ingress ingress) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
