package dev.smctl.cli;

import dev.smctl.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A seeded sandbox per test and {@code smctl} pointed at it through its kubeconfig. */
abstract class CliSandboxCase {
    @TempDir
    Path dir;
    Sandbox sandbox;
    Path audit;

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(dir.resolve("sandbox"));
        audit = dir.resolve("audit.jsonl");
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    /** Runs a changing smctl command with the sandbox's kubeconfig (unless one is given) and a test audit log. */
    CliRun smctl(String... args) {
        return look(withAuditLog(args));
    }

    /** Runs a changing command that takes no cluster options (database and cache commands) with the test audit log. */
    CliRun offCluster(String... args) {
        return CliRun.of(withAuditLog(args));
    }

    private String[] withAuditLog(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--audit-log", audit.toString()));
        return all.toArray(String[]::new);
    }

    /** Runs a read-only smctl command (no audit log) against the sandbox. */
    CliRun look(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--kubeconfig")) {
            all.addAll(List.of("--kubeconfig", sandbox.kubeconfig().toString()));
        }
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Every object in the namespace, as JSON: "nothing changed" means this map is equal before and after. */
    Map<String, String> clusterState() {
        return sandbox.snapshot("production");
    }
}
