package dev.smctl.pipeline

import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

/**
 * The library's rules on their own, without a pipeline: the value checks (the rules of core's Names and Durations),
 * the conversion of definition values into step arguments, the lock names, and the step table against
 * docs/pipeline-steps.md itself. The classes are compiled from src/ as Jenkins compiles them, on groovy-all 2.4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineRulesTest {
    Class names
    Class contract

    @BeforeAll
    void compileTheLibrary() {
        GroovyClassLoader loader = RunbookPipelineTest.libraryClasses(getClass().classLoader)
        names = loader.loadClass('dev.smctl.pipeline.Names')
        contract = loader.loadClass('dev.smctl.pipeline.StepContract')
    }

    @Test
    @DisplayName('DNS-1123 labels and subdomains as Kubernetes and core accept them')
    void kubernetesNames() {
        ['production', 'a', 'x' * 63, 'blue-2'].each { assertThat(names.requireLabel(it, 'namespace')).isEqualTo(it) }
        ['Production', '-a', 'a-', 'x' * 64, '', 'a.b', 'a_b'].each { String bad ->
            assertThatThrownBy { names.requireLabel(bad, 'namespace') }.hasMessageContaining('(DNS-1123 label)')
        }
        assertThatThrownBy { names.requireLabel(null, 'namespace') }.hasMessageStartingWith('namespace (none) is not a valid name')
        ['postgres-0', 'secure-messenger', 'a.b.c'].each { assertThat(names.requireSubdomain(it, 'pod')).isEqualTo(it) }
        ['a..b', '.a', 'A', 'a/b', 'x' * 254].each { String bad ->
            assertThatThrownBy { names.requireSubdomain(bad, 'pod') }.hasMessageContaining('(DNS-1123 subdomain)')
        }
        assertThat(names.requireWorkload('statefulset/postgres', 'workload')).isEqualTo('statefulset/postgres')
        ['deployment/', 'daemonset/x', 'deployment/a/b', 'backend'].each { String bad ->
            assertThatThrownBy { names.requireWorkload(bad, 'workload') }.hasMessageContaining('deployment/NAME or statefulset/NAME')
        }
    }

    @Test
    @DisplayName('SQL identifiers: lower case, unquoted rules, at most 63 characters')
    void sqlNames() {
        ['securemessenger', '_x', 'users_2', 'a' * 63].each { assertThat(names.requireSqlIdentifier(it, 'table')).isEqualTo(it) }
        ['Users', '2users', 'drop table', 'a' * 64, 'a;b'].each { String bad ->
            assertThatThrownBy { names.requireSqlIdentifier(bad, 'table') }.hasMessageContaining('is not a valid name')
        }
    }

    @Test
    @DisplayName('Durations as kubectl writes them, in whole seconds rounded up; anything else is refused')
    void durations() {
        assertThat(['90s', '5m', '1h30m', '500ms', '45', '1m500ms'].collect { names.seconds(it, 'expires') }).containsExactly(90L, 300L, 5400L, 1L, 45L, 61L)
        ['5 m', 'm5', '', '1d', '-5s', '5m ', null].each { String bad ->
            assertThatThrownBy { names.seconds(bad, 'expires') }.hasMessageContaining('is not a duration: use e.g. 90s, 5m or 1h30m')
        }
    }

    @Test
    @DisplayName('Times, URLs, numbers, booleans and ids')
    void otherValues() {
        assertThat(names.requireInstant('2026-11-28T02:55:00Z', 'before')).isEqualTo('2026-11-28T02:55:00Z')
        assertThatThrownBy { names.requireInstant('2026-11-28 02:55', 'before') }.hasMessage('before takes an ISO-8601 time such as 2026-11-28T02:55:00Z, not "2026-11-28 02:55"')
        assertThat(names.requireUrl('https://api.example.com:8443/health', 'url')).isEqualTo('https://api.example.com:8443/health')
        ['ftp://x/y', 'https:///health', 'not a url', '/health'].each { String bad ->
            assertThatThrownBy { names.requireUrl(bad, 'url') }.hasMessageContaining('is not an http(s) URL with a host')
        }
        assertThatThrownBy { names.requireUrl('https://u:s3cret@x/health', 'url') }.hasMessageNotContaining('s3cret')
        assertThat(names.requireInteger('20', 'replicas', 1, 20)).isEqualTo(20)
        assertThatThrownBy { names.requireInteger('21', 'replicas', 1, 20) }.hasMessage('replicas 21 is outside what it takes: give a whole number between 1 and 20')
        assertThatThrownBy { names.requireInteger('99999999999', 'replicas', null, null) }.hasMessage('replicas "99999999999" is not a whole number')
        assertThat(names.requireBoolean('false', 'dryRun')).isFalse()
        assertThatThrownBy { names.requireBoolean('no', 'dryRun') }.hasMessage('dryRun "no" is not true or false')
        assertThat(names.requireId('sre-oncall', 'approver')).isEqualTo('sre-oncall')
        assertThatThrownBy { names.requireId('sre,admins', 'approver') }.hasMessageContaining('is not an id')
    }

    @Test
    @DisplayName('Quoting escapes control characters and cuts long values, as core does')
    void quoting() {
        assertThat(names.quote('a\nb"c')).isEqualTo('"a\\u000ab\\"c"')
        assertThat(names.quote('x' * 100)).isEqualTo('"' + 'x' * 80 + '..."')
        assertThat(names.oneLine('  two\nlines\t ', 100)).isEqualTo('two lines')
    }

    @Test
    @DisplayName('Definition values become typed step arguments: numbers, booleans, lists, an argv; blanks are left out')
    void convertsArguments() {
        assertThat(contract.arguments('scale', [workload: 'deployment/backend', replicas: '${n}'], [n: '3'])).isEqualTo([workload: 'deployment/backend', replicas: '3'])
        assertThat(contract.arguments('scale', [workload: 'deployment/backend', restorePrevious: 'true'], [:])).isEqualTo([workload: 'deployment/backend', restorePrevious: 'true'])
        // Checked, then passed as written: the plugin's steps bind text and split the migration into an argv themselves.
        assertThat(contract.arguments('db-restore', [before: '${before}', expectTables: 'users, messages', migration: 'npx prisma  migrate deploy',
                                                     verifySql: 'select count(*) from users'], [before: null]))
                .isEqualTo([expectTables: 'users, messages', migration: 'npx prisma  migrate deploy', verifySql: 'select count(*) from users'])
        assertThat(contract.arguments('ingress-annotate', [ingress: 'secure-messenger', annotation: 'nginx.ingress.kubernetes.io/proxy-read-timeout=${t}'], [t: '3600']))
                .isEqualTo([ingress: 'secure-messenger', annotation: 'nginx.ingress.kubernetes.io/proxy-read-timeout=3600'])
        assertThat(contract.arguments('ingress-annotate', [annotation: 'nginx.ingress.kubernetes.io/proxy-read-timeout-'], [:]))
                .isEqualTo([annotation: 'nginx.ingress.kubernetes.io/proxy-read-timeout-'])
        assertThat(contract.arguments('db-kill-queries', [protectedRoles: 'replicator,backup'], [:])).isEqualTo([protectedRoles: 'replicator,backup'])
        assertThat(contract.arguments('cache-flush', [db: '2'], [:])).isEqualTo([db: '2'])
        assertThat(contract.arguments('maintenance', [service: 'backend', mode: 'off'], [:])).isEqualTo([service: 'backend', mode: 'off'])
        assertThat(contract.arguments('forensics-capture', [database: 'securemessenger', pods: 'backend'], [:])).isEqualTo([database: 'securemessenger', pods: 'backend'])
        assertThat(contract.arguments('db-counts', [database: 'app', tables: 'users,messages'], [:])).isEqualTo([database: 'app', tables: 'users,messages'])
        assertThat(contract.arguments('secrets-rotate', [kind: 'db-password', role: 'app_user', database: 'app'], [:])).isEqualTo([kind: 'db-password', role: 'app_user', database: 'app'])
        assertThat(contract.arguments('health-check', [url: 'https://api.example.com/health'], [:])).isEqualTo([url: 'https://api.example.com/health'])
        // The plugin's steps take Strings only; Jenkins would refuse an Integer, a Boolean or a List bound to them.
        contract.arguments('db-restore', [expectTables: 'users', migration: 'a b', database: 'app', before: '2026-11-28T02:55:00Z'], [:]).values()
                .each { assertThat(it).isInstanceOf(String) }
    }

    @Test
    @DisplayName('A bad argument value is refused with the step and the argument named')
    void refusesBadArguments() {
        assertThatThrownBy { contract.arguments('scale', [workload: 'deployment/backend', replicas: '-1'], [:]) }.hasMessage('smScale argument replicas -1 is outside what it takes: give a whole number of at least 0')
        assertThatThrownBy { contract.arguments('db-kill-queries', [protectedRoles: 'replicator,Admin'], [:]) }.hasMessageStartingWith('smKillQueries argument protectedRoles "Admin" is not a valid name')
        assertThatThrownBy { contract.arguments('db-read-only', [mode: 'true'], [:]) }.hasMessage('smReadOnly argument mode "true" is not one of on, off')
        assertThatThrownBy { contract.arguments('maintenance', [mode: 'enabled'], [:]) }.hasMessage('smMaintenance argument mode "enabled" is not one of on, off')
        assertThatThrownBy { contract.arguments('ingress-annotate', [annotation: 'timeout'], [:]) }.hasMessage('smIngressAnnotate argument annotation "timeout" is not KEY=VALUE or KEY-')
        assertThatThrownBy { contract.arguments('ingress-annotate', [annotation: 'bad key!=1'], [:]) }.hasMessage('smIngressAnnotate argument annotation "bad key!" is not an annotation key')
        assertThatThrownBy { contract.arguments('ingress-annotate', [annotation: 'a=${v}'], [v: 'x\ny']) }.hasMessage('smIngressAnnotate argument annotation must be one printable line of at most 1000 characters')
        assertThatThrownBy { contract.arguments('cache-flush', [db: '16'], [:]) }.hasMessage('smFlushCache argument db 16 is outside what it takes: give a whole number between 0 and 15')
        assertThatThrownBy { contract.arguments('secrets-rotate', [kind: 'ssh-key'], [:]) }.hasMessage('smRotateSecrets argument kind "ssh-key" is not one of db-password, jwt, api-keys, encryption-key')
        assertThatThrownBy { contract.arguments('forensics-capture', [pods: 'app=backend'], [:]) }.hasMessageContaining('smCaptureForensics argument pods "app=backend" is not a valid name')
        assertThatThrownBy { contract.arguments('health-check', [url: 'file:///etc/passwd'], [:]) }.hasMessageContaining('is not an http(s) URL with a host')
    }

    @Test
    @DisplayName('Locks: one per namespace and object for changing steps, none for steps that only read')
    void lockNames() {
        assertThat(contract.lockResource('scale', [workload: 'statefulset/postgres'], 'prod')).isEqualTo('smctl/prod/statefulset/postgres')
        assertThat(contract.lockResource('rollback', [deployment: 'backend'], 'prod')).isEqualTo('smctl/prod/deployment/backend')
        assertThat(contract.lockResource('bluegreen-switch', [service: 'backend'], 'prod')).isEqualTo('smctl/prod/service/backend')
        assertThat(contract.lockResource('db-restore', [database: 'app'], 'prod')).isEqualTo('smctl/prod/database/app')
        assertThat(contract.lockResource('secrets-rotate', [kind: 'jwt', secret: 'jwt-keys'], 'prod')).isEqualTo('smctl/prod/secret/jwt-keys')
        // The Secret the kind changes by default, not the deployment that only reads it.
        assertThat(contract.lockResource('secrets-rotate', [kind: 'db-password', deployment: 'backend', database: 'app'], 'prod'))
                .isEqualTo('smctl/prod/secret/backend-database')
        assertThat(contract.lockResource('sessions-revoke', [database: 'app'], 'prod')).isEqualTo('smctl/prod/database/app')
        assertThat(contract.lockResource('users-force-2fa', [:], 'prod')).isEqualTo('smctl/prod/database/(configured)')
        assertThat(contract.lockResource('maintenance', [service: 'backend', mode: 'on'], 'prod')).isEqualTo('smctl/prod/service/backend')
        assertThat(contract.lockResource('cache-flush', [:], null)).isEqualTo('smctl/(configured)/redis/(configured)')
        ['diagnose', 'top', 'health-check', 'db-slow-queries', 'db-counts', 'db-health', 'forensics-capture', 'cache-stats'].each {
            assertThat(contract.lockResource(it, [deployment: 'backend'], 'prod')).isNull()
        }
    }

    @Test
    @DisplayName('The step table is docs/pipeline-steps.md: every action, its step and exactly its argument names; the library\'s own arguments are common ones')
    void stepTableMatchesTheContract() {
        List<String> lines = new File(RunbookPipelineTest.ROOT, 'docs/pipeline-steps.md').readLines()
        Map<String, Map> documented = [:]
        lines.findAll { it ==~ /\| `[a-z0-9-]+` \| `sm[A-Za-z0-9]+` \|.*/ }.each { String line ->
            List<String> cells = line.split(/\|/)*.trim()
            String arguments = cells[3].split('→')[0].replaceAll(/\([^)]*\)/, '')
            documented[cells[1].replace('`', '')] = [step: cells[2].replace('`', ''),
                                                     args: arguments.findAll(/`([a-zA-Z0-9]+)(: [a-z]+)?`/) { String all, String name, String value -> name }.toSet()]
        }
        assertThat(documented).hasSize(24)
        Map<String, Map> implemented = contract.ACTIONS.collectEntries { String action, Map entry -> [(action): [step: entry.step, args: entry.args.keySet()]] }
        assertThat(implemented).isEqualTo(documented)

        int common = lines.indexOf('## Common arguments (every step)')
        Set<String> commonDocumented = lines.subList(common, common + 12).findAll { it.startsWith('| `') }
                .collectMany { it.split(/\|/)[1].findAll(/`([a-zA-Z0-9]+)`/) { String all, String name -> name } }.toSet()
        // The library sets these itself; the others come from the plugin's global configuration, never from a definition.
        assertThat(commonDocumented).containsAll(contract.OWN - ['failOnError'])
        assertThat(commonDocumented.intersect(contract.ACTIONS.values().collectMany { it.args.keySet() } as Set)).isEmpty()
        assertThat(lines.join('\n')).contains('unless `failOnError: false` is passed')
    }
}
