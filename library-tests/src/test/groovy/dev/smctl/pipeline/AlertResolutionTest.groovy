package dev.smctl.pipeline

import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/**
 * A run an Alertmanager alert started, whose alert resolves: before its first change the run ends NOT_BUILT having
 * changed nothing (the plugin's smIncidentState records why); while a gate waits, the plugin's
 * smUntilAlertResolves cuts the question short; after the first change the run is left to finish.
 */
class AlertResolutionTest extends RunbookPipelineTest {
    static final String CANCELLED = "alert ApplicationDown resolved at ${RESOLVED_AT}: remediation cancelled before step"

    @BeforeEach
    void startedByAnAlert() {
        binding.setVariable('currentBuild', new BuildStandIn([[_class: 'dev.smctl.jenkins.AlertmanagerCause',
                shortDescription: 'Started by Alertmanager alert ApplicationDown (fingerprint 3f1c)', alertname: 'ApplicationDown']]))
    }

    /** Plugin steps of the runbooks used here that change nothing. */
    static final List<String> READING = ['smWriteRecords', 'smDiagnose', 'smCaptureForensics', 'smHealthCheck']

    /** The plugin steps that really ran (not as a dry run) and change things. */
    List<String> changesMade() {
        return pluginStepsRun().findAll { !it.endsWith('(dry run)') && !it.startsWith('smApprovalDecision') && !(it in READING) }
    }

    void assertEndedBefore(String step) {
        assertThat(result).isEqualTo('NOT_BUILT')
        assertThat(thrown).isNull()
        assertThat(currentBuild().description).endsWith("; ${CANCELLED} ${step}; nothing was changed".toString())
        assertThat(log).contains("${CANCELLED} ${step}; nothing was changed".toString())
        assertThat(changesMade()).isEmpty()
        assertThat(pluginStepsRun().last()).as('the records are archived').isEqualTo('smWriteRecords')
    }

    @Test
    @DisplayName('Resolved while the build waited in the queue: the first look ends it before its first step; nothing runs, the records are kept')
    void resolvedInTheQueue() {
        alertResolvedAt = RESOLVED_AT

        run('P0-01')

        assertEndedBefore('diagnose')
        assertThat(calls('smIncidentState')).containsExactly([runbook: 'P0-01', step: 'diagnose', changing: 'false'])
        assertThat(pluginStepsRun()).containsExactly('smWriteRecords')
        assertThat(calls('input')).isEmpty()
    }

    @Test
    @DisplayName('Resolved while the approvers were asked: the plugin cuts the question short and the gate closes; the step never runs')
    void resolvedAtTheGate() {
        answers = [rollback: [new AlertResolvesNow()]]

        run('P0-01')

        assertEndedBefore('rollback')
        assertThat(calls('smUntilAlertResolves')).hasSize(1)
        assertThat(calls('smApprovalDecision')).as('nobody answered').isEmpty()
        assertThat(pluginStepsRun()).containsExactly('smDiagnose', 'smRollback (dry run)', 'smWriteRecords')
    }

    @Test
    @DisplayName('Resolved just as an approver answered: the answer is recorded, then the look after it closes the gate')
    void resolvedAsTheApproverAnswered() {
        answers = [rollback: [{ alertResolvedAt = RESOLVED_AT; approve('bob') }]]

        run('P0-01')

        assertEndedBefore('rollback')
        assertThat(pluginStepsRun()).containsExactly('smDiagnose', 'smRollback (dry run)', 'smApprovalDecision rollback approved bob', 'smWriteRecords')
    }

    @Test
    @DisplayName('Resolved while the run waited for the lock on its target: the last look, inside the lock, ends it before the change')
    void resolvedWhileWaitingForTheLock() {
        lockTaken = { Map args -> alertResolvedAt = RESOLVED_AT }

        run('P0-01')

        assertEndedBefore('rollback')
        assertThat(calls('smIncidentState').last()).isEqualTo([runbook: 'P0-01', step: 'rollback', changing: 'true'])
        assertThat(calls('smApprovalDecision')).hasSize(1)
    }

    @Test
    @DisplayName('Resolved between two steps that change nothing: the look before the next step ends the run')
    void resolvedDuringAReadOnlyStep() {
        stepBehaviour.smCaptureForensics = { Map args ->
            alertResolvedAt = RESOLVED_AT
            defaultResult('smCaptureForensics', args)
        }

        run('P0-02')

        assertEndedBefore('read-only')
        assertThat(pluginStepsRun()).containsExactly('smCaptureForensics', 'smWriteRecords')
    }

    @Test
    @DisplayName('Resolved after the first change: the run is left to finish, its later gates ask people as usual and nothing looks again')
    void resolvedAfterTheFirstChangeIsLeftToFinish() {
        stepBehaviour.smReadOnly = { Map args ->
            if (!args.dryRun) {
                alertResolvedAt = RESOLVED_AT
            }
            defaultResult('smReadOnly', args)
        }

        run('P0-02')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(changesMade()).containsExactly('smReadOnly', 'smScale', 'smRestoreDb', 'smScale')
        assertThat(calls('smIncidentState').last()).isEqualTo([runbook: 'P0-02', step: 'read-only', changing: 'true'])
        assertThat(calls('smUntilAlertResolves')).as('a gate after a change is not cut short').isEmpty()
        assertThat(calls('input')).isNotEmpty()
        assertThat(currentBuild().description).doesNotContain('resolved')
    }

    @Test
    @DisplayName('A firing alert: the run looks before each step until its first change and around each question, and goes on')
    void firingAlertLooksUntilTheFirstChange() {
        run('P0-01')

        assertThat(result).isEqualTo('SUCCESS')
        // diagnose; the rollback stage; its question (before, after the answer); inside the lock, the first change.
        assertThat(calls('smIncidentState')*.step).containsExactly('diagnose', 'rollback', 'rollback', 'rollback', 'rollback')
        assertThat(calls('smIncidentState')*.changing).containsExactly('false', 'false', 'false', 'false', 'true')
        int change = helper.callStack.findIndexOf { it.methodName == 'smRollback' && !((Map) it.args[0]).dryRun }
        assertThat(indexOf('smIncidentState', [changing: 'true'])).isBetween(0, change - 1)
        assertThat(changesMade()).containsExactly('smRollback')
    }
}
