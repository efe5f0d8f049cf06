package dev.smctl.runbook;

import java.time.Duration;
import java.util.List;

/**
 * How a run ended.
 *
 * @param result {@code succeeded}, {@code failed}, {@code refused} (a precondition or a rejection), {@code timed out}
 *               (a gate expired) or {@code cancelled} (stopped from outside at a safe point: a resolved alert)
 * @param rto the runbook's recovery time objective, or {@code null}
 */
public record RunbookOutcome(String runId, String runbook, String result, String message, List<StepReport> steps,
                             List<StatusUpdate> statusUpdates, Duration elapsed, Duration rto) {

    /** One step as it went: ran, skipped by its condition, or never reached. */
    public record StepReport(String step, String action, String status, String message, Duration duration) {
    }

    public RunbookOutcome {
        steps = List.copyOf(steps);
        statusUpdates = List.copyOf(statusUpdates);
    }

    /** As every smctl command: 0 succeeded, 1 failed, 3 refused, timed out or cancelled (nothing after the stop ran). */
    public int exitCode() {
        return switch (result) {
            case "succeeded" -> 0;
            case "failed" -> 1;
            default -> 3;
        };
    }
}
