package dev.smctl.diagnostics;

import dev.smctl.engine.Target;
import dev.smctl.k8s.Lookups;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The P0-01 investigation of a Deployment, read-only: its pods' states, the last log lines with the runbook's
 * patterns flagged, ERROR lines grouped by type, and what the findings point to. Changes nothing, takes no lock.
 */
public record Diagnosis(Target target, List<PodState> pods, Map<String, Integer> states, List<LogPatterns.FlaggedLine> flagged,
                        List<LogPatterns.ErrorType> errors, List<DependencyCheck> dependencies, List<String> findings) {

    /** @param dependencies the probes whose endpoints were configured (PostgreSQL, Redis, S3); may be empty */
    public static Diagnosis of(KubernetesClient client, Target deployment, int logLines, List<DependencyProbe> dependencies) {
        Deployment live = Lookups.require(client, Deployment.class, deployment);
        List<Pod> pods = client.pods().inNamespace(deployment.namespace())
                .withLabelSelector(live.getSpec().getSelector()).list().getItems();
        List<PodState> states = pods.stream().map(PodState::of).toList();
        Map<String, Integer> counts = new TreeMap<>();
        states.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
        List<LogPatterns.FlaggedLine> flagged = new ArrayList<>();
        List<String> allLines = new ArrayList<>();
        for (Pod pod : pods) {
            for (String line : log(client, pod, logLines)) {
                allLines.add(line);
                List<String> flags = LogPatterns.flags(line);
                if (!flags.isEmpty()) {
                    flagged.add(new LogPatterns.FlaggedLine(pod.getMetadata().getName(), line, flags));
                }
            }
        }
        List<DependencyCheck> checks = dependencies.stream().map(DependencyProbe::check).toList();
        return new Diagnosis(deployment, states, counts, flagged, LogPatterns.summarize(allLines), checks,
                findings(deployment, states, flagged, checks));
    }

    /** Previous container's log is what explains a crash loop; the current one may not have started. */
    private static List<String> log(KubernetesClient client, Pod pod, int lines) {
        try {
            String text = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .tailingLines(lines).getLog();
            return text == null ? List.of() : text.lines().toList();
        } catch (KubernetesClientException e) {
            return List.of("(log unavailable: HTTP %d)".formatted(e.getCode()));
        }
    }

    /**
     * The P0-01 mitigation scenario the evidence points to: {@code B} when the database is unreachable (probe or log
     * lines), else {@code A} when pods crash at start, else {@code unknown}. Scenario C (a blue/green problem) is never
     * inferred from one Deployment's pods: the operator chooses it.
     */
    public String scenario() {
        return scenario(pods, flagged, dependencies);
    }

    private static String scenario(List<PodState> pods, List<LogPatterns.FlaggedLine> flagged, List<DependencyCheck> checks) {
        boolean databaseDown = checks.stream().anyMatch(c -> c.name().equals("postgresql") && !c.ok());
        if (databaseDown || flagged.stream().anyMatch(f -> f.flags().contains("database connection"))) {
            return "B";
        }
        boolean crashing = pods.stream().anyMatch(p -> p.state().equals("CrashLoopBackOff") || p.state().equals("OOMKilled"));
        return crashing ? "A" : "unknown";
    }

    /** The runbook's reading of the evidence, as suggestions: the operator decides. */
    static List<String> findings(Target deployment, List<PodState> pods, List<LogPatterns.FlaggedLine> flagged, List<DependencyCheck> checks) {
        List<String> findings = new ArrayList<>();
        long ready = pods.stream().filter(PodState::ready).count();
        findings.add("%d of %d pods ready".formatted(ready, pods.size()));
        checks.stream().filter(c -> !c.ok()).forEach(c -> findings.add("%s at %s does not answer: %s".formatted(c.name(), c.endpoint(), c.message())));
        String scenario = scenario(pods, flagged, checks);
        if (scenario.equals("B")) {
            findings.add("the database is unreachable: scenario B, check postgres-0 ('smctl pod delete postgres-0 -n %s' if it is down; restore if corrupted)"
                    .formatted(deployment.namespace()));
        } else if (scenario.equals("A")) {
            findings.add("pods crash at start: scenario A, roll back ('smctl rollback %s -n %s --dry-run' shows the plan)"
                    .formatted(deployment.name(), deployment.namespace()));
        }
        if (pods.stream().anyMatch(p -> p.state().equals("ImagePullBackOff"))) {
            findings.add("an image cannot be pulled: check the image tag and the registry credentials, or roll back");
        }
        if (pods.stream().anyMatch(p -> p.state().equals("OOMKilled"))) {
            findings.add("containers are killed for memory: raise the limit or roll back the release that grew");
        }
        return findings;
    }
}
