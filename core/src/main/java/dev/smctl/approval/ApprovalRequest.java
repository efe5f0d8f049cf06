package dev.smctl.approval;

import dev.smctl.engine.Actor;

import java.time.Instant;

/**
 * What a gate asks people to approve: one step of one run, with the plan they are approving.
 *
 * @param runId the runbook run, so an answer cannot be replayed into another run
 */
public record ApprovalRequest(String runId, String runbook, String step, ApprovalPolicy policy, Actor requester, String plan,
                              Instant opened, Instant deadline) {
}
