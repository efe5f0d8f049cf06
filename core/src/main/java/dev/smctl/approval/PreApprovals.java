package dev.smctl.approval;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approvals given up front for a non-interactive run ({@code --approve GATE=NAME:COMMENT}), handed out one per
 * question. When they run out the gate waits for its expiry like any unanswered gate: a missing approval times
 * the run out, it never lets it through.
 */
public final class PreApprovals implements ApprovalSource {
    private final Map<String, Deque<Given>> byGate = new HashMap<>();
    private final Clock clock;

    private record Given(String approver, String comment) {
    }

    public PreApprovals(List<String> specs, Clock clock) {
        this.clock = clock;
        for (String spec : specs) {
            int equals = spec.indexOf('=');
            int colon = spec.indexOf(':', Math.max(equals, 0));
            if (equals < 1 || colon < equals + 2) {
                throw new InvalidRequest("write an approval as GATE=NAME:COMMENT, e.g. destructive=alice:\"INC-42 restore from 02:00\", not "
                        + Names.quote(spec));
            }
            byGate.computeIfAbsent(spec.substring(0, equals), g -> new ArrayDeque<>())
                    .add(new Given(spec.substring(equals + 1, colon), spec.substring(colon + 1)));
        }
    }

    @Override
    public Optional<Decision> next(ApprovalRequest request, Instant deadline) throws InterruptedException {
        Deque<Given> given = byGate.get(request.policy().gate());
        if (given != null && !given.isEmpty()) {
            Given next = given.poll();
            return Optional.of(new Decision(next.approver(), true, next.comment(), clock.instant(), "--approve"));
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis() + 1);
        }
        return Optional.empty();
    }
}
