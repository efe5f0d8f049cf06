package dev.smctl.approval;

/**
 * What one answer did to a gate.
 *
 * @param accepted whether the answer counted
 * @param reason why it did not count, or what it did
 * @param approvals distinct approvals counted so far
 */
public record GateVerdict(boolean accepted, String reason, int approvals, int needed, boolean rejected) {
    /** The gate opens: enough distinct people approved. */
    public boolean open() {
        return !rejected && approvals >= needed;
    }
}
