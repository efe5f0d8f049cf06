package dev.smctl;

import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.sandbox.Platform;
import dev.smctl.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A seeded sandbox per test, and the engine over it with short waits. */
public abstract class SandboxCase {
    protected static final String NS = Platform.NAMESPACE;
    protected static final Duration TICK = Duration.ofMillis(50);

    @TempDir
    protected Path dir;
    protected Sandbox sandbox;
    protected KubernetesClient client;
    protected AuditLog audit;
    protected final List<ProgressEvent> events = new ArrayList<>();

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(dir);
        client = sandbox.client();
        audit = new AuditLog(dir.resolve("audit.jsonl"));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    protected Remediation engine(Gate gate) {
        return new Remediation(client, audit, gate, new Remediation.Settings(TICK, Duration.ofSeconds(30), Clock.systemUTC()));
    }

    protected Remediation engine() {
        return engine(Gate.NONE);
    }

    protected static Invocation asAlice(boolean dryRun) {
        return new Invocation(Actor.user("alice"), "incident drill", "smctl", dryRun);
    }

    protected Progress progress() {
        return Progress.collectingInto(events);
    }

    /** Every object in the namespace, as JSON: "nothing changed" means this map is equal before and after. */
    protected Map<String, String> clusterState() {
        return sandbox.snapshot(NS);
    }

    protected static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
