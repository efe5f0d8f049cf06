import dev.smctl.pipeline.AlertResolved
import dev.smctl.pipeline.ApprovalTally
import dev.smctl.pipeline.GateClosed

/**
 * Asks one gate's approvers until enough different people approved, all inside the gate's expiry. Every answer,
 * the Abort button and the expiry go to smApprovalDecision, which applies the gate's policy and records the
 * decision; answers it does not accept are asked again. Returns the approvers' ids; a rejection or the expiry
 * throws GateClosed. While the run has changed nothing (watchAlert), a resolution of the alert that started it
 * closes the gate: before each question, during it, and after each answer, it throws AlertResolved. Call it
 * outside node {} so no executor waits for people.
 */
List<String> call(Map config) {
    // config: runbook (id), step (step id), gate (the definition's gate, as RunbookDefinition.gate gives it),
    // plan (the step's dry-run result, shown to the approvers), watchAlert (true while the run has changed nothing)
    ApprovalTally tally = new ApprovalTally((String) config.runbook, (String) config.step, (Map) config.gate)
    boolean watch = config.watchAlert == true
    try {
        timeout(time: config.gate.expiresSeconds, unit: 'SECONDS') {
            while (!tally.satisfied()) {
                if (tally.exhausted()) {
                    error(tally.exhaustedMessage())
                }
                stopIfResolved(tally, watch)
                Map answer = ask(tally, (Map) config.plan, watch)
                if (answer == null) {
                    // The alert resolved during the question: the look at the top of the loop ends the run.
                    continue
                }
                String outcome = tally.record(answer, decide(tally, answer))
                if (outcome == ApprovalTally.CLOSED) {
                    throw new GateClosed('rejected', tally.gate.name, tally.rejectedMessage(answer))
                }
                echo(tally.report(outcome))
                stopIfResolved(tally, watch)
            }
        }
    } catch (Exception stopped) {
        if (ApprovalTally.interruption(stopped)?.decision != 'timed-out') {
            throw stopped
        }
        decide(tally, [decision: 'timed-out', approver: '', comment: "no decision within ${config.gate.expires}".toString()])
        throw new GateClosed('timed-out', tally.gate.name, tally.expiredMessage())
    }
    return tally.approvers
}

/** The next answer, or null when the alert resolved while the question waited (watch: the plugin cut the wait short). */
private Map ask(ApprovalTally tally, Map plan, boolean watch) {
    try {
        Closure question = {
            input(message: tally.question(plan), id: tally.nextInputId(), ok: 'Submit decision',
                    submitter: tally.submitter(), submitterParameter: 'approver',
                    parameters: [
                            choice(name: 'decision', choices: ['approve', 'reject'], description: 'approve: the step runs; reject: the run stops here'),
                            text(name: 'comment', defaultValue: '', description: 'Why (recorded in the audit log)'),
                    ])
        }
        Object given
        if (watch) {
            // Only the question is inside: the plugin may cancel this block, and nothing in it changes anything.
            Map waited = smUntilAlertResolves(question)
            if (waited?.resolved == true) {
                return null
            }
            given = waited?.value
        } else {
            given = question()
        }
        return ApprovalTally.answer(given)
    } catch (Exception stopped) {
        Map rejection = ApprovalTally.interruption(stopped)
        if (rejection?.decision != 'rejected') {
            throw stopped
        }
        return rejection
    }
}

private void stopIfResolved(ApprovalTally tally, boolean watch) {
    if (!watch) {
        return
    }
    AlertResolved.throwIfResolved(tally.step, smIncidentState(runbook: tally.runbook, step: tally.step, changing: 'false'))
}

private Map decide(ApprovalTally tally, Map answer) {
    return smApprovalDecision(runbook: tally.runbook, gate: tally.gate.name, step: tally.step,
            approver: answer.approver, comment: answer.comment, decision: answer.decision)
}
