package dev.smctl.jenkins.work;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** One build as the steps see it: its directory (with the audit log), its console, who started it, its defaults. */
final class BuildUnderTest {
    static final Duration TICK = Duration.ofMillis(50);

    final Path directory;
    final Credentials credentials = new Credentials();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    Defaults defaults = Defaults.NONE;

    BuildUnderTest(Path directory) {
        this.directory = directory;
    }

    StepLaunch launch() {
        return new StepLaunch(defaults, credentials, new Requester("alice", "Started by user Alice", "runbooks/P0-01#7"), auditLog(),
                new PrintStream(console, true, StandardCharsets.UTF_8), new Remediation.Settings(TICK, Duration.ofSeconds(30), Clock.systemUTC()));
    }

    AuditLog auditLog() {
        return BuildAudit.of(directory.toFile());
    }

    String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    static CommonArguments inNamespace(String namespace, String kubeconfigId, boolean dryRun) {
        return new CommonArguments(namespace, "drill", dryRun, kubeconfigId, null, null, null, null, null, null, null, null, null);
    }
}
