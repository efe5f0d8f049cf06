package dev.smctl.pipeline

import dev.smctl.engine.Durations
import dev.smctl.runbook.StepActions
import dev.smctl.secrets.SecretKind
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

import static org.assertj.core.api.Assertions.assertThat

/**
 * The library's Names.groovy and StepContract.groovy repeat core's Names, Durations and step tables (a pipeline runs
 * without core's classes), so the two are held to the same verdict, message and table here: a rule changed on one
 * side only fails here, before a build could accept what smctl refuses or the other way round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamesParityTest {
    private static final List<String> VALUES = [
            'production', 'a', 'x' * 63, 'x' * 64, 'blue-2', 'Production', '-a', 'a-', '', ' ', 'a.b', 'a..b', '.a', 'a_b',
            'a/b', 'x' * 254, 'postgres-0', 'secure-messenger', 'securemessenger', '_x', 'users_2', '2users', 'a' * 63 + '_',
            'drop table', 'a;b', '$(reboot)', '`id`', 'a\nb', 'caf\u00e9', '\u0430dmin', '../etc', 'a\u0000b', null,
            'x' * 79 + '\uD83D\uDE00', 'x' * 80 + '\uD83D\uDE00', '\u3000x\u3000', ' \t x \r\n', 'a\u2028b\u0085c', 'x' * 300,
    ]
    private static final List<String> DURATIONS = [
            '90s', '5m', '1h30m', '500ms', '45', '1m500ms', '0', '5 m', 'm5', '', '1d', '-5s', '5m ', '1h1h', '10ms5s', null,
    ]

    Class names
    Class contract

    @BeforeAll
    void compileTheLibrary() {
        GroovyClassLoader library = RunbookPipelineTest.libraryClasses(getClass().classLoader)
        names = library.loadClass('dev.smctl.pipeline.Names')
        contract = library.loadClass('dev.smctl.pipeline.StepContract')
    }

    @Test
    @DisplayName('Labels, subdomains and SQL identifiers: the same values pass, the same messages refuse')
    void nameRulesAgreeWithCore() {
        ['requireLabel', 'requireSubdomain', 'requireSqlIdentifier'].each { String rule ->
            VALUES.each { String value ->
                assertThat(verdict { names."$rule"(value, 'name') })
                        .as("${rule}(${value == null ? null : value.inspect()})")
                        .isEqualTo(verdict { dev.smctl.engine.Names."$rule"(value, 'name') })
            }
        }
    }

    @Test
    @DisplayName('Untrusted text is quoted alike in both messages')
    void quotingAgreesWithCore() {
        VALUES.each { String value ->
            assertThat(names.quote(value)).as(String.valueOf(value)).isEqualTo(dev.smctl.engine.Names.quote(value))
        }
    }

    @Test
    @DisplayName('Free text becomes the same one bounded line')
    void oneLineAgreesWithCore() {
        VALUES.each { String value ->
            [10, 200].each { int max ->
                assertThat(names.oneLine(value, max)).as("${String.valueOf(value).inspect()} at most ${max}")
                        .isEqualTo(dev.smctl.engine.Names.oneLine(value, max))
            }
        }
    }

    @Test
    @DisplayName('Durations: the same values pass, with the same length in whole seconds rounded up')
    void durationsAgreeWithCore() {
        DURATIONS.each { String value ->
            Object library = verdict { names.seconds(value, 'expires') }
            Object core = verdict { (long) Math.ceil(Durations.parse(value).toMillis() / 1000.0d) }
            assertThat(library instanceof Long).as("accepted alike: ${String.valueOf(value).inspect()}").isEqualTo(core instanceof Long)
            if (library instanceof Long) {
                assertThat(library).as(value).isEqualTo(core)
            }
        }
    }

    @Test
    @DisplayName("The library's copies of core's step tables: arguments, read-only actions, commands, default Secrets")
    void stepTablesAgreeWithCore() {
        // A read-only action runs without a lock, and a rotation locks the Secret it changes: drift here is unsafe.
        assertThat(contract.ACTIONS.collectEntries { String action, Map entry -> [(action): entry.args.keySet()] })
                .isEqualTo(StepActions.ARGUMENTS)
        assertThat(contract.READ_ONLY as Set).isEqualTo(StepActions.READ_ONLY)
        assertThat(contract.COMMANDS as Set).isEqualTo(StepActions.COMMANDS)
        assertThat(contract.DEFAULT_SECRET).isEqualTo(SecretKind.values().collectEntries { [(it.label()): it.defaultSecret()] })
    }

    /** The value a rule returns, or its refusal as {@code refused: MESSAGE}. */
    private static Object verdict(Closure<?> rule) {
        try {
            return rule.call()
        } catch (RuntimeException refused) {
            return "refused: ${refused.message}".toString()
        }
    }
}
