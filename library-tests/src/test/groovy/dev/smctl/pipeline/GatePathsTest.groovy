package dev.smctl.pipeline

import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

import static org.assertj.core.api.Assertions.assertThat

/**
 * Every gate of every runbook, on each path a gate can take: approved, rejected (the reject choice and the input's
 * Abort button), expired, and approvals the plugin refuses (the requester, the alert identity, no comment, the
 * same person twice). The other gates of the run are approved, so each test isolates one gate.
 */
class GatePathsTest extends RunbookPipelineTest {
    /** ApprovalTally.MAX_REFUSED: refused answers after which a gate stops asking. */
    public static final int MAX_REFUSED = 10

    static List<Object[]> everyGate() {
        List<Map> gates = []
        everyRunbook().each { String id -> gates.addAll(gateQuestions(id)) }
        assert gates*.runbook.toSet() == ['P0-01', 'P0-02', 'P0-03', 'P1-01', 'P1-02'] as Set: 'the runbooks with gates changed; review these tests'
        // P0-01 asks on-call before whichever scenario's step runs; the others once per gate name.
        assert gates.collect { "${it.runbook} ${it.step}".toString() } == ['P0-01 rollback', 'P0-01 postgres-pod', 'P0-01 switch-colour', 'P0-02 stop-backend',
                'P0-03 isolate-blue', 'P0-03 bring-back-blue', 'P1-01 kill-queries', 'P1-02 restart']: 'the questions the runbooks ask changed; review these tests'
        return gates.collect { Map gated -> [new NamedGate(gated)] as Object[] }
    }

    /** The plugin step of a gated step: what must not run unless the gate approved. */
    static String stepOf(Map gated) {
        return pluginStepOf((String) gated.runbook, (String) gated.step)
    }

    /** Steps that run (really, not as a dry run) after the given step, by their plugin step names. */
    List<String> realRunsOf(String step) {
        return calls(step).findAll { !it.dryRun }.collect { it.reason }
    }

    static List<Map> answersOf(List<String> approvers) {
        return approvers.collect { approve(it) }
    }

    void runAt(Map gated) {
        run((String) gated.runbook, (Map) gated.params)
    }

    String reasonOf(Map gated) {
        return "${gated.runbook} step ${gated.step}".toString()
    }

    int needed(Map gated) {
        return (int) gated.gateDefinition.minApprovals
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyGate')
    @DisplayName('Approved: the question goes to the gate\'s approvers with the dry run\'s plan, inside the expiry; then the step runs')
    void approved(Map gated) {
        runAt(gated)

        assertThat(result).isEqualTo('SUCCESS')
        List<Map> questions = calls('input').findAll { String.valueOf(it.id).startsWith(gated.step + '-') }
        assertThat(questions).hasSize(needed(gated))
        questions.each { Map question ->
            assertThat(question.submitter).isEqualTo(gated.gateDefinition.approvers.join(','))
            assertThat(question.submitterParameter).isEqualTo('approver')
            assertThat(question.parameters*.name).containsExactly('decision', 'comment')
            assertThat(question.message).contains("at gate ${gated.gate}".toString()).contains("Plan: ${stepOf(gated)} would change its target".toString())
        }
        assertThat(calls('timeout')).contains([time: seconds(gated.gateDefinition.expires), unit: 'SECONDS'])
        List<Map> decisions = calls('smApprovalDecision').findAll { it.step == gated.step }
        assertThat(decisions).hasSize(needed(gated))
        decisions.each { Map d ->
            assertThat(d).containsEntry('runbook', gated.runbook).containsEntry('gate', gated.gate).containsEntry('decision', 'approved')
                    .containsEntry('comment', 'read the plan, go ahead')
        }
        assertThat(decisions*.approver.toSet()).hasSize(needed(gated))
        // One question per gate and run: the later steps naming the gate run under this approval.
        assertThat(calls('smApprovalDecision').findAll { it.gate == gated.gate }).isEqualTo(decisions)
        assertThat(realRunsOf(stepOf(gated)).findAll { it.startsWith(reasonOf(gated) + ':') }).hasSize(1)
        // Every question was answered before the step ran.
        String reason = realRunsOf(stepOf(gated)).find { it.startsWith(reasonOf(gated) + ':') }
        assertThat(indexOf('input', [id: "${gated.step}-${needed(gated)}".toString()])).isLessThan(indexOf(stepOf(gated), [dryRun: false, reason: reason]))
    }

    /** The timeout step's time, an int as the step binds it: the gates of the definitions expire in whole minutes or hours. */
    static int seconds(String expires) {
        assert expires ==~ /\d+[mh]/: "gate expiry ${expires} is not whole minutes or hours; extend this oracle"
        return Integer.parseInt(expires[0..-2]) * (expires.endsWith('h') ? 3600 : 60)
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyGate')
    @DisplayName('Rejected with a comment: the decision is recorded, the step and everything after it never run, the build is ABORTED with its records')
    void rejected(Map gated) {
        answers[gated.step] = [reject('bob', 'wrong plan, the release is fine')]
        runAt(gated)

        assertThat(result).isEqualTo('ABORTED')
        assertThat(calls('smApprovalDecision').findAll { it.step == gated.step }).containsExactly([runbook: gated.runbook, gate: gated.gate,
                step: gated.step, approver: 'bob', comment: 'wrong plan, the release is fine', decision: 'rejected'])
        assertThat(realRunsOf(stepOf(gated)).findAll { it.startsWith(reasonOf(gated) + ':') }).isEmpty()
        assertStopsAfter(gated)
        assertThat(log).contains("${gated.runbook} step ${gated.step}: rejected at gate ${gated.gate} by bob: wrong plan, the release is fine; nothing after the gate ran".toString())
        assertThat(currentBuild().description).endsWith("requested by ${REQUESTER}; rejected at gate ${gated.gate}".toString())
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyGate')
    @DisplayName('The input\'s Abort button counts as a rejection by whoever pressed it')
    void abortButton(Map gated) {
        answers[gated.step] = [abortButton('bob')]
        runAt(gated)

        assertThat(result).isEqualTo('ABORTED')
        assertThat(calls('smApprovalDecision').findAll { it.step == gated.step }*.subMap(['approver', 'decision']))
                .containsExactly([approver: 'bob', decision: 'rejected'])
        assertStopsAfter(gated)
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyGate')
    @DisplayName('Expired: timed-out is recorded, nothing after the gate runs, the build is ABORTED with its records')
    void expired(Map gated) {
        answers[gated.step] = [gateExpiry()]
        runAt(gated)

        assertThat(result).isEqualTo('ABORTED')
        assertThat(calls('smApprovalDecision').findAll { it.step == gated.step }*.subMap(['decision', 'comment']))
                .containsExactly([decision: 'timed-out', comment: "no decision within ${gated.gateDefinition.expires}".toString()])
        assertThat(realRunsOf(stepOf(gated)).findAll { it.startsWith(reasonOf(gated) + ':') }).isEmpty()
        assertStopsAfter(gated)
        assertThat(log.join('\n')).contains("timed out at gate ${gated.gate} after ${gated.gateDefinition.expires}".toString())
        assertThat(currentBuild().description).endsWith("requested by ${REQUESTER}; timed-out at gate ${gated.gate}".toString())
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyGate')
    @DisplayName('The requester\'s own approval is refused by the plugin, not counted, and the gate asks again')
    void selfApprovalAsksAgain(Map gated) {
        List<String> others = (1..needed(gated)).collect { "approver-${it}".toString() }
        answers[gated.step] = [approve(REQUESTER)] + answersOf(others)
        runAt(gated)

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('input').findAll { String.valueOf(it.id).startsWith(gated.step + '-') }).hasSize(needed(gated) + 1)
        assertThat(calls('smApprovalDecision').findAll { it.step == gated.step }*.approver).containsExactly(([REQUESTER] + others) as String[])
        assertThat(log.join('\n')).contains("approved by ${REQUESTER} not counted: ${REQUESTER} started this run".toString())
        assertThat(realRunsOf(stepOf(gated)).findAll { it.startsWith(reasonOf(gated) + ':') }).hasSize(1)
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyGate')
    @DisplayName('Refused ten times (the requester insisting): the gate stops asking, the build FAILS and the step never runs')
    void refusalsExhaustTheGate(Map gated) {
        answers[gated.step] = (1..MAX_REFUSED).collect { approve(REQUESTER) }
        runAt(gated)

        assertThat(result).isEqualTo('FAILURE')
        assertThat(calls('smApprovalDecision').findAll { it.step == gated.step }).hasSize(MAX_REFUSED)
        assertThat(realRunsOf(stepOf(gated)).findAll { it.startsWith(reasonOf(gated) + ':') }).isEmpty()
        assertThat(thrown.message).contains("gate ${gated.gate} stopped asking after 10 answers were not counted".toString())
        assertThat(calls('smWriteRecords')).hasSize(1)
    }

    @Test
    @DisplayName('The alert identity cannot approve either')
    void alertIdentityIsRefused() {
        answers['stop-backend'] = [approve(ALERT_IDENTITY), approve('bob')]
        run('P0-02')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('smApprovalDecision')*.approver).containsExactly(ALERT_IDENTITY, 'bob')
    }

    @Test
    @DisplayName('An approval without the required comment is refused and asked again')
    void blankCommentIsAskedAgain() {
        answers['stop-backend'] = [approve('bob', '  '), approve('bob', 'backup checked')]
        run('P0-02')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('smApprovalDecision')*.comment).containsExactly('', 'backup checked')
        assertThat(log.join('\n')).contains('approved by bob not counted: a comment is required')
    }

    @Test
    @DisplayName('N of M: the same person approving twice counts once, even if the plugin accepted it; the question says who already approved')
    void sameApproverCountsOnce() {
        pluginAcceptsRepeatedApprover = true
        answers['isolate-blue'] = [approve('carol'), approve('carol'), approve('dave')]
        run('P0-03')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('smApprovalDecision').findAll { it.step == 'isolate-blue' }*.approver).containsExactly('carol', 'carol', 'dave')
        List<Map> questions = calls('input').findAll { String.valueOf(it.id).startsWith('isolate-blue-') }
        assertThat(questions*.id).containsExactly('isolate-blue-1', 'isolate-blue-2', 'isolate-blue-3')
        assertThat(questions[0].message).contains('approval 1 of 2')
        assertThat(questions[2].message).contains('approval 2 of 2').contains('Already approved by: carol.')
        assertThat(log.join('\n')).contains('carol already approved; the approvals must come from different people')
        assertThat(log).contains('isolate-blue: approved at gate contain by carol, dave')
                .contains('rotate-jwt: runs under gate contain, approved earlier in this run by carol, dave')
    }

    @Test
    @DisplayName('A rejection the plugin does not accept (someone not allowed to decide pressed Abort) is recorded and the gate asks again')
    void refusedRejectionAsksAgain() {
        answers['rollback'] = [abortButton(REQUESTER), approve('bob')]
        run('P0-01', [scenario: 'A'])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('smApprovalDecision')*.subMap(['approver', 'decision'])).containsExactly(
                [approver: REQUESTER, decision: 'rejected'], [approver: 'bob', decision: 'approved'])
        assertThat(calls('smRollback').findAll { !it.dryRun }).hasSize(1)
    }

    @Test
    @DisplayName('Aborting the build while it waits at a gate is not a decision: nothing is recorded as one, the build is ABORTED with its records')
    void buildAbortAtTheGateIsNotADecision() {
        answers['stop-backend'] = [buildAborted()]
        run('P0-02')

        assertThat(result).isEqualTo('ABORTED')
        assertThat(calls('smApprovalDecision')).isEmpty()
        assertThat(calls('smScale').findAll { !it.dryRun }).isEmpty()
        assertThat(calls('smRestoreDb')).isEmpty()
        assertThat(calls('smWriteRecords')).hasSize(1)
    }

    @Test
    @DisplayName('An approved gate covers the later steps that name it: P0-02 asks destructive once, before stop-backend, and the restore runs on it')
    void approvedGateCoversLaterSteps() {
        answers['stop-backend'] = [approve('bob', 'backup of 02:50 checked')]
        approveEverything = false
        run('P0-02')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('input')*.id).containsExactly('stop-backend-1')
        assertThat(calls('smRestoreDb')*.dryRun).containsExactly(false)
        assertThat(log).contains('restore: runs under gate destructive, approved earlier in this run by bob')
        assertThat(indexOf('smApprovalDecision')).isLessThan(indexOf('smRestoreDb'))
    }

    @Test
    @DisplayName('Another gate name is another question: bringing P0-03 back needs two approvals of its own, whoever contained the breach')
    void anotherGateIsAnotherQuestion() {
        answers['isolate-blue'] = [approve('carol'), approve('dave')]
        answers['bring-back-blue'] = [approve('dave'), approve('carol')]
        approveEverything = false
        run('P0-03')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('smApprovalDecision')*.subMap(['gate', 'step', 'approver'])).containsExactly(
                [gate: 'contain', step: 'isolate-blue', approver: 'carol'], [gate: 'contain', step: 'isolate-blue', approver: 'dave'],
                [gate: 'bring-back', step: 'bring-back-blue', approver: 'dave'], [gate: 'bring-back', step: 'bring-back-blue', approver: 'carol'])
        assertThat(calls('input').find { it.id == 'bring-back-blue-1' }.message).contains('approval 1 of 2').doesNotContain('Already approved by')
        assertThat(log).contains('bring-back-green: runs under gate bring-back, approved earlier in this run by dave, carol')
    }

    @Test
    @DisplayName('A rejection at bring-back leaves the contained state: nothing is brought back, the health check does not run')
    void bringBackRejectedKeepsTheBreachContained() {
        answers['bring-back-blue'] = [reject('carol', 'attacker still active')]
        run('P0-03')

        assertThat(result).isEqualTo('ABORTED')
        assertThat(calls('smScale').findAll { !it.dryRun }*.workload).containsExactly('deployment/backend', 'deployment/backend-green')
        assertThat(calls('smRotateSecrets')).hasSize(4)
        assertThat(calls('smHealthCheck')).isEmpty()
        assertThat(stages()).doesNotContain('bring-back-green', 'health')
    }

    void assertStopsAfter(Map gated) {
        List<String> stepIds = definition(gated.runbook).steps*.id
        List<String> later = stepIds.subList(stepIds.indexOf(gated.step) + 1, stepIds.size())
        assertThat(stages()).endsWith(gated.step)
        assertThat(stages().intersect(later)).isEmpty()
        assertThat(calls('smWriteRecords')).containsExactly([runbook: gated.runbook])
        assertThat(calls('archiveArtifacts')).contains([artifacts: 'smctl/**', fingerprint: true, allowEmptyArchive: true])
    }
}
