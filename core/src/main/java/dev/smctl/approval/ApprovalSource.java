package dev.smctl.approval;

import java.time.Instant;
import java.util.Optional;

/** Where a gate's answers come from: a prompt, approvals given up front, Jenkins' input step. */
@FunctionalInterface
public interface ApprovalSource {
    /** The next answer for this request, or empty when none arrived before the deadline. Blocks until then. */
    Optional<Decision> next(ApprovalRequest request, Instant deadline) throws InterruptedException;
}
