package dev.smctl.bench;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.k8s.RollbackRequest;
import dev.smctl.sandbox.Platform;
import dev.smctl.sandbox.Sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests per rollback (smctl against kubectl) and the CLI's cold start, measured in one run. A harness, not
 * JMH: the quantities are counts and whole-process wall times.
 */
public final class RollbackBench {
    private static final int COLD_STARTS = 7;

    private RollbackBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("smctl-bench");
        Path jar = Path.of(args.length > 0 ? args[0] : "../cli/target/smctl.jar").toAbsolutePath().normalize();
        boolean kubectl = onPath("kubectl");
        System.out.printf("# smctl rollback benchmark (%s, %d cores)%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors());

        System.out.println("## API requests of one rollback (server-side count, same sandbox state)");
        Map<String, Integer> ours = smctlRequests(work.resolve("ours"));
        System.out.printf("smctl:   change %d (get, list, patch), lock %d (lease create, get, delete), rollout wait %d per poll%n",
                ours.get("change"), ours.get("lock"), ours.get("wait"));
        if (kubectl) {
            Map<String, Integer> theirs = kubectlRequests(work.resolve("kubectl"));
            System.out.printf("kubectl: change %d (rollout undo, discovery cache warm), discovery %d when the cache is cold%n",
                    theirs.get("change"), theirs.get("discovery"));
            System.out.printf("ratio:   smctl change / kubectl change = %.2f%n", ours.get("change") / (double) theirs.get("change"));
        } else {
            System.out.println("kubectl: not on the PATH; install kubernetes-client to compare");
        }

        System.out.println();
        System.out.println("## Cold start (wall time, median of " + COLD_STARTS + " runs)");
        if (!Files.exists(jar)) {
            System.out.println("no " + jar + ": build it with mvn -B -DskipTests package");
            return;
        }
        try (Sandbox sandbox = Sandbox.start(work.resolve("cold"))) {
            String kubeconfig = sandbox.kubeconfig().toString();
            long version = median(List.of("java", "-jar", jar.toString(), "--version"));
            List<String> dryRun = List.of("java", "-jar", jar.toString(), "rollback", "backend", "-n", "production",
                    "--dry-run", "--kubeconfig", kubeconfig, "--audit-log", work.resolve("cold-audit.jsonl").toString());
            long smctl = median(dryRun);
            System.out.printf("smctl --version:                          %5d ms%n", version);
            System.out.printf("smctl rollback --dry-run (sandbox):       %5d ms%n", smctl);
            if (kubectl) {
                long theirs = median(List.of("kubectl", "--kubeconfig", kubeconfig, "rollout", "undo", "deployment/backend",
                        "-n", "production", "--dry-run=client"));
                System.out.printf("kubectl rollout undo --dry-run=client:    %5d ms%n", theirs);
                System.out.printf("ratio:   smctl dry-run / kubectl dry-run = %.1f%n", smctl / (double) theirs);
            }
            if (Files.isExecutable(Path.of("/usr/bin/time"))) {
                List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "peak-rss-kb %M"));
                timed.addAll(dryRun);
                String output = run(timed).output();
                System.out.println("smctl rollback --dry-run peak RSS:        " + output.lines().filter(l -> l.startsWith("peak-rss-kb"))
                        .map(l -> Long.parseLong(l.split(" ")[1]) / 1024 + " MiB").findFirst().orElse("?"));
            }
        }
    }

    /**
     * With no controller running, the rollout wait ends at its first poll (timeout 1 ms), so the count is exact:
     * the change, the lock, and one poll. A real wait adds one GET per poll interval (1 s by default).
     */
    private static Map<String, Integer> smctlRequests(Path dir) {
        try (Sandbox sandbox = Sandbox.start(dir)) {
            Remediation remediation = new Remediation(sandbox.client(), new AuditLog(dir.resolve("audit.jsonl")), Gate.NONE,
                    new Remediation.Settings(Duration.ofSeconds(1), Duration.ofSeconds(60), Clock.systemUTC()));
            sandbox.takeRequests();
            remediation.rollback(new RollbackRequest(Target.deployment(Platform.NAMESPACE, Platform.BACKEND),
                            0, Duration.ofMillis(1), null, Duration.ofSeconds(5)),
                    new Invocation(Actor.user("bench"), "benchmark", "bench", false), Progress.NONE);
            Map<String, Integer> counts = new TreeMap<>(Map.of("change", 0, "lock", 0, "wait", 0));
            boolean patched = false;
            for (String request : sandbox.takeRequests()) {
                String kind = request.contains("/leases") ? "lock" : patched ? "wait" : "change";
                patched |= request.startsWith("PATCH");
                counts.merge(kind, 1, Integer::sum);
            }
            return counts;
        }
    }

    private static Map<String, Integer> kubectlRequests(Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(dir)) {
            String kubeconfig = sandbox.kubeconfig().toString();
            String cache = dir.resolve("kube-cache").toString();
            sandbox.takeRequests();
            run(List.of("kubectl", "--kubeconfig", kubeconfig, "--cache-dir", cache, "api-resources"));
            int discovery = sandbox.takeRequests().size();
            ProcessResult undo = run(List.of("kubectl", "--kubeconfig", kubeconfig, "--cache-dir", cache, "rollout", "undo",
                    "deployment/backend", "-n", "production"));
            if (undo.exitCode() != 0) {
                throw new IllegalStateException("kubectl rollout undo failed: " + undo.output());
            }
            List<String> requests = sandbox.takeRequests();
            requests.forEach(request -> System.out.println("         kubectl: " + request));
            return Map.of("change", requests.size(), "discovery", discovery);
        }
    }

    private static long median(List<String> command) throws Exception {
        long[] times = new long[COLD_STARTS];
        for (int i = 0; i < COLD_STARTS; i++) {
            long start = System.nanoTime();
            ProcessResult result = run(command);
            times[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
            }
        }
        Arrays.sort(times);
        return times[COLD_STARTS / 2];
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(process.waitFor(), output);
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
