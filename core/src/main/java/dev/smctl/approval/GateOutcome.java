package dev.smctl.approval;

import java.util.List;

/** How a gate ended: opened by these approvers, closed by a rejection, or timed out. */
public record GateOutcome(Result result, List<String> approvers, String message) {
    public enum Result { APPROVED, REJECTED, TIMED_OUT }

    public GateOutcome {
        approvers = List.copyOf(approvers);
    }
}
