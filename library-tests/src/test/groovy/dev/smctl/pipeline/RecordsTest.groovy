package dev.smctl.pipeline

import hudson.AbortException
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

import static org.assertj.core.api.Assertions.assertThat

/**
 * The records (audit log, post-mortem draft, report) are written and archived with fingerprints at the end of every
 * run that got past validation: successful, failed, aborted or stopped at a gate; and a problem with the records never
 * hides the error that ended the run.
 */
class RecordsTest extends RunbookPipelineTest {
    public static final Map ARCHIVE_RECORDS = [artifacts: 'smctl/**', fingerprint: true, allowEmptyArchive: true]

    /** The plugin step of the definition's first step, which runs in every scenario. */
    static String firstStep(String id) {
        return pluginStepOf(id, (String) definition(id).steps[0].id)
    }

    void assertRecordsArchived(String id) {
        assertThat(calls('smWriteRecords')).containsExactly([runbook: id])
        assertThat(calls('archiveArtifacts')).endsWith(ARCHIVE_RECORDS)
        assertThat(indexOf('smWriteRecords')).isLessThan(indexOf('archiveArtifacts', ARCHIVE_RECORDS))
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyRunbook')
    @DisplayName('A successful run archives its records')
    void archivesOnSuccess(String id) {
        run(id)

        assertThat(result).isEqualTo('SUCCESS')
        assertRecordsArchived(id)
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyRunbook')
    @DisplayName('A failing first step fails the build with the step\'s message, runs nothing after it, and still archives the records')
    void archivesOnFailure(String id) {
        String step = firstStep(id)
        stepBehaviour[step] = { Map args -> throw new AbortException("${step} failed: the API server refused the request".toString()) }
        run(id)

        assertThat(result).isEqualTo('FAILURE')
        assertThat(thrown).isInstanceOf(AbortException).hasMessage("${step} failed: the API server refused the request".toString())
        // The step itself, or its dry run when it is gated (P0-03 isolates first), then only the records.
        assertThat(pluginStepsRun()).hasSize(2).endsWith('smWriteRecords')
        assertThat(pluginStepsRun()[0]).startsWith(step)
        assertRecordsArchived(id)
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyRunbook')
    @DisplayName('A build aborted during its first step ends ABORTED and still archives the records')
    void archivesOnAbort(String id) {
        stepBehaviour[firstStep(id)] = { Map args -> throw buildAborted() }
        run(id)

        assertThat(result).isEqualTo('ABORTED')
        assertRecordsArchived(id)
    }

    @Test
    @DisplayName('A restore that fails after both approvals leaves the backend down (no start-backend) and archives the records')
    void failedRestoreStopsTheRun() {
        stepBehaviour.smRestoreDb = { Map args ->
            if (args.dryRun) {
                return [status: 'succeeded', summary: 'would restore backup 2026-11-28T02-50-00Z', changes: []]
            }
            throw new AbortException('restore of securemessenger failed: the copy lacks table messages; the original is still live')
        }
        run('P0-02')

        assertThat(result).isEqualTo('FAILURE')
        assertThat(pluginStepsRun()).endsWith('smRestoreDb', 'smWriteRecords')
        assertThat(calls('smScale').findAll { it.restorePrevious }).isEmpty()
        assertRecordsArchived('P0-02')
    }

    @Test
    @DisplayName('Records that cannot be written after a failed step: the step\'s error is what the build reports, and it is still FAILURE')
    void recordsFailureKeepsTheStepError() {
        stepBehaviour.smReadOnly = { Map args -> throw new AbortException('cannot set securemessenger read-only: permission denied') }
        stepBehaviour.smWriteRecords = { Map args -> throw new AbortException('the workspace is full') }
        run('P0-02')

        assertThat(result).isEqualTo('FAILURE')
        assertThat(thrown).hasMessage('cannot set securemessenger read-only: permission denied')
        assertThat(log).contains("P0-02: the records could not be written or archived (the workspace is full); the audit log stays on the build's audit page".toString())
        assertThat(calls('archiveArtifacts')).contains(ARCHIVE_RECORDS)
    }

    @Test
    @DisplayName('Records that cannot be written after a successful run fail the build')
    void recordsFailureFailsASuccessfulRun() {
        stepBehaviour.smWriteRecords = { Map args -> throw new AbortException('the workspace is full') }
        run('P2-02')

        assertThat(thrown).isNull()
        assertThat(result).isEqualTo('FAILURE')
    }

    @Test
    @DisplayName('An audit log that does not verify fails the build, and the records are archived as they are')
    void unverifiedAuditFailsTheBuild() {
        stepBehaviour.smWriteRecords = { Map args -> [auditVerified: false, files: ['smctl/audit.jsonl']] }
        run('P2-02')

        assertThat(result).isEqualTo('FAILURE')
        assertThat(log.join('\n')).contains('the audit log does not verify')
        assertRecordsArchived('P2-02')
    }

    @Test
    @DisplayName('A rejection stays ABORTED even when the records then fail: a result only gets worse')
    void rejectionStaysAborted() {
        answers['stop-backend'] = [reject('bob')]
        stepBehaviour.smWriteRecords = { Map args -> throw new AbortException('the workspace is full') }
        run('P0-02')

        assertThat(result).isEqualTo('ABORTED')
    }

    @Test
    @DisplayName('Evidence a step reports outside the workspace is refused, not archived, and fails the build; the records are still archived')
    void evidenceOutsideTheWorkspaceIsRefused() {
        stepBehaviour.smCaptureForensics = { Map args -> [status: 'succeeded', message: 'captured', evidenceDir: '../../etc'] }
        run('P0-02')

        assertThat(result).isEqualTo('FAILURE')
        assertThat(thrown.message).contains('evidence directory "../../etc" is not a relative path inside the workspace')
        assertThat(calls('archiveArtifacts')).containsExactly(ARCHIVE_RECORDS)
        assertRecordsArchived('P0-02')
    }
}
