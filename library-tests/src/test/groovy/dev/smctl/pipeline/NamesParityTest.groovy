package dev.smctl.pipeline

import dev.smctl.engine.Durations
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

import static org.assertj.core.api.Assertions.assertThat

/**
 * The library's Names.groovy repeats core's Names and Durations (a pipeline runs without core's classes), so the two
 * are held to the same verdict, and the same message, on every value below: a rule changed on one side only fails
 * here, before a build could accept what smctl refuses or the other way round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamesParityTest {
    private static final List<String> VALUES = [
            'production', 'a', 'x' * 63, 'x' * 64, 'blue-2', 'Production', '-a', 'a-', '', ' ', 'a.b', 'a..b', '.a', 'a_b',
            'a/b', 'x' * 254, 'postgres-0', 'secure-messenger', 'securemessenger', '_x', 'users_2', '2users', 'a' * 63 + '_',
            'drop table', 'a;b', '$(reboot)', '`id`', 'a\nb', 'caf\u00e9', '\u0430dmin', '../etc', 'a\u0000b', null,
    ]
    private static final List<String> DURATIONS = [
            '90s', '5m', '1h30m', '500ms', '45', '1m500ms', '0', '5 m', 'm5', '', '1d', '-5s', '5m ', '1h1h', '10ms5s', null,
    ]

    Class names

    @BeforeAll
    void compileTheLibrary() {
        names = RunbookPipelineTest.libraryClasses(getClass().classLoader).loadClass('dev.smctl.pipeline.Names')
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

    /** The value a rule returns, or its refusal as {@code refused: MESSAGE}. */
    private static Object verdict(Closure<?> rule) {
        try {
            return rule.call()
        } catch (RuntimeException refused) {
            return "refused: ${refused.message}".toString()
        }
    }
}
