package dev.smctl.approval;

/**
 * Thrown by an {@link ApprovalSource} when its gate is closed from outside while it waits (the alert that started
 * the run resolved, the receiver is stopping). The gate records it; nothing after the gate runs.
 */
public final class GateClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GateClosed(String reason) {
        super(reason);
    }
}
