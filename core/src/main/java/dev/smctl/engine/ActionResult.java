package dev.smctl.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one run of an action ended, with what it planned, the state before and after, and where it was recorded.
 *
 * @param invalidRequest the request itself was wrong (status is {@link Status#REFUSED}; the command line exits 2)
 * @param auditRecordId the SHA-256 of the audit record, or {@code null} if it could not be written
 */
public record ActionResult(
        String runId,
        String action,
        Target target,
        Status status,
        boolean invalidRequest,
        boolean dryRun,
        String message,
        String summary,
        List<Change> changes,
        Map<String, Object> before,
        Map<String, Object> after,
        String undo,
        String auditRecordId,
        Instant started,
        Duration duration) {

    public ActionResult {
        changes = List.copyOf(changes);
        before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    /** 0 succeeded or skipped, 1 failed, 2 invalid request, 3 refused. */
    public int exitCode() {
        return invalidRequest ? 2 : status.exitCode();
    }

    public ActionResult withAuditRecordId(String id) {
        return new ActionResult(runId, action, target, status, invalidRequest, dryRun, message, summary, changes,
                before, after, undo, id, started, duration);
    }

    public ActionResult withMessage(String newMessage) {
        return new ActionResult(runId, action, target, status, invalidRequest, dryRun, newMessage, summary, changes,
                before, after, undo, auditRecordId, started, duration);
    }
}
