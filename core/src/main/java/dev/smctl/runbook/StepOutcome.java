package dev.smctl.runbook;

import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Status;

import java.util.Map;

/**
 * How one step ended.
 *
 * @param auditRecordId the action's own audit record, or {@code null} for read-only checks (the run records those)
 * @param outputs values later steps may test in {@code when:} (the diagnosis sets {@code scenario})
 */
public record StepOutcome(Status status, String message, String auditRecordId, Map<String, String> outputs) {
    public StepOutcome {
        outputs = Map.copyOf(outputs);
    }

    static StepOutcome of(ActionResult result) {
        return new StepOutcome(result.status(), result.message(), result.auditRecordId(), Map.of());
    }

    static StepOutcome checked(String message, Map<String, String> outputs) {
        return new StepOutcome(Status.SUCCEEDED, message, null, outputs);
    }

    public boolean stopsTheRun() {
        return status == Status.FAILED || status == Status.REFUSED;
    }
}
