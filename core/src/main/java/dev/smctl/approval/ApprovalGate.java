package dev.smctl.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Redaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Holds a step until enough people approve it. Every answer is recorded, whether it counted or not, and the
 * approvals counted so far are read back from the audit log, not from memory: a Jenkins step that decides one
 * answer at a time, or a process that restarted, sees the same gate.
 */
public final class ApprovalGate {
    static final String ACTION = "approval";

    private final AuditLog log;
    private final GroupDirectory groups;
    private final Clock clock;

    public ApprovalGate(AuditLog log, GroupDirectory groups, Clock clock) {
        this.log = log;
        this.groups = groups;
        this.clock = clock;
    }

    /**
     * Waits for answers from the source until the gate opens, someone rejects, the gate expires, or the source
     * says it was closed from outside ({@link GateClosed}).
     */
    public GateOutcome await(ApprovalRequest request, ApprovalSource source) throws InterruptedException {
        while (true) {
            Optional<Decision> next;
            try {
                next = clock.instant().isBefore(request.deadline()) ? source.next(request, request.deadline()) : Optional.empty();
            } catch (GateClosed e) {
                return closed(request, e.getMessage());
            }
            if (next.isEmpty() || !next.get().at().isBefore(request.deadline())) {
                return timedOut(request);
            }
            GateVerdict verdict = decide(request, next.get());
            if (verdict.rejected()) {
                return new GateOutcome(GateOutcome.Result.REJECTED, List.of(next.get().approver()),
                        "gate %s rejected by %s: %s".formatted(request.policy().gate(), next.get().approver(), next.get().comment()));
            }
            if (verdict.open()) {
                List<String> approvers = counted(request);
                return new GateOutcome(GateOutcome.Result.APPROVED, approvers,
                        "gate %s approved by %s".formatted(request.policy().gate(), String.join(", ", approvers)));
            }
        }
    }

    /** Applies the policy to one answer and records it. */
    public GateVerdict decide(ApprovalRequest request, Decision decision) {
        ApprovalPolicy policy = request.policy();
        Set<String> counted = new LinkedHashSet<>(counted(request));
        Optional<String> refusal = policy.refusal(decision, request, counted, groups);
        GateVerdict verdict;
        if (refusal.isPresent()) {
            verdict = new GateVerdict(false, refusal.get(), counted.size(), policy.minApprovals(), false);
        } else if (!decision.approved()) {
            verdict = new GateVerdict(true, "rejected", counted.size(), policy.minApprovals(), true);
        } else {
            counted.add(decision.approver());
            verdict = new GateVerdict(true, "approval %d of %d".formatted(counted.size(), policy.minApprovals()), counted.size(),
                    policy.minApprovals(), false);
        }
        String outcome = !verdict.accepted() ? "refused" : verdict.rejected() ? "rejected" : "approved";
        record(request, decision.approver(), decision.at(), decision.via(), decision.comment(), outcome, verdict.reason(), verdict.approvals());
        return verdict;
    }

    /**
     * Ends the gate as timed out and records it with the approvals counted so far. {@link #await} calls it when the
     * expiry passes; a caller that watches the expiry itself (Jenkins' {@code timeout} around {@code input}) calls it
     * then, so a gate nobody answered is in the audit trail either way.
     */
    public GateOutcome timedOut(ApprovalRequest request) {
        List<String> approvers = counted(request);
        String message = "gate %s timed out after %s with %d of %d approvals; nothing after it ran"
                .formatted(request.policy().gate(), Durations.format(request.policy().expires()), approvers.size(), request.policy().minApprovals());
        record(request, null, clock.instant(), "expiry", "", "timed out", message, approvers.size());
        return new GateOutcome(GateOutcome.Result.TIMED_OUT, approvers, message);
    }

    /** Ends the gate because it was closed from outside, and records why. */
    private GateOutcome closed(ApprovalRequest request, String reason) {
        List<String> approvers = counted(request);
        String message = "gate %s closed: %s; nothing after it ran".formatted(request.policy().gate(), reason);
        record(request, null, clock.instant(), "closed", "", "closed", message, approvers.size());
        return new GateOutcome(GateOutcome.Result.CLOSED, approvers, message);
    }

    /** The distinct approvers already counted for this step of this run, in the order they approved. */
    public List<String> counted(ApprovalRequest request) {
        List<String> approvers = new ArrayList<>();
        try {
            if (!Files.exists(log.file())) {
                return approvers;
            }
            for (JsonNode record : AuditLog.read(log.file())) {
                if (ACTION.equals(record.path("action").asText()) && request.runId().equals(record.path("runId").asText())
                        && request.step().equals(record.path("step").asText()) && "approved".equals(record.path("outcome").asText())) {
                    String who = record.path("actor").path("name").asText();
                    if (approvers.stream().noneMatch(who::equalsIgnoreCase)) {
                        approvers.add(who);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the approvals back from " + log.file(), e);
        }
        return approvers;
    }

    private void record(ApprovalRequest request, String approver, Instant at, String via, String comment, String outcome, String message,
                        int approvals) {
        ObjectNode actor = AuditLog.newRecord();
        actor.put("type", approver == null ? "gate" : "user");
        actor.put("name", approver == null ? request.policy().gate() : approver);
        ObjectNode record = GateRecords.of(ACTION, request.opened(), request.runId(), actor, via, comment, request.runbook(), request.step(),
                request.policy().gate());
        record.put("durationMs", Math.max(0, Duration.between(request.opened(), at).toMillis()));
        record.put("policy", request.policy().describe());
        record.put("requester", request.requester().toString());
        record.put("decidedAt", at.toString());
        record.put("approvals", approvals);
        record.put("needed", request.policy().minApprovals());
        record.put("outcome", outcome.toLowerCase(Locale.ROOT));
        record.put("message", Redaction.text(message));
        log.append(record);
    }
}
