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
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.runbook.RunbookOutcome;
import dev.smctl.runbook.StepEnvironment;
import dev.smctl.k8s.BlueGreenSwitch;
import dev.smctl.k8s.Pods;
import dev.smctl.sandbox.ImageHealth;
import dev.smctl.sandbox.Platform;
import dev.smctl.sandbox.Sandbox;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

@Command(name = "demo",
        description = {
                "Start a sandbox cluster seeded with the Secure Messenger platform, inject an incident, investigate and",
                "remediate it with the same engine as every other command, and print the timeline and the audit trail.",
                "Scenarios:",
                "  p0-01   application down: the newest release crash-loops; runbook P0-01 diagnoses scenario A, rolls back on approval",
                "  p0-01c  a blue/green switch to a colour that fails its health check is switched back automatically",
                "  p0-02   database corruption: runbook P0-02: forensics, read-only, backend to 0, restore from before it, swap, back up, health",
                "  p0-03   security breach: evidence, isolate, revoke sessions, rotate every secret, force 2FA, bring back",
                "The runbook scenarios print the plan first, answer each gate as a second (demo) person, and draft the post-mortem."},
        footer = {"", "Examples:", "  smctl demo", "  smctl demo p0-01c",
                "  smctl demo --keep    # then, in another terminal: KUBECONFIG=<printed path> kubectl get pods -n production"})
final class DemoCommand implements Callable<Integer> {
    private static final String BROKEN_RELEASE = "2.4.0";
    private static final String BAD_GREEN_RELEASE = "2.5.0";
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Target BACKEND = Target.deployment(Platform.NAMESPACE, Platform.BACKEND);
    private static final Target SERVICE = new Target("service", Platform.NAMESPACE, Platform.BACKEND);
    private static final List<String> SCENARIOS = List.of("p0-01", "p0-01a", "p0-01c", "p0-02", "p0-03");

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
        if (!SCENARIOS.contains(scenario)) {
            throw new InvalidRequest("unknown scenario %s; available: p0-01 (or p0-01a), p0-01c, p0-02, p0-03".formatted(Names.quote(scenario)));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        Instant start = Instant.now();
        Path runDir = out.resolve("demo-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(start));
        AuditLog audit = new AuditLog(runDir.resolve("audit.jsonl"));
        Timeline timeline = new Timeline(start, stdout);
        boolean blueGreen = scenario.equals("p0-01c");
        boolean database = scenario.equals("p0-02");
        boolean breach = scenario.equals("p0-03");
        stdout.println(breach ? "P0-03 Security breach: evidence, isolate, revoke, rotate every secret, force 2FA, bring back"
                : database ? "P0-02 Database corruption: backup, corruption, read-only, restore from before it, swap"
                : blueGreen ? "P0-01 Application down, scenario C (blue/green): a bad switch, switched back automatically"
                : "P0-01 Application down, scenario A (bad release): sandbox, incident, investigation, remediation");
        stdout.println();
        Sandbox sandbox = Sandbox.start(runDir);
        try {
            sandbox.startControllers(TICK);
            timeline.report("sandbox", "Kubernetes API (fabric8 CRUD mock) at %s; namespace production seeded: backend (blue, revisions 1-3, %s live), backend-green, postgres-0, redis-0, ingress secure-messenger, cronjob postgres-backup"
                    .formatted(sandbox.apiUrl(), Platform.RELEASES[Platform.RELEASES.length - 1]));
            Remediation remediation = new Remediation(sandbox.client(), audit, Gate.NONE,
                    new Remediation.Settings(Duration.ofMillis(200), Duration.ofSeconds(30), Clock.systemUTC()));
            boolean resolved;
            if (breach) {
                try (BreachScenario incident = new BreachScenario(runDir)) {
                    timeline.report("data", incident.describe());
                    resolved = incident.play(sandbox, remediation, audit, timeline, stdout).exitCode() == ExitCodes.OK;
                }
            } else if (database) {
                try (DatabaseCorruptionScenario data = new DatabaseCorruptionScenario(runDir)) {
                    timeline.report("data", data.describe());
                    resolved = data.play(remediation, sandbox.healthUrl(), audit, runDir, timeline, stdout).exitCode() == ExitCodes.OK;
                }
            } else if (blueGreen) {
                ActionResult result = badSwitch(sandbox, remediation, timeline);
                stdout.println();
                ResultPrinter.print(result, audit.file(), OutputFormat.TEXT, stdout);
                resolved = Boolean.TRUE.equals(result.after().get("switchedBack")) && "blue".equals(liveColour(sandbox));
            } else {
                RunbookOutcome outcome = badRelease(sandbox, remediation, audit, runDir, timeline, stdout);
                resolved = outcome.exitCode() == ExitCodes.OK && outcome.steps().stream()
                        .anyMatch(step -> step.step().equals("rollback") && step.status().equals("succeeded"));
            }
            int health = healthStatus(sandbox.healthUrl());
            timeline.report(health == 200 ? "resolved" : "unresolved", "/health answers HTTP %d".formatted(health));
            AuditVerification verification = AuditVerifier.verify(audit.file());
            printSummary(stdout, audit, verification, sandbox, timeline);
            if (keep) {
                keepUntilInterrupted(stdout, sandbox);
            }
            return resolved && health == 200 && verification.intact() ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            if (!keep) {
                sandbox.close();
            }
        }
    }

    /**
     * Scenario A: 2.4.0 is released, passes its rollout, then crash-loops under load; the ApplicationDown alert starts
     * runbook P0-01, whose diagnosis picks scenario A; the rollback waits for an on-call approval, then runs.
     */
    private static RunbookOutcome badRelease(Sandbox sandbox, Remediation remediation, AuditLog audit, Path runDir, Timeline timeline,
                                             PrintWriter stdout) throws InterruptedException, IOException {
        String image = Platform.IMAGE + BROKEN_RELEASE;
        sandbox.controller().release(Platform.NAMESPACE, Platform.BACKEND, image, "deploy " + BROKEN_RELEASE + " by ci (pipeline #104)");
        timeline.report("release", "CI released %s as revision 4; rollout complete".formatted(image));
        sandbox.images().breakImage(image, ImageHealth.Failure.CRASH_LOOP);
        waitFor(() -> !livePods(sandbox).isEmpty() && livePods(sandbox).stream().noneMatch(Pods::isReady));
        waitFor(() -> healthStatus(sandbox.healthUrl()) == 503);
        timeline.report("alert", "ApplicationDown: /health answers HTTP 503");
        StepEnvironment environment = new StepEnvironment(remediation, null, null, null, null, List.of(), sandbox.healthUrl(), runDir.resolve("work"),
                Duration.ofMinutes(2));
        return DemoRunbook.run("P0-01", Map.of("namespace", Platform.NAMESPACE, "healthUrl", sandbox.healthUrl().toString()), environment,
                Actor.alert("ApplicationDown", "4f1c2a9e6b3d7c10"), "P0-01: /health answers HTTP 503 after release " + BROKEN_RELEASE,
                Map.of("on-call", List.of("pods crash-loop since " + BROKEN_RELEASE + "; roll back")), audit, runDir, timeline, stdout);
    }

    /** Scenario C: green gets 2.5.0, which passes readiness but fails /health; the switch to it is undone by itself. */
    private static ActionResult badSwitch(Sandbox sandbox, Remediation remediation, Timeline timeline) {
        String image = Platform.IMAGE + BAD_GREEN_RELEASE;
        sandbox.images().breakImage(image, ImageHealth.Failure.SERVES_ERRORS);
        sandbox.controller().release(Platform.NAMESPACE, Platform.BACKEND_GREEN, image, "deploy " + BAD_GREEN_RELEASE + " to green by ci (pipeline #105)");
        timeline.report("release", "CI deployed %s to the idle colour (green); its pods pass readiness".formatted(image));
        ActionResult result = remediation.blueGreenSwitch(new BlueGreenSwitch.Request(SERVICE, "green", null, sandbox.healthUrl(),
                        Duration.ofSeconds(3), null, "color", BlueGreenSwitch.Request.BLUE_GREEN),
                new Invocation(Actor.user("demo-oncall"), "promote " + BAD_GREEN_RELEASE + " to live", "smctl demo", false), timeline);
        timeline.report("outcome", "live colour is %s again: traffic never stayed on the failing release".formatted(liveColour(sandbox)));
        return result;
    }

    private static String liveColour(Sandbox sandbox) {
        return sandbox.client().services().inNamespace(Platform.NAMESPACE).withName(Platform.BACKEND).get().getSpec().getSelector().get("color");
    }

    /** The pods Service/backend sends traffic to. */
    private static List<Pod> livePods(Sandbox sandbox) {
        Map<String, String> selector = sandbox.client().services().inNamespace(Platform.NAMESPACE).withName(Platform.BACKEND).get()
                .getSpec().getSelector();
        return sandbox.client().pods().inNamespace(Platform.NAMESPACE).withLabels(selector).list().getItems();
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

    private static void printSummary(PrintWriter stdout, AuditLog audit, AuditVerification verification, Sandbox sandbox, Timeline timeline) {
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
        stdout.printf("The sandbox stays up until Ctrl-C. Try:%n  export KUBECONFIG=%s%n  kubectl get deploy,rs,pods -n production%n  java -jar cli/target/smctl.jar bluegreen status%n",
                sandbox.kubeconfig().toAbsolutePath());
        stdout.flush();
        stopped.await();
    }
}
