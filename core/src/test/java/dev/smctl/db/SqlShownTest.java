package dev.smctl.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Query text shown in plans and records never carries a literal (passwords ride in them). */
class SqlShownTest {
    @Test
    void hidesEveryKindOfStringLiteral() {
        assertThat(Sql.shown("ALTER ROLE app PASSWORD 'canary-1'")).isEqualTo("ALTER ROLE app PASSWORD '?'");
        assertThat(Sql.shown("SELECT E'canary\\'2', $$canary-3$$, $pw$canary-4$pw$")).doesNotContain("canary");
        assertThat(Sql.shown("ALTER ROLE app PASSWORD 'canary-cut-by-track_activity_query_si")).doesNotContain("canary");
    }
}
