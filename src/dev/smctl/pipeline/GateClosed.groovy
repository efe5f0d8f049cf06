package dev.smctl.pipeline

/**
 * A gate that ended the run without approving its step: rejected by an approver, or expired. Nothing after the
 * gate runs; the build ends ABORTED with the records archived.
 */
class GateClosed extends RuntimeException {
    private static final long serialVersionUID = 1L

    /** {@code rejected} or {@code timed-out}, as smApprovalDecision names the decision. */
    final String decision
    final String gate

    GateClosed(String decision, String gate, String message) {
        super(message)
        this.decision = decision
        this.gate = gate
    }
}
