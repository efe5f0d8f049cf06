package dev.smctl.pipeline

import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

import static org.assertj.core.api.Assertions.assertThat

/** The job parameters each runbook's pipeline declares through properties([parameters(...)]). */
class ParametersTest extends RunbookPipelineTest {

    @ParameterizedTest(name = '{0}')
    @MethodSource('everyRunbook')
    @DisplayName('Every parameter of the definition, in order, with its default (a choice with its default first), then dryRun and incident')
    void declaresTheDefinitionsParameters(String id) {
        run(id)

        List<Map> expected = definition(id).parameters.collect { Map p ->
            p.type == 'choice' ? [kind: 'choice', name: p.name, choices: [p['default']] + (p.choices - [p['default']])]
                    : [kind: 'string', name: p.name, defaultValue: p['default'] == null ? '' : String.valueOf(p['default']), trim: true]
        } + [[kind: 'booleanParam', name: 'dryRun', defaultValue: false], [kind: 'string', name: 'incident', defaultValue: '', trim: true]]
        List<Map> declared = declaredParameters()
        assertThat(declared.collect { it.findAll { it.key != 'description' } }).isEqualTo(expected)
        definition(id).parameters.each { Map p ->
            assertThat(declared.find { it.name == p.name }.description).startsWith(String.valueOf(p.description)).contains("(${p.type}".toString())
        }
    }

    @Test
    @DisplayName('P0-01 offers diagnose first, so a build from an alert lets the diagnosis choose the scenario')
    void p0_01ScenarioDefaultsToDiagnose() {
        run('P0-01')

        assertThat(declaredParameters().find { it.name == 'scenario' }.choices).containsExactly('diagnose', 'A', 'B', 'C')
    }

    @Test
    @DisplayName('P1-01 declares its integer and duration parameters as strings with their defaults and says their type')
    void p1_01TypedParameters() {
        run('P1-01')

        Map replicas = declaredParameters().find { it.name == 'replicas' }
        assertThat(replicas).containsEntry('kind', 'string').containsEntry('defaultValue', '6')
        assertThat(replicas.description).isEqualTo('Backend replicas to scale to (integer)')
        assertThat(declaredParameters().find { it.name == 'killOlderThan' }.defaultValue).isEqualTo('30s')
    }
}
