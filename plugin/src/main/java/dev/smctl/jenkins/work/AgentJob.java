package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Sha256;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A database step's work as sent to the agent: restores and dumps stream gigabytes between the database, the
 * backup store and the PostgreSQL client tools, which must not pass through the controller. The engine records
 * into a scratch log beside the workspace; the records travel back in the {@link AgentResult} and are appended to
 * the build's own chain on the controller ({@link BuildAudit#adopt}).
 *
 * @param pollInterval how often waits re-check (tests shorten it)
 */
public record AgentJob(StepCall call, StepSettings settings, Duration pollInterval) implements WorkspaceJob<AgentResult> {

    @Override
    public AgentResult run(Path workspace, PrintStream out) {
        Path scratch = workspace.resolveSibling(workspace.getFileName() + "@tmp").resolve("smctl-audit-" + UUID.randomUUID());
        AuditLog log = new AuditLog(scratch.resolve("audit.jsonl"));
        MaskedLog masked = new MaskedLog(out, settings.function(), settings.secrets());
        Remediation.Settings timing = new Remediation.Settings(pollInterval, Remediation.Settings.defaults().leaseTtl(), Clock.systemUTC());
        try (Scope scope = new Scope(settings, log, masked, timing, workspace)) {
            StepOutcome outcome = StepRunner.run(call, scope, masked);
            return new AgentResult(outcome, recordsOf(log.file()));
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static List<AgentResult.RecordedOnAgent> recordsOf(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<AgentResult.RecordedOnAgent> records = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    ObjectNode body = (ObjectNode) AuditLog.parse(line);
                    // The build's chain gives each record its own seq and prev when it is appended there.
                    body.remove(List.of("seq", "prev"));
                    records.add(new AgentResult.RecordedOnAgent(Sha256.hex(line), body.toString()));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's audit records in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A scratch copy of records that are now in the build's log; the workspace cleanup removes it.
        }
    }
}
