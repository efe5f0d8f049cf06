package dev.smctl.approval;

import dev.smctl.engine.Durations;
import dev.smctl.runbook.Runbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One gate of a runbook, with AWS SSM {@code aws:approve}'s rules: named approvers or groups, N distinct approvals,
 * an expiry that ends the run as timed out, a comment when asked for, and never the requester or an alert.
 */
public record ApprovalPolicy(String gate, List<String> approvers, int minApprovals, Duration expires, boolean commentRequired) {

    public ApprovalPolicy {
        approvers = List.copyOf(approvers);
    }

    public static ApprovalPolicy of(String name, Runbook.Gate gate) {
        return new ApprovalPolicy(name, gate.approvers(), gate.minApprovals(), Durations.parse(gate.expires()), gate.commentRequired());
    }

    /**
     * Why this decision cannot count, or empty when it counts. Rejections are held to the same rules: a stranger
     * must not be able to stop a remediation either.
     *
     * @param counted the approvers whose approvals already count for this gate
     */
    public Optional<String> refusal(Decision decision, ApprovalRequest request, Set<String> counted, GroupDirectory groups) {
        String who = decision.approver();
        if (who.isBlank()) {
            return Optional.of("the approver is not named");
        }
        if (request.requester().type() == dev.smctl.engine.Actor.Type.ALERT) {
            if (who.equalsIgnoreCase(request.requester().name())) {
                return Optional.of("%s is the alert that started this run; an alert never approves".formatted(who));
            }
        } else if (who.equalsIgnoreCase(request.requester().name())) {
            return Optional.of("%s started this run and cannot approve it; ask one of %s".formatted(who, approvers));
        }
        if (who.regionMatches(true, 0, "alert:", 0, 6) || who.equalsIgnoreCase("alertmanager") || who.equalsIgnoreCase("system")) {
            return Optional.of("%s is an automated identity; only people approve".formatted(who));
        }
        if (!eligible(who, groups)) {
            return Optional.of(groups.knowsGroups()
                    ? "%s is not one of the approvers of gate %s (%s); ask one of them".formatted(who, gate, approvers)
                    : ("%s is not named among the approvers of gate %s (%s), and no group membership is known here: "
                    + "%s").formatted(who, gate, approvers, groups.whereToSetGroups()));
        }
        if (decision.approved() && counted.stream().anyMatch(who::equalsIgnoreCase)) {
            return Optional.of("%s has already approved; gate %s needs %d different people".formatted(who, gate, minApprovals));
        }
        if (commentRequired && decision.comment().isBlank()) {
            return Optional.of("gate %s requires a comment saying why".formatted(gate));
        }
        return Optional.empty();
    }

    private boolean eligible(String who, GroupDirectory groups) {
        Set<String> memberships = groups.groupsOf(who);
        return approvers.stream().anyMatch(a -> a.equalsIgnoreCase(who) || memberships.contains(a));
    }

    public String describe() {
        return "%d of %s, expires after %s%s".formatted(minApprovals, approvers, Durations.format(expires),
                commentRequired ? ", comment required" : "");
    }
}
