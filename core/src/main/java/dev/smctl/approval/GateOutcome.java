package dev.smctl.approval;

import java.util.List;

/** How a gate ended: opened by these approvers, closed by a rejection or from outside ({@link GateClosed}), or timed out. */
public record GateOutcome(Result result, List<String> approvers, String message) {
    public enum Result { APPROVED, REJECTED, CLOSED, TIMED_OUT }

    public GateOutcome {
        approvers = List.copyOf(approvers);
    }
}
