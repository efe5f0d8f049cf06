package dev.smctl.jenkins.work;

import dev.smctl.diagnostics.Diagnosis;
import dev.smctl.diagnostics.PodState;
import dev.smctl.diagnostics.PodUsage;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import dev.smctl.k8s.BlueGreenSwitch;
import dev.smctl.k8s.IngressAnnotate;
import dev.smctl.k8s.RollbackRequest;
import dev.smctl.k8s.Scale;
import dev.smctl.k8s.Workloads;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps that talk to the Kubernetes API; they run in the controller. Each record is one step's arguments
 * as given ({@code null} when left out) and binds them to one engine call; defaults are the command line's.
 */
public final class ClusterCalls {
    /** A replica count above this is taken for a typo, as {@code smctl scale --max-replicas} does by default. */
    static final int MAX_REPLICAS = 20;
    /** The runbook's Services keep the colour in this selector key, with these two values. */
    static final String COLOR_LABEL = "color";

    private ClusterCalls() {
    }

    /** @param toRevision a revision number as text; blank or {@code 0} is the previous one */
    public record Rollback(String deployment, String toRevision, String timeout, String healthUrl) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Integer revision = Arguments.whole(toRevision, "toRevision");
            RollbackRequest request = new RollbackRequest(Target.deployment(scope.namespace(), Arguments.required(deployment, "deployment")),
                    revision == null ? 0 : revision, Arguments.duration(timeout, "5m"), Arguments.url(healthUrl, "healthUrl"),
                    RollbackRequest.DEFAULT_HEALTH_TIMEOUT);
            return StepOutcome.of(scope.engine().rollback(request, scope.invocation(), scope.progress()), Map.of());
        }
    }

    public record BlueGreen(String service, String to, String healthUrl) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            var request = new BlueGreenSwitch.Request(new Target("service", scope.namespace(), Arguments.required(service, "service")),
                    to == null || to.isBlank() ? null : to.strip(), null, Arguments.url(healthUrl, "healthUrl"),
                    RollbackRequest.DEFAULT_HEALTH_TIMEOUT, null, COLOR_LABEL, BlueGreenSwitch.Request.BLUE_GREEN);
            return StepOutcome.of(scope.engine().blueGreenSwitch(request, scope.invocation(), scope.progress()), Map.of());
        }
    }

    /** @param replicas a count as text; @param restorePrevious {@code "true"} to scale back to the recorded count */
    public record ScaleWorkload(String workload, String replicas, String restorePrevious, String timeout) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            var request = new Scale.Request(Workloads.parse(Arguments.required(workload, "workload"), scope.namespace(), "deployment"),
                    Arguments.whole(replicas, "replicas"), Arguments.flag(restorePrevious, "restorePrevious"), MAX_REPLICAS,
                    Arguments.duration(timeout, "5m"));
            return StepOutcome.of(scope.engine().scale(request, scope.invocation(), scope.progress()), Map.of());
        }
    }

    public record Restart(String deployment, String timeout) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            return StepOutcome.of(scope.engine().restart(Target.deployment(scope.namespace(), Arguments.required(deployment, "deployment")),
                    Arguments.duration(timeout, "5m"), scope.invocation(), scope.progress()), Map.of());
        }
    }

    public record PodDelete(String pod, String timeout) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            return StepOutcome.of(scope.engine().deletePod(new Target("pod", scope.namespace(), Arguments.required(pod, "pod")),
                    Arguments.duration(timeout, "5m"), scope.invocation(), scope.progress()), Map.of());
        }
    }

    /** @param annotation kubectl annotate's spelling: {@code KEY=VALUE} sets, {@code KEY-} removes; allowlisted keys only */
    public record AnnotateIngress(String ingress, String annotation) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            var request = IngressAnnotate.Request.parse(new Target("ingress", scope.namespace(), Arguments.required(ingress, "ingress")),
                    Arguments.required(annotation, "annotation"));
            return StepOutcome.of(scope.engine().annotateIngress(request, scope.invocation(), scope.progress()), Map.of());
        }
    }

    /** @param mode {@code on} puts the maintenance page behind the Service, {@code off} gives it its own selector back */
    public record MaintenanceMode(String service, String mode, String timeout) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            boolean on = Arguments.onOff(mode, "mode");
            return StepOutcome.of(scope.engine().maintenance(new Target("service", scope.namespace(), Arguments.required(service, "service")), on,
                    Arguments.duration(timeout, "2m"), scope.invocation(), scope.progress()), Map.of());
        }
    }

    public record BackupJob(String cronJob, String timeout) implements StepCall {
        /** Log lines of the backup Job reported in the result, as {@code smctl backup-job} does. */
        private static final int LOG_LINES = 50;

        @Override
        public StepOutcome run(Scope scope) {
            return StepOutcome.of(scope.engine().backupJob(new Target("cronjob", scope.namespace(), Arguments.required(cronJob, "cronJob")), null,
                    Arguments.duration(timeout, "30m"), LOG_LINES, scope.invocation(), scope.progress()), Map.of());
        }
    }

    /** P0-01 investigation; read-only. Adds {@code scenario} (A, B or unknown), findings and pod states. */
    public record Diagnose(String deployment, String logLines) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            Target target = Target.deployment(scope.namespace(), Arguments.required(deployment, "deployment"));
            Integer given = Arguments.whole(logLines, "logLines");
            int lines = given == null || given <= 0 ? 100 : given;
            Diagnosis diagnosis = scope.engine().diagnose(target, lines, List.of());
            Map<String, Object> found = new LinkedHashMap<>();
            found.put("scenario", diagnosis.scenario());
            found.put("findings", diagnosis.findings());
            found.put("states", diagnosis.states());
            List<Map<String, Object>> pods = new ArrayList<>();
            for (PodState pod : diagnosis.pods()) {
                pods.add(Map.of("pod", pod.pod(), "state", pod.state(), "ready", pod.ready(), "restarts", pod.restarts(),
                        "lastTermination", String.valueOf(pod.lastTermination())));
            }
            found.put("pods", pods);
            found.put("errors", diagnosis.errors().stream().map(e -> e.count() + " " + e.type()).toList());
            return scope.looked("diagnose", target, started, Status.SUCCEEDED, "scenario %s: %s".formatted(diagnosis.scenario(),
                    String.join("; ", diagnosis.findings())), found, Map.of("deployment", target.name(), "logLines", String.valueOf(lines)));
        }
    }

    /** {@code kubectl top pods}; read-only. Adds {@code pods}: name, CPU millicores and memory MiB, heaviest first. */
    public record Top(String order) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            PodUsage.Order sort = PodUsage.Order.of(order);
            String namespace = scope.namespace();
            List<Map<String, Object>> pods = new ArrayList<>();
            for (PodUsage usage : scope.engine().top(namespace, sort)) {
                pods.add(Map.of("pod", usage.pod(), "cpuMillicores", usage.cpuMillicores(), "memoryMebibytes", usage.memoryMebibytes()));
            }
            return scope.looked("top", new Target("namespace", namespace, namespace), started, Status.SUCCEEDED,
                    "%d pods by %s".formatted(pods.size(), sort.name().toLowerCase(Locale.ROOT)), Map.of("pods", pods),
                    Map.of("order", sort.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Probes a URL until it answers 2xx or the timeout passes; read-only. A failed probe fails the step. No URL is
     * a skip, not an error, as in the engine's runbooks: a definition passes {@code url: "${healthUrl}"}, which a
     * build may leave blank.
     */
    public record HealthProbe(String url, String timeout) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            URI target = Arguments.url(url, "url");
            if (target == null) {
                return scope.looked("health-check", new Target("url", scope.recordNamespace(), "none"), started, Status.SKIPPED,
                        "no health URL was given: not probed", Map.of(), Map.of("url", ""));
            }
            if (target.getHost() == null || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
                throw new InvalidRequest("'url' must be an http:// or https:// URL with a host");
            }
            Verification verification = scope.databaseEngine().probeHealth(target, Arguments.duration(timeout, "60s"), scope.progress());
            return scope.looked("health-check", new Target("url", scope.recordNamespace(), target.getHost()), started,
                    verification.passed() ? Status.SUCCEEDED : Status.FAILED, verification.message(), verification.observed(),
                    Map.of("url", Redaction.url(target)));
        }
    }
}
