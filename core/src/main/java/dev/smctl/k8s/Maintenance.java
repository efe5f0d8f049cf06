package dev.smctl.k8s;

import dev.smctl.engine.Waiter;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maintenance mode: puts the maintenance backend of {@code smctl/maintenance.yaml} behind a Service (on), and
 * takes it away again (off). The Service's own selector is kept in an annotation while in maintenance, so that
 * off restores exactly what was there, from any machine.
 */
public final class Maintenance implements Action<Maintenance.Plan> {
    public static final String PREVIOUS_SELECTOR = "smctl.dev/maintenance-previous-selector";
    private static final String MANIFEST = "/smctl/maintenance.yaml";

    public record Plan(String summary, String resourceVersion, Map<String, String> selector, Map<String, String> annotations,
                       List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo)
            implements dev.smctl.engine.Plan {
    }

    private final KubernetesClient client;
    private final Target service;
    private final boolean on;
    private final Duration timeout;
    private final Waiter waiter;
    private final List<HasMetadata> manifest;

    public Maintenance(KubernetesClient client, Target service, boolean on, Duration timeout, Waiter waiter) {
        this.client = client;
        this.service = service;
        this.on = on;
        this.timeout = timeout;
        this.waiter = waiter;
        this.manifest = loadManifest(client, service.namespace());
    }

    private static List<HasMetadata> loadManifest(KubernetesClient client, String namespace) {
        try (InputStream in = Maintenance.class.getResourceAsStream(MANIFEST)) {
            if (in == null) {
                throw new IllegalStateException(MANIFEST + " is missing from the classpath");
            }
            List<HasMetadata> objects = new ArrayList<>(client.load(in).items());
            objects.forEach(o -> o.getMetadata().setNamespace(namespace));
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return on ? "maintenance-on" : "maintenance-off";
    }

    @Override
    public Target target() {
        return service;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("mode", on ? "on" : "off", "timeout", timeout.toString());
    }

    private Map<String, String> maintenanceSelector() {
        return manifest.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(MANIFEST + " has no Deployment")).getSpec().getSelector().getMatchLabels();
    }

    @Override
    public Plan plan() {
        Service live = Lookups.require(client, Service.class, service);
        Map<String, String> annotations = new TreeMap<>(live.getMetadata().getAnnotations());
        // Insertion order kept: "off" must put back the selector exactly as it was, key order included.
        Map<String, String> selector = new LinkedHashMap<>(live.getSpec().getSelector());
        String kept = annotations.get(PREVIOUS_SELECTOR);
        Map<String, Object> before = Map.of("selector", selector, "inMaintenance", kept != null);
        String rv = live.getMetadata().getResourceVersion();
        String onCommand = "smctl maintenance on %s -n %s".formatted(service.name(), service.namespace());
        String offCommand = "smctl maintenance off %s -n %s".formatted(service.name(), service.namespace());
        List<Change> changes = new ArrayList<>();
        if (on) {
            if (kept != null) {
                return new Plan("", rv, selector, annotations, List.of(), before, Optional.of(service + " is already in maintenance"), "");
            }
            annotations.put(PREVIOUS_SELECTOR, Serialization.asJson(selector));
            manifest.forEach(o -> changes.add(new Change("/objects/%s/%s".formatted(o.getKind(), o.getMetadata().getName()), null, "created")));
            changes.add(new Change("/spec/selector", selector.toString(), new TreeMap<>(maintenanceSelector()).toString()));
            changes.add(new Change("/metadata/annotations/" + Patches.escape(PREVIOUS_SELECTOR), null, annotations.get(PREVIOUS_SELECTOR)));
            return new Plan("put %s in maintenance: its traffic goes to the maintenance page".formatted(service), rv,
                    new TreeMap<>(maintenanceSelector()), annotations, changes, before, Optional.empty(), offCommand);
        }
        if (kept == null) {
            return new Plan("", rv, selector, annotations, List.of(), before, Optional.of(service + " is not in maintenance"), "");
        }
        Map<String, String> previous = previousSelector(kept);
        annotations.remove(PREVIOUS_SELECTOR);
        changes.add(new Change("/spec/selector", selector.toString(), previous.toString()));
        changes.add(new Change("/metadata/annotations/" + Patches.escape(PREVIOUS_SELECTOR), kept, null));
        manifest.forEach(o -> changes.add(new Change("/objects/%s/%s".formatted(o.getKind(), o.getMetadata().getName()), "present", null)));
        return new Plan("take %s out of maintenance: traffic goes back to %s".formatted(service, previous), rv, previous, annotations,
                changes, before, Optional.empty(), onCommand);
    }

    private static Map<String, String> previousSelector(String json) {
        try {
            return Serialization.jsonMapper().readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("annotation %s is not a selector; set the Service's selector by hand".formatted(PREVIOUS_SELECTOR), e);
        }
    }

    @Override
    public Map<String, Object> execute(Plan plan, Progress progress) {
        if (on) {
            manifest.forEach(o -> client.resource(o).inNamespace(service.namespace()).createOr(NonDeletingOperation::update));
            progress.report("execute", "maintenance backend applied from " + MANIFEST);
        }
        var patch = Patches.guardedBy(plan.resourceVersion());
        patch.addObject().put("op", "replace").put("path", "/spec/selector").set("value", Serialization.jsonMapper().valueToTree(plan.selector()));
        if (plan.annotations().isEmpty()) {
            // Removed rather than left empty, so that on then off leaves the Service as it was.
            patch.addObject().put("op", "remove").put("path", "/metadata/annotations");
        } else {
            patch.addObject().put("op", "add").put("path", "/metadata/annotations")
                    .set("value", Serialization.jsonMapper().valueToTree(plan.annotations()));
        }
        Service patched = Patches.apply(client, Service.class, service.namespace(), service.name(), patch);
        if (!on) {
            manifest.forEach(o -> client.resource(o).inNamespace(service.namespace()).delete());
            progress.report("execute", "maintenance backend removed");
        }
        return Map.of("selector", new TreeMap<>(patched.getSpec().getSelector()), "inMaintenance", on);
    }

    @Override
    public Verification verify(Plan plan, Progress progress) {
        Map<String, String> selector = plan.selector();
        return waiter.until("ready pods behind " + service, waiter.clock().instant().plus(timeout), () -> {
            long ready = client.pods().inNamespace(service.namespace()).withLabels(selector).list().getItems().stream()
                    .filter(Pods::isReady)
                    .count();
            String message = "%s selects %s: %d ready pods".formatted(service, selector, ready);
            return ready > 0 ? Waiter.Observation.done(message, Map.of("readyPods", ready)) : Waiter.Observation.waiting(message, Map.of("readyPods", ready));
        }, progress);
    }

}
