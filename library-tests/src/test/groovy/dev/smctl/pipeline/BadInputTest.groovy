package dev.smctl.pipeline

import hudson.AbortException
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

import static org.assertj.core.api.Assertions.assertThat

/**
 * Bad build parameters stop the build before its first stage with one line that says what is wrong: no plugin step
 * runs, no question is asked, no lock is taken. The values are checked by the rules of core's Names and Durations.
 */
class BadInputTest extends RunbookPipelineTest {

    static List<Object[]> badValues() {
        return [
                ['P0-02', 'namespace', 'Production!', 'parameter namespace "Production!" is not a valid name: use lower-case letters, digits and \'-\''],
                ['P0-02', 'database', 'secure-messenger', 'parameter database "secure-messenger" is not a valid name: use lower-case letters, digits and \'_\''],
                ['P0-02', 'before', 'yesterday 02:55', 'parameter before takes an ISO-8601 time such as 2026-11-28T02:55:00Z, not "yesterday 02:55"'],
                ['P1-01', 'replicas', '50', 'parameter replicas 50 is outside what it takes: give a whole number between 1 and 20'],
                ['P1-01', 'replicas', 'six', 'parameter replicas "six" is not a whole number'],
                ['P1-01', 'killOlderThan', '30 seconds', 'parameter killOlderThan "30 seconds" is not a duration: use e.g. 90s, 5m or 1h30m'],
                ['P1-02', 'readTimeout', '30', 'parameter readTimeout 30 is outside what it takes: give a whole number between 60 and 86400'],
                ['P0-01', 'scenario', 'D', 'parameter scenario "D" is not one of diagnose, A, B, C'],
                ['P0-01', 'healthUrl', 'ftp://backend/health', 'parameter healthUrl "ftp://backend/health" is not an http(s) URL with a host'],
                ['P0-01', 'dryRun', 'yes', 'parameter dryRun "yes" is not true or false'],
                ['P0-01', 'incident', 'INC-1; rm -rf /', 'parameter incident "INC-1; rm -rf /" is not a reference'],
        ].collect { it as Object[] }
    }

    @ParameterizedTest(name = '{0} {1}={2}')
    @MethodSource('badValues')
    @DisplayName('A bad value fails the build before anything runs, naming the parameter and the rule')
    void badValueStopsTheBuild(String id, String parameter, String value, String message) {
        run(id, [(parameter): value])

        assertNothingRan(id, message)
    }

    @Test
    @DisplayName('A URL with user information is refused without repeating it: it may hold a password')
    void urlWithPasswordIsNotRepeated() {
        run('P0-01', [healthUrl: 'https://ops:hunter2@backend.example.com/health'])

        assertNothingRan('P0-01', 'parameter healthUrl carries user information (user:password@); give the URL without it')
        assertThat(log.join('\n')).doesNotContain('hunter2')
        assertThat(thrown.message).doesNotContain('hunter2')
    }

    @Test
    @DisplayName('A control character in a value cannot forge a log line: it is escaped in the message')
    void controlCharactersAreEscaped() {
        run('P0-02', [namespace: 'prod\n[Pipeline] approved by admin'])

        assertNothingRan('P0-02', 'parameter namespace "prod\\u000a[Pipeline] approved by admin" is not a valid name')
        assertThat(log.join('')).doesNotContain('\n')
    }

    @Test
    @DisplayName('The first build of a job (no parameters yet) only defines them, runs nothing and ends NOT_BUILT')
    void firstBuildOnlyDefinesParameters() {
        runWithParams('P0-03', [:])

        assertThat(result).isEqualTo('NOT_BUILT')
        assertThat(declaredParameters()*.name).contains('namespace', 'database', 'dryRun', 'incident')
        assertThat(pluginStepsRun()).isEmpty()
        assertThat(stages()).isEmpty()
        assertThat(log.join('\n')).contains('Nothing ran: start the build again with its parameters.')
    }

    @Test
    @DisplayName('A parameter the job does not offer yet (added to the definition later) takes its default')
    void missingParameterTakesItsDefault() {
        Map params = defaults('P1-01')
        params.remove('killOlderThan')
        runWithParams('P1-01', params)

        assertThat(result).isEqualTo('SUCCESS')
        assertThat(calls('smKillQueries').find { !it.dryRun }.olderThan).isEqualTo('30s')
    }

    void assertNothingRan(String id, String message) {
        assertThat(result).isEqualTo('FAILURE')
        assertThat(thrown).isInstanceOf(AbortException)
        assertThat(thrown.message).startsWith("${id}: ${message}".toString()).endsWith('; nothing ran')
        assertThat(pluginStepsRun()).isEmpty()
        assertThat(stages()).isEmpty()
        assertThat(calls('input')).isEmpty()
        assertThat(calls('lock')).isEmpty()
    }
}
