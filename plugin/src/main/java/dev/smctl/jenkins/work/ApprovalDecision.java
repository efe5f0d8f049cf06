package dev.smctl.jenkins.work;

import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.ApprovalPolicy;
import dev.smctl.approval.ApprovalRequest;
import dev.smctl.approval.Decision;
import dev.smctl.approval.GateOutcome;
import dev.smctl.approval.GateVerdict;
import dev.smctl.approval.GroupDirectory;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.runbook.Runbook;
import dev.smctl.runbook.RunbookLoader;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.TreeSet;

/**
 * One answer at a runbook's approval gate, as the Pipeline hands it over after Jenkins' {@code input} step
 * ({@code smApprovalDecision}): the gate's policy comes from the runbook's definition, and core's
 * {@link ApprovalGate} decides whether the answer counts and records it, counted or not, in the build's audit log.
 * The approvals counted so far are read back from that log, so each answer is a call of its own.
 *
 * @param decision {@code approved}, {@code rejected}, or {@code timed-out} when the Pipeline's {@code timeout}
 *                 around {@code input} expired (then {@code approver} and {@code comment} are not needed)
 */
public record ApprovalDecision(String runbook, String gate, String step, String approver, String comment, String decision) {
    /** Where the answer came from, in the record. */
    static final String VIA = "Jenkins input";

    /**
     * @param groups who belongs to which approver group
     * @param requester who started the build; its build id is the run id the gate counts approvals under
     * @return {@code accepted} (the answer counted, or the timeout was recorded), {@code reason}, {@code approvals}
     *         (distinct approvals counted so far) and {@code needed}
     * @throws InvalidRequest when the runbook, gate, step or decision is not one the definition has; nothing is recorded
     */
    public LinkedHashMap<String, Object> apply(AuditLog log, GroupDirectory groups, Requester requester, Clock clock) {
        Runbook definition = RunbookLoader.find(Arguments.required(runbook, "runbook"));
        String gateName = Arguments.required(gate, "gate");
        Runbook.Gate gateDefinition = definition.gates().get(gateName);
        if (gateDefinition == null) {
            throw new InvalidRequest("runbook %s has no gate %s; its gates are %s".formatted(definition.id(), Names.quote(gateName),
                    new TreeSet<>(definition.gates().keySet())));
        }
        Runbook.Step held = heldStep(definition, gateName);
        ApprovalPolicy policy = ApprovalPolicy.of(gateName, gateDefinition);
        Instant now = clock.instant();
        ApprovalRequest request = new ApprovalRequest(requester.build(), definition.id(), held.id(), policy, requester.actor(),
                "%s (%s)".formatted(held.id(), held.action()), now, now.plus(policy.expires()));
        ApprovalGate approvals = new ApprovalGate(log, groups, clock);
        return switch (Arguments.required(decision, "decision")) {
            case "approved" -> result(approvals.decide(request, answer(true, now)));
            case "rejected" -> result(approvals.decide(request, answer(false, now)));
            case "timed-out" -> result(approvals.timedOut(request), policy);
            default -> throw new InvalidRequest("'decision' is approved, rejected or timed-out, not " + Names.quote(decision));
        };
    }

    /** The step this gate holds back: a decision names both, and they must agree with the definition. */
    private Runbook.Step heldStep(Runbook definition, String gateName) {
        String stepId = Arguments.required(step, "step");
        Runbook.Step held = definition.steps().stream().filter(s -> s.id().equals(stepId)).findFirst().orElseThrow(() -> new InvalidRequest(
                "runbook %s has no step %s; its steps are %s".formatted(definition.id(), Names.quote(stepId),
                        definition.steps().stream().map(Runbook.Step::id).toList())));
        if (held.gate() == null) {
            throw new InvalidRequest("step %s of runbook %s has no gate: there is nothing to approve".formatted(stepId, definition.id()));
        }
        if (!gateName.equals(held.gate())) {
            throw new InvalidRequest("step %s of runbook %s is held by gate %s, not %s".formatted(stepId, definition.id(), held.gate(), gateName));
        }
        return held;
    }

    private Decision answer(boolean approved, Instant at) {
        return new Decision(Arguments.required(approver, "approver"), approved, comment, at, VIA);
    }

    private static LinkedHashMap<String, Object> result(GateVerdict verdict) {
        return result(verdict.accepted(), verdict.reason(), verdict.approvals(), verdict.needed());
    }

    private static LinkedHashMap<String, Object> result(GateOutcome timedOut, ApprovalPolicy policy) {
        return result(true, timedOut.message(), timedOut.approvers().size(), policy.minApprovals());
    }

    private static LinkedHashMap<String, Object> result(boolean accepted, String reason, int approvals, int needed) {
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        values.put("accepted", accepted);
        values.put("reason", reason);
        values.put("approvals", approvals);
        values.put("needed", needed);
        return values;
    }
}
