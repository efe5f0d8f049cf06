package dev.smctl.approval;

import java.time.Instant;
import java.util.Optional;

/** Where a gate's answers come from: a prompt, approvals given up front, Jenkins' input step. */
@FunctionalInterface
public interface ApprovalSource {
    /** The next answer for this request, or empty when none arrived before the deadline. Blocks until then. */
    Optional<Decision> next(ApprovalRequest request, Instant deadline) throws InterruptedException;

    /**
     * For a source that can give no more answers: the gate still ends at its expiry, as it would with nobody at the
     * keyboard, never earlier.
     */
    static Optional<Decision> noAnswerBefore(Instant deadline, java.time.Clock clock) throws InterruptedException {
        long left = java.time.Duration.between(clock.instant(), deadline).toMillis();
        if (left >= 0) {
            Thread.sleep(left + 1);
        }
        return Optional.empty();
    }
}
