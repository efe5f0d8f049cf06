package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerification;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Names;
import dev.smctl.engine.Target;
import dev.smctl.k8s.RollbackRequest;
import dev.smctl.sandbox.ImageHealth;
import dev.smctl.sandbox.Platform;
import dev.smctl.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

@Command(name = "demo",
        description = {
                "Start a sandbox cluster seeded with the Secure Messenger platform, inject an incident, remediate it",
                "with the same engine as every other command, and print the timeline and the audit trail.",
                "Scenarios: p0-01 (application down: the newest release crash-loops; rolled back)."},
        footer = {"", "Examples:", "  smctl demo", "  smctl demo --keep    # then, in another terminal: KUBECONFIG=<printed path> kubectl get pods -n production"})
final class DemoCommand implements Callable<Integer> {
    private static final String BROKEN_RELEASE = "2.4.0";
    private static final Duration TICK = Duration.ofMillis(100);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", arity = "0..1", defaultValue = "p0-01", description = "Scenario to play (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--keep", description = "Keep the sandbox up after the scenario, until Ctrl-C, for kubectl and smctl to look at.")
    boolean keep;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sm-out", description = "Where the demo writes its run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--verbose", description = "Print stack traces of unexpected errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!"p0-01".equals(scenario)) {
            throw new InvalidRequest("unknown scenario %s; available: p0-01".formatted(Names.quote(scenario)));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Instant start = Instant.now();
        Path runDir = out.resolve("demo-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(start));
        AuditLog audit = new AuditLog(runDir.resolve("audit.jsonl"));
        Timeline timeline = new Timeline(start, stdout);
        stdout.println("P0-01 Application down, scenario A (bad release): sandbox, incident, remediation");
        stdout.println();
        Sandbox sandbox = Sandbox.start(runDir);
        try {
            sandbox.startControllers(TICK);
            timeline.report("sandbox", "Kubernetes API (fabric8 CRUD mock) at %s; namespace production seeded: backend (revisions 1-3, %s live), postgres-0, redis-0, ingress secure-messenger, cronjob postgres-backup"
                    .formatted(sandbox.apiUrl(), Platform.RELEASES[Platform.RELEASES.length - 1]));
            injectBadRelease(sandbox, timeline);
            timeline.report("diagnose", "scenario A: the newest release (%s) crash-loops and the revision before it ran healthy: roll back"
                    .formatted(BROKEN_RELEASE));
            Remediation remediation = new Remediation(sandbox.client(), audit, Gate.NONE,
                    new Remediation.Settings(Duration.ofMillis(200), Duration.ofSeconds(30), Clock.systemUTC()));
            ActionResult result = remediation.rollback(
                    new RollbackRequest(Target.deployment(Platform.NAMESPACE, Platform.BACKEND), 0, Duration.ofMinutes(2),
                            sandbox.healthUrl(), Duration.ofSeconds(30)),
                    new Invocation(Actor.user("demo-oncall"), "P0-01 scenario A: release " + BROKEN_RELEASE + " crash-loops", "smctl demo", false),
                    timeline);
            timeline.report("resolved", "/health answers HTTP %d".formatted(healthStatus(sandbox.healthUrl())));
            AuditVerification verification = AuditVerifier.verify(audit.file());
            printSummary(stdout, result, audit, verification, sandbox, timeline);
            if (keep) {
                keepUntilInterrupted(stdout, sandbox);
            }
            return result.exitCode() == ExitCodes.OK && verification.intact() ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            if (!keep) {
                sandbox.close();
            }
        }
    }

    /** The incident: 2.4.0 is released, passes its rollout, then crash-loops under load. */
    private static void injectBadRelease(Sandbox sandbox, Timeline timeline) throws IOException, InterruptedException {
        String image = Platform.IMAGE + BROKEN_RELEASE;
        sandbox.controller().release(Platform.NAMESPACE, Platform.BACKEND, image, "deploy " + BROKEN_RELEASE + " by ci (pipeline #104)");
        timeline.report("release", "CI released %s as revision 4; rollout complete".formatted(image));
        sandbox.images().breakImage(image, ImageHealth.Failure.CRASH_LOOP);
        waitFor(() -> backendPods(sandbox).stream().allMatch(p -> waitingReason(p).equals("CrashLoopBackOff")));
        timeline.report("incident", "under load, %s crashes at start: pods restart in a loop".formatted(BROKEN_RELEASE));
        waitFor(() -> healthStatus(sandbox.healthUrl()) == 503);
        Map<String, Integer> states = new TreeMap<>();
        backendPods(sandbox).forEach(p -> states.merge(waitingReason(p), 1, Integer::sum));
        Pod sample = backendPods(sandbox).get(0);
        ContainerStatus container = sample.getStatus().getContainerStatuses().get(0);
        timeline.report("alert", "ApplicationDown: /health answers HTTP 503; backend pods %s; e.g. %s: restarts %d, last termination %s (exit %d)"
                .formatted(states, sample.getMetadata().getName(), container.getRestartCount(),
                        container.getLastState().getTerminated().getReason(), container.getLastState().getTerminated().getExitCode()));
    }

    /** The pods Service/backend sends traffic to. */
    private static List<Pod> backendPods(Sandbox sandbox) {
        Map<String, String> selector = sandbox.client().services().inNamespace(Platform.NAMESPACE).withName(Platform.BACKEND).get()
                .getSpec().getSelector();
        return sandbox.client().pods().inNamespace(Platform.NAMESPACE).withLabels(selector).list().getItems();
    }

    private static String waitingReason(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
        if (statuses.isEmpty() || statuses.get(0).getState() == null) {
            return "Unknown";
        }
        var state = statuses.get(0).getState();
        return state.getWaiting() != null ? state.getWaiting().getReason() : state.getRunning() != null ? "Running" : "Terminated";
    }

    private static int healthStatus(URI url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the sandbox did not reach the incident's state within 30 s");
            }
            Thread.sleep(TICK.toMillis());
        }
    }

    private static void printSummary(PrintWriter stdout, ActionResult result, AuditLog audit, AuditVerification verification,
                                     Sandbox sandbox, Timeline timeline) {
        stdout.println();
        ResultPrinter.print(result, audit.file(), OutputFormat.TEXT, stdout);
        stdout.println();
        stdout.printf("Audit log:   %s%n", audit.file());
        stdout.printf("Verified:    %s%n", verification.summary());
        stdout.printf("Kubeconfig:  %s%n", sandbox.kubeconfig().toAbsolutePath());
        stdout.printf("Duration:    %s from sandbox start to resolution (%d events)%n",
                timeline.offset(Instant.now()).replace(" ", ""), timeline.events().size());
        stdout.flush();
    }

    private static void keepUntilInterrupted(PrintWriter stdout, Sandbox sandbox) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        stdout.println();
        stdout.printf("The sandbox stays up until Ctrl-C. Try:%n  export KUBECONFIG=%s%n  kubectl get deploy,rs,pods -n production%n  java -jar cli/target/smctl.jar rollback backend --dry-run%n",
                sandbox.kubeconfig().toAbsolutePath());
        stdout.flush();
        stopped.await();
    }
}
