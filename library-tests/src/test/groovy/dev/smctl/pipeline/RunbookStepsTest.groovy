package dev.smctl.pipeline

import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/**
 * Each runbook's pipeline with every gate approved: which plugin steps run in which order, with exactly which
 * arguments, under which lock, and what the build is called. The expectations are written out from the definitions
 * and docs/pipeline-steps.md, not computed by the library's own code.
 */
class RunbookStepsTest extends RunbookPipelineTest {
    public static final String NS = 'production'

    static Map common(String id, String step, String title) {
        return [namespace: NS, reason: "${id} step ${step}: ${id} ${title}, requested by ${REQUESTER}".toString(), dryRun: false]
    }

    @Test
    @DisplayName('P0-01 scenario A: diagnose, then the rollback after its approval, under the Deployment lock; B and C skipped')
    void p0_01RollsBackInScenarioA() {
        run('P0-01', [scenario: 'A'])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smDiagnose', 'smRollback (dry run)', 'smApprovalDecision rollback approved approver-1',
                'smRollback', 'smWriteRecords')
        String title = 'Application down (backend)'
        assertThat(calls('smDiagnose')).containsExactly([deployment: 'backend'] + common('P0-01', 'diagnose', title))
        assertThat(calls('smRollback')[1]).isEqualTo([deployment: 'backend'] + common('P0-01', 'rollback', title))
        assertThat(calls('lock')).containsExactly([resource: 'smctl/production/deployment/backend'])
        assertThat(stages()).containsExactly('diagnose', 'rollback', 'postgres-pod', 'switch-colour')
        assertThat(log).contains("postgres-pod: skipped, when 'scenario == B' does not hold (scenario is A)".toString())
    }

    @Test
    @DisplayName('P0-01 scenario=diagnose follows the diagnosis: B deletes the PostgreSQL pod under its own lock')
    void p0_01FollowsTheDiagnosis() {
        diagnosed = 'B'
        run('P0-01')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smDiagnose', 'smPodDelete (dry run)', 'smApprovalDecision postgres-pod approved approver-1',
                'smPodDelete', 'smWriteRecords')
        assertThat(calls('smPodDelete')[1]).isEqualTo([pod: 'postgres-0'] + common('P0-01', 'postgres-pod', 'Application down (backend)'))
        assertThat(calls('lock')).containsExactly([resource: 'smctl/production/pod/postgres-0'])
    }

    @Test
    @DisplayName('P0-01 with a diagnosis that names no scenario changes nothing, asks nobody and ends UNSTABLE with what to do')
    void p0_01UnknownDiagnosisChangesNothing() {
        diagnosed = 'unknown'
        approveEverything = false
        run('P0-01')

        assertThat(result).isEqualTo('UNSTABLE')
        assertThat(pluginStepsRun()).containsExactly('smDiagnose', 'smWriteRecords')
        assertThat(log.join('\n')).contains('run again with scenario A, B or C')
    }

    @Test
    @DisplayName('P0-02: forensics archived on the spot, read-only, one approval for both destructive steps, restore before the given time, backend back, health')
    void p0_02RestoresBeforeTheCorruption() {
        stepBehaviour.smCaptureForensics = { Map args -> [status: 'succeeded', message: 'captured', evidenceDir: 'smctl/evidence/P0-02-42', manifestSha256: 'ab12'] }
        run('P0-02', [before: '2026-11-28T02:55:00Z'])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smCaptureForensics', 'smReadOnly', 'smScale (dry run)',
                'smApprovalDecision stop-backend approved approver-1', 'smScale', 'smRestoreDb', 'smScale', 'smHealthCheck', 'smWriteRecords')
        String title = 'Database corruption'
        assertThat(calls('smCaptureForensics')).containsExactly([database: 'securemessenger'] + common('P0-02', 'forensics', title))
        assertThat(calls('smReadOnly')).containsExactly([database: 'securemessenger', mode: 'on'] + common('P0-02', 'read-only', title))
        assertThat(calls('smScale')[1]).isEqualTo([workload: 'deployment/backend', replicas: 0] + common('P0-02', 'stop-backend', title))
        assertThat(calls('smRestoreDb')).containsExactly([database: 'securemessenger', before: '2026-11-28T02:55:00Z', expectTables: ['users', 'messages']] +
                common('P0-02', 'restore', title))
        assertThat(calls('smScale')[2]).isEqualTo([workload: 'deployment/backend', restorePrevious: true] + common('P0-02', 'start-backend', title))
        // healthUrl left blank: the step gets no url and probes the configured one.
        assertThat(calls('smHealthCheck')).containsExactly(common('P0-02', 'health', title))
        assertThat(calls('lock')*.resource).containsExactly('smctl/production/database/securemessenger', 'smctl/production/deployment/backend',
                'smctl/production/database/securemessenger', 'smctl/production/deployment/backend')
        assertThat(log).contains('restore: runs under gate destructive, approved earlier in this run by approver-1')
        assertThat(calls('archiveArtifacts')).containsExactly([artifacts: 'smctl/evidence/P0-02-42/**', fingerprint: true],
                [artifacts: 'smctl/**', fingerprint: true, allowEmptyArchive: true])
    }

    @Test
    @DisplayName('P0-02 without a time restores the latest backup: the blank optional parameter is left out, not passed empty')
    void p0_02WithoutTimeLeavesBeforeOut() {
        run('P0-02')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('smRestoreDb')[0]).doesNotContainKey('before').containsEntry('expectTables', ['users', 'messages'])
    }

    @Test
    @DisplayName('P0-03: logs first, then two approvals contain the breach (isolate, evidence, revoke, rotate every secret, 2FA); two more bring it back')
    void p0_03ContainsThenBringsBack() {
        run('P0-03', [healthUrl: 'https://api.example.com/health'])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smCaptureForensics', 'smScale (dry run)',
                'smApprovalDecision isolate-blue approved approver-1', 'smApprovalDecision isolate-blue approved approver-2', 'smScale', 'smScale',
                'smCaptureForensics', 'smRevokeSessions', 'smRotateSecrets', 'smRotateSecrets', 'smRotateSecrets', 'smRotateSecrets', 'smForce2fa',
                'smScale (dry run)', 'smApprovalDecision bring-back-blue approved approver-3', 'smApprovalDecision bring-back-blue approved approver-4',
                'smScale', 'smScale', 'smHealthCheck', 'smWriteRecords')
        String title = 'Security breach'
        assertThat(calls('smCaptureForensics')).containsExactly([pods: 'backend'] + common('P0-03', 'capture-logs', title),
                [database: 'securemessenger', pods: 'backend'] + common('P0-03', 'capture-database', title))
        assertThat(calls('smScale').findAll { !it.dryRun }).containsExactly(
                [workload: 'deployment/backend', replicas: 0] + common('P0-03', 'isolate-blue', title),
                [workload: 'deployment/backend-green', replicas: 0] + common('P0-03', 'isolate-green', title),
                [workload: 'deployment/backend', restorePrevious: true] + common('P0-03', 'bring-back-blue', title),
                [workload: 'deployment/backend-green', restorePrevious: true] + common('P0-03', 'bring-back-green', title))
        assertThat(calls('smRevokeSessions')).containsExactly([database: 'securemessenger'] + common('P0-03', 'revoke-sessions', title))
        assertThat(calls('smRotateSecrets')).containsExactly([kind: 'db-password', database: 'securemessenger'] + common('P0-03', 'rotate-db-password', title),
                [kind: 'jwt'] + common('P0-03', 'rotate-jwt', title), [kind: 'api-keys'] + common('P0-03', 'rotate-api-keys', title),
                [kind: 'encryption-key'] + common('P0-03', 'rotate-encryption-key', title))
        assertThat(calls('smForce2fa')).containsExactly([database: 'securemessenger'] + common('P0-03', 'force-2fa', title))
        assertThat(calls('smHealthCheck')).containsExactly([url: 'https://api.example.com/health'] + common('P0-03', 'health', title))
        // Exactly two gates, each two distinct approvers; evidence capture and the health check take no lock.
        assertThat(calls('smApprovalDecision').groupBy { it.gate }.collectEntries { gate, decisions -> [(gate): decisions*.approver.toSet().size()] })
                .isEqualTo([contain: 2, 'bring-back': 2])
        assertThat(calls('lock')*.resource).containsExactly('smctl/production/deployment/backend', 'smctl/production/deployment/backend-green',
                'smctl/production/database/securemessenger', 'smctl/production/secret/backend-database', 'smctl/production/secret/backend-jwt',
                'smctl/production/secret/backend-api-keys', 'smctl/production/secret/backend-encryption', 'smctl/production/database/securemessenger',
                'smctl/production/deployment/backend', 'smctl/production/deployment/backend-green')
    }

    @Test
    @DisplayName('P1-01: read-only checks unlocked, scale-up to the replicas parameter without a gate, kill-queries after approval')
    void p1_01ScalesAndKillsSlowQueries() {
        run('P1-01', [replicas: '8', killOlderThan: '45s'])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smTop', 'smSlowQueries', 'smScale', 'smKillQueries (dry run)',
                'smApprovalDecision kill-queries approved approver-1', 'smKillQueries', 'smWriteRecords')
        assertThat(calls('smScale')).containsExactly([workload: 'deployment/backend', replicas: 8] + common('P1-01', 'scale-up', 'High latency'))
        assertThat(calls('smKillQueries')[1]).isEqualTo([olderThan: '45s'] + common('P1-01', 'kill-queries', 'High latency'))
        assertThat(calls('lock')*.resource).containsExactly('smctl/production/deployment/backend', 'smctl/production/database/(configured)')
    }

    @Test
    @DisplayName('P1-02: the ingress timeout as one KEY=VALUE annotation, then the restart after approval')
    void p1_02AnnotatesAndRestarts() {
        run('P1-02', [readTimeout: '7200'])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smDiagnose', 'smIngressAnnotate', 'smRestart (dry run)',
                'smApprovalDecision restart approved approver-1', 'smRestart', 'smWriteRecords')
        assertThat(calls('smIngressAnnotate')).containsExactly([ingress: 'secure-messenger',
                annotation: 'nginx.ingress.kubernetes.io/proxy-read-timeout=7200'] + common('P1-02', 'ingress-timeout', 'WebSocket disconnections'))
        assertThat(calls('lock')*.resource).containsExactly('smctl/production/ingress/secure-messenger', 'smctl/production/deployment/backend')
    }

    @Test
    @DisplayName('P2-01: the backup Job from its CronJob, locked, no gate, no question')
    void p2_01RunsTheBackupJob() {
        approveEverything = false
        run('P2-01')

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smBackupJob', 'smWriteRecords')
        assertThat(calls('smBackupJob')).containsExactly([cronJob: 'postgres-backup'] + common('P2-01', 'backup-job', 'Backup failed'))
        assertThat(calls('lock')).containsExactly([resource: 'smctl/production/cronjob/postgres-backup'])
    }

    @Test
    @DisplayName('P2-02: the error summary only, which reads and so takes no lock')
    void p2_02OnlyReads() {
        approveEverything = false
        run('P2-02', [namespace: 'staging'])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smDiagnose', 'smWriteRecords')
        assertThat(calls('smDiagnose')[0]).containsEntry('namespace', 'staging').containsEntry('deployment', 'backend')
        assertThat(calls('lock')).isEmpty()
    }

    @Test
    @DisplayName('The build is named after the runbook and incident and described with the requester; an alert is named as the requester')
    void namesTheBuild() {
        currentBuild().causes = [[_class: 'dev.smctl.jenkins.alerts.AlertmanagerCause', shortDescription: 'Alertmanager alert DatabaseCorruption (fingerprint 1a2b)']]
        run('P0-02', [incident: 'INC-4711'])

        assertThat(currentBuild().displayName).isEqualTo('#42 P0-02 INC-4711')
        assertThat(currentBuild().description).isEqualTo('P0-02 Database corruption, incident INC-4711, alert: Alertmanager alert DatabaseCorruption (fingerprint 1a2b)')
        assertThat(calls('smReadOnly')[0].reason).isEqualTo('P0-02 step read-only: ' + currentBuild().description)
    }

    @Test
    @DisplayName('A dry run asks nobody: every step, gated or not, runs once with dryRun true')
    void dryRunAsksNobody() {
        approveEverything = false
        run('P0-02', [dryRun: true])

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(pluginStepsRun()).containsExactly('smCaptureForensics (dry run)', 'smReadOnly (dry run)', 'smScale (dry run)',
                'smRestoreDb (dry run)', 'smScale (dry run)', 'smHealthCheck (dry run)', 'smWriteRecords')
        assertThat(calls('input')).isEmpty()
        assertThat(currentBuild().displayName).isEqualTo('#42 P0-02 (dry run)')
    }

    @Test
    @DisplayName('Milestones: one before each gate and one before each step, in increasing order, so an older build cannot pass a newer one')
    void passesMilestonesInOrder() {
        run('P0-02')

        assertThat(calls('milestone')).containsExactly([ordinal: 2, label: 'forensics'], [ordinal: 4, label: 'read-only'],
                [ordinal: 5, label: 'stop-backend: approval'], [ordinal: 6, label: 'stop-backend'],
                [ordinal: 8, label: 'restore'], [ordinal: 10, label: 'start-backend'], [ordinal: 12, label: 'health'])
        // The approval milestone comes after the dry run and before the question; the step's after the decision.
        assertThat(indexOf('smScale', [dryRun: true])).isLessThan(indexOf('milestone', [ordinal: 5]))
        assertThat(indexOf('milestone', [ordinal: 5])).isLessThan(indexOf('input'))
        assertThat(indexOf('smApprovalDecision')).isLessThan(indexOf('milestone', [ordinal: 6]))
        assertThat(indexOf('milestone', [ordinal: 6])).isLessThan(indexOf('lock', [resource: 'smctl/production/deployment/backend']))
        assertThat(indexOf('lock', [resource: 'smctl/production/deployment/backend'])).isLessThan(indexOf('smScale', [dryRun: false]))
    }

    @Test
    @DisplayName('Agents: steps and records run in node(label) from the options; gates do not hold a node')
    void runsStepsOnTheAgentLabel() {
        binding.setVariable('params', defaults('P1-02'))
        runbookId = 'P1-02'
        new File(scriptRoots[0], 'agent_job.groovy').text = "@Library('smctl') _\nsmRunbook('P1-02', [agent: 'smctl-db'])\n"
        runScript('agent_job.groovy')

        assertThat(calls('node')*.args*.getAt(0)).containsOnly('smctl-db').hasSize(5)
        // The question is asked outside any node: between the dry run's node and the step's node.
        List<String> order = helper.callStack.findAll { it.methodName in ['node', 'input'] }*.methodName
        assertThat(order).containsExactly('node', 'node', 'node', 'input', 'node', 'node')
    }
}
