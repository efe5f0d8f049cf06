package dev.smctl.pipeline

import hudson.AbortException
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

import static org.assertj.core.api.Assertions.assertThat

/**
 * A definition the library cannot run exactly as written stops the build before its first stage, naming the file
 * and what to fix: an action without a step, an argument its step does not take, a placeholder or condition on no
 * parameter, a gate nobody defined. The broken definitions live in this module's test resources.
 */
class DefinitionContractTest extends RunbookPipelineTest {

    static List<Object[]> brokenDefinitions() {
        return [
                ['P3-91', 'smctl/runbooks/P3-91.yaml: step vacuum names action "db-vacuum", which has no Pipeline step; known: backup-job, bluegreen-switch'],
                ['P3-92', 'smctl/runbooks/P3-92.yaml: step scale uses ${service}, which is not a parameter'],
                ['P3-93', 'smctl/runbooks/P3-93.yaml: step check: when "scenario in [A, B]" is not \'PARAMETER == VALUE\' (or !=) on a parameter'],
                ['P3-94', 'smctl/runbooks/P3-94.yaml: step check: namespace is set by the library from the build, not by the definition'],
                ['P3-96', 'smctl/runbooks/P3-96.yaml: step restart names gate on-call, which is not defined'],
                ['P3-98', 'smctl/runbooks/P3-98.yaml: step restore: migration is a command and must be written in the definition, not filled from a parameter'],
                ['P3-99', 'smctl/runbooks/P3-99.yaml: step ingress-timeout: smIngressAnnotate takes no argument annotations; it takes ingress, annotation (docs/pipeline-steps.md)'],
        ].collect { it as Object[] }
    }

    @ParameterizedTest(name = '{0}')
    @MethodSource('brokenDefinitions')
    @DisplayName('A definition the library cannot run as written fails the build before anything runs')
    void brokenDefinitionStopsTheBuild(String id, String message) {
        runWithParams(id, [namespace: 'production', dryRun: false, incident: ''])

        assertThat(result).isEqualTo('FAILURE')
        assertThat(thrown.message).contains(message)
        assertThat(pluginStepsRun()).isEmpty()
        assertThat(calls('properties')).isEmpty()
    }

    @Test
    @DisplayName('A required parameter without a value fails the build, with its description')
    void requiredParameterMissing() {
        runWithParams('P3-95', [namespace: 'production', ticket: '', dryRun: false, incident: ''])

        assertThat(result).isEqualTo('FAILURE')
        assertThat(thrown).isInstanceOf(AbortException).hasMessage('P3-95: parameter ticket is required: The change ticket; nothing ran')
        assertThat(pluginStepsRun()).isEmpty()
        assertThat(declaredParameters().find { it.name == 'ticket' }.description).isEqualTo('The change ticket (string, required)')
    }

    @Test
    @DisplayName('A step argument that breaks its rule once filled in from a parameter fails the build before the first stage')
    void badArgumentValueStopsTheBuild() {
        runWithParams('P3-97', [namespace: 'production', target: 'backend; kubectl delete ns production', dryRun: false, incident: ''])

        assertThat(result).isEqualTo('FAILURE')
        assertThat(thrown.message).startsWith('P3-97: P3-97 step restart: smDiagnose argument deployment "backend; kubectl delete ns production" is not a valid name')
        assertThat(stages()).isEmpty()
    }
}
