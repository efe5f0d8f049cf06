package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.alerts.AlertDispatcher;
import dev.smctl.alerts.DedupRecord;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Unavailable;
import dev.smctl.runbook.RunRecords;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * {@code smIncidentState}: whether the alert that started this build has resolved since, asked by the run before
 * each step until its first changing step, and around each gate question. A resolution counts only while the run
 * has changed nothing; then the run ends, and this records why in the build's audit log as the run's end
 * ({@code runbook-end}, outcome {@code cancelled}), which the post-mortem draft and the incident report show as
 * the run's outcome. The receiver's record in the cluster is read every time, so a resolution that came while the
 * build waited in the queue, or before a controller restart, or to another receiver, still counts.
 *
 * @param changing the step is the run's first changing one: a resolution not seen now leaves the run to finish
 */
public record IncidentState(String runbook, String step, boolean changing) {
    public static final String OUTCOME = "cancelled";

    /** The receiver's store, as far as a run reads it. */
    public interface Records {
        /**
         * @return the incident's resolution record, if one was made
         * @throws RuntimeException when the store cannot be read (not configured, unreachable)
         */
        Optional<DedupRecord> resolution(String incidentKey);
    }

    /** @param changing {@code true} or {@code false} (any case), as the library passes arguments (text); absent is false */
    public static IncidentState of(String runbook, String step, String changing) {
        return new IncidentState(Arguments.required(runbook, "runbook"), Arguments.required(step, "step"), Arguments.flag(changing, "changing"));
    }

    /**
     * @param incident the build's incident, or {@code null} when no alert started it (then nothing ever resolves)
     * @return {@code resolved}, {@code resolvedAt} (as the receiver recorded it, or empty) and {@code message}
     */
    public LinkedHashMap<String, Object> apply(AlertIncident incident, RunsByIncident<?> runs, Records records, AuditLog log, Requester requester,
                                               Clock clock) {
        if (incident == null) {
            return result(false, "", "no alert started this build; there is no resolution to wait for");
        }
        Optional<String> recorded = Optional.empty();
        String unread = null;
        try {
            recorded = records.resolution(incident.incidentKey()).map(record -> record.fact(AlertDispatcher.RESOLVED_AT).isEmpty()
                    ? "(time not recorded)" : record.fact(AlertDispatcher.RESOLVED_AT));
        } catch (Unavailable | InvalidRequest | Refused e) {
            // The run goes on as the firing alert asked; a resolution this controller was told of still counts.
            unread = Failures.describe(e);
        }
        Optional<String> resolvedAt = runs.check(incident.correlationId(), recorded, changing);
        if (resolvedAt.isEmpty()) {
            return result(false, "", unread == null ? "alert %s has not resolved; the run goes on".formatted(incident.alertname())
                    : "could not read whether alert %s resolved (%s); the run goes on".formatted(incident.alertname(), unread));
        }
        String message = "alert %s resolved at %s: remediation cancelled before step %s; nothing was changed"
                .formatted(incident.alertname(), resolvedAt.get(), step);
        log.append(endRecord(requester, message, clock));
        return result(true, resolvedAt.get(), message);
    }

    /** The run's end, as core's runbook runs record it, so the post-mortem and the report read it as the outcome. */
    private ObjectNode endRecord(Requester requester, String message, Clock clock) {
        ObjectNode record = RunRecords.runRecord(new RunRecords.RunOf(requester.build(), runbook, "", requester.actor(), "Jenkins " + requester.build(),
                "the alert that started this run resolved before it changed anything"), RunRecords.END, clock.instant(), Duration.ZERO, OUTCOME, message);
        record.put("step", step);
        return record;
    }

    private static LinkedHashMap<String, Object> result(boolean resolved, String resolvedAt, String message) {
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        values.put("resolved", resolved);
        values.put("resolvedAt", resolvedAt);
        values.put("message", message);
        return values;
    }
}
