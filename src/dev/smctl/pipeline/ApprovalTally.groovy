package dev.smctl.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * The count of one gate's approvals, as AWS SSM's aws:approve keeps it: distinct approvers until the gate's
 * minApprovals (or more, if the plugin's policy says so), each answer judged by the plugin's smApprovalDecision
 * first. An answer the plugin does not accept (the requester, the alert identity, a missing comment) is not
 * counted and the gate asks again; a repeated approver is not counted twice even if the plugin accepted it.
 */
class ApprovalTally implements Serializable {
    private static final long serialVersionUID = 1L

    /** What {@link #record} tells the gate to do next. */
    static final String COUNTED = 'counted'
    static final String REFUSED = 'refused'
    static final String CLOSED = 'closed'

    /** Refused answers after which the gate stops asking: somebody is trying the wrong account, or nobody else is there. */
    static final int MAX_REFUSED = 10

    private static final String FLOW_INTERRUPTED = 'org.jenkinsci.plugins.workflow.steps.FlowInterruptedException'
    private static final String EXCEEDED_TIMEOUT = 'org.jenkinsci.plugins.workflow.steps.TimeoutStepExecution$ExceededTimeout'
    private static final String REJECTION = 'org.jenkinsci.plugins.workflow.support.steps.input.Rejection'
    private static final int PLAN_LINES = 20

    final String runbook
    final String step
    final Map gate
    final List<String> approvers = []
    int needed
    int refused = 0
    int asked = 0
    String lastRefusal = null

    ApprovalTally(String runbook, String step, Map gate) {
        this.runbook = runbook
        this.step = step
        this.gate = gate
        this.needed = (int) gate.minApprovals
    }

    @NonCPS
    boolean satisfied() {
        return approvers.size() >= needed
    }

    @NonCPS
    boolean exhausted() {
        return refused >= MAX_REFUSED
    }

    /** The input step's {@code submitter}: the gate's users and groups. Jenkins administrators can answer too; the plugin judges them like anyone. */
    @NonCPS
    String submitter() {
        return gate.approvers.join(',')
    }

    /** A new, URL-safe input id for each question, so an answer always belongs to the question it was given to. */
    @NonCPS
    String nextInputId() {
        asked++
        return "${step}-${asked}"
    }

    /** The question, with the plan the dry run printed, so the approver approves exactly what will change. */
    @NonCPS
    String question(Map plan) {
        List<String> lines = ["${runbook} step ${step}: approval ${approvers.size() + 1} of ${needed} at gate ${gate.name} " +
                                      "(approvers: ${gate.approvers.join(', ')}; the gate expires ${gate.expires} after its first question" +
                                      "${gate.commentRequired ? '; a comment is required' : ''}). " +
                                      'The person who started this run and the alert identity cannot approve.'.toString()]
        if (!approvers.isEmpty()) {
            lines << "Already approved by: ${approvers.join(', ')}.".toString()
        }
        lines << "Plan: ${Names.oneLine(String.valueOf(plan?.summary ?: plan?.message ?: '(the dry run gave no summary)'), 500)}".toString()
        List changes = plan?.changes instanceof List ? (List) plan.changes : []
        changes.take(PLAN_LINES).each { lines << "  - ${Names.oneLine(String.valueOf(it), 300)}".toString() }
        if (changes.size() > PLAN_LINES) {
            lines << "  ... and ${changes.size() - PLAN_LINES} more changes (see the dry run in the log)".toString()
        }
        return lines.join('\n')
    }

    /** The input step's answer ({@code approver}, {@code decision}, {@code comment}) as smApprovalDecision takes it. */
    @NonCPS
    static Map answer(Object input) {
        Map given = input instanceof Map ? (Map) input : [:]
        String decision = given.decision == 'reject' ? 'rejected' : given.decision == 'approve' ? 'approved' : null
        if (decision == null) {
            throw new InvalidInput("the approval answer has no decision (approve or reject): ${Names.quote(String.valueOf(given.decision))}")
        }
        return [approver: Names.oneLine(given.approver == null ? '' : String.valueOf(given.approver), 200), decision: decision,
                comment : Names.oneLine(given.comment == null ? '' : String.valueOf(given.comment), 1000)]
    }

    /**
     * What ended a wait at the gate: the gate's expiry ({@code timed-out}) or the input's Abort button
     * ({@code rejected}, by whom); {@code null} for anything else (the build was aborted, a step failed), which the
     * gate passes on. Jenkins signals both with a FlowInterruptedException; its causes tell them apart. The classes
     * are compared by name so the library needs no Jenkins class at compile time.
     */
    @NonCPS
    static Map interruption(Throwable thrown) {
        if (thrown == null || thrown.getClass().name != FLOW_INTERRUPTED) {
            return null
        }
        for (Object cause : thrown.causes) {
            String kind = cause.getClass().name
            if (kind == EXCEEDED_TIMEOUT) {
                return [decision: 'timed-out', approver: '', comment: '']
            }
            if (kind == REJECTION) {
                return [decision: 'rejected', approver: Names.oneLine(cause.user?.id == null ? '' : String.valueOf(cause.user.id), 200),
                        comment : 'rejected with the Abort button']
            }
        }
        return null
    }

    /**
     * Counts an answer the plugin has judged. Returns {@link #COUNTED} (a new approver), {@link #REFUSED} (not
     * counted: ask again) or {@link #CLOSED} (an accepted rejection: the run stops).
     */
    @NonCPS
    String record(Map answer, Map verdict) {
        boolean accepted = verdict?.accepted == true
        if (verdict?.needed != null) {
            needed = Math.max(needed, Integer.parseInt(String.valueOf(verdict.needed)))
        }
        String why = null
        if (!accepted) {
            why = Names.oneLine(String.valueOf(verdict?.reason ?: 'the approval policy did not accept it'), 300)
        } else if (answer.decision == 'rejected') {
            return CLOSED
        } else if (answer.approver in approvers) {
            why = "${answer.approver} already approved; the approvals must come from different people"
        } else if (gate.commentRequired && !answer.comment) {
            why = 'a comment is required'
        }
        if (why != null) {
            refused++
            lastRefusal = "${answer.decision} by ${answer.approver ?: '(unknown)'} not counted: ${why}"
            return REFUSED
        }
        approvers << (String) answer.approver
        return COUNTED
    }

    /** One log line about the answer just recorded. */
    @NonCPS
    String report(String outcome) {
        if (outcome == REFUSED) {
            return "gate ${gate.name}: ${lastRefusal}; asking again"
        }
        return "gate ${gate.name}: ${approvers.size()} of ${needed} approvals (${approvers.join(', ')})"
    }

    @NonCPS
    String rejectedMessage(Map answer) {
        return "${runbook} step ${step}: rejected at gate ${gate.name} by ${answer.approver ?: '(unknown)'}" +
                "${answer.comment ? ': ' + answer.comment : ''}; nothing after the gate ran"
    }

    @NonCPS
    String expiredMessage() {
        return "${runbook} step ${step}: timed out at gate ${gate.name} after ${gate.expires} with ${approvers.size()} of ${needed} approvals; " +
                'nothing after the gate ran. Start a new run when approvers are available.'
    }

    @NonCPS
    String exhaustedMessage() {
        return "${runbook} step ${step}: gate ${gate.name} stopped asking after ${refused} answers were not counted " +
                "(last: ${lastRefusal}); nothing after the gate ran. Ask an approver of ${gate.approvers.join(', ')} other than the requester."
    }
}
