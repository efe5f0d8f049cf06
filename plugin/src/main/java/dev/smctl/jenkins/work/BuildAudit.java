package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Status;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The build's own audit log: {@code <build dir>/smctl/audit.jsonl} and its head file, on the controller, kept and
 * discarded with the build. Every sm* step of the build appends to it; the audit page reads it.
 */
public final class BuildAudit {
    private BuildAudit() {
    }

    public static AuditLog of(File buildDirectory) {
        return new AuditLog(buildDirectory.toPath().resolve("smctl").resolve("audit.jsonl"));
    }

    /**
     * Sends a job to the agent and appends what it recorded to the build's log. The log is checked first, so a
     * broken chain refuses the step before anything runs anywhere.
     *
     * @param channel runs the job on the agent (in Jenkins, through the workspace's channel)
     */
    static StepOutcome onAgent(AgentJob job, AuditLog buildLog, AgentChannel channel) throws IOException, InterruptedException {
        try {
            buildLog.checkWritable();
        } catch (Refused e) {
            return StepOutcome.notStarted(Status.REFUSED, Status.REFUSED.exitCode(), e.getMessage());
        }
        return adopt(channel.send(job), buildLog);
    }

    /** Appends the agent's records in order; the outcome then names the build log's record, not the scratch one. */
    static StepOutcome adopt(AgentResult result, AuditLog buildLog) {
        Map<String, String> ids = new HashMap<>();
        for (AgentResult.RecordedOnAgent record : result.records()) {
            try {
                ids.put(record.scratchId(), buildLog.append((ObjectNode) AuditLog.parse(record.body())));
            } catch (IOException e) {
                throw new UncheckedIOException("an audit record from the agent is not JSON: " + e.getMessage(), e);
            }
        }
        String scratchId = result.outcome().auditRecordId();
        return ids.containsKey(scratchId) ? result.outcome().withAuditRecordId(ids.get(scratchId)) : result.outcome();
    }

    /** The log file a build's audit page reads and offers for download. */
    public static Path logFile(File buildDirectory) {
        return of(buildDirectory).file();
    }
}
