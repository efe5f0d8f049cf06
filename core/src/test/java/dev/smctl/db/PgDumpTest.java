package dev.smctl.db;

import dev.smctl.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pg_dump as a stream: an estimate that moves inside the table being copied, and an end that fails with pg_dump. */
class PgDumpTest {
    @Test
    void theEstimateMovesWithTheRowsOfTheTableInFlight() throws Exception {
        DatabaseAccess db = TestDatabases.create("dump_estimate", 1);
        // Random text compresses little: the server cannot run far ahead of what pg_dump has written.
        TestDatabases.execute(db, "INSERT INTO messages (body) SELECT md5(random()::text) || md5(random()::text) || md5(random()::text) "
                + "FROM generate_series(1, 400000) g", "ANALYZE");

        try (PgDump dump = PgDump.start(db, Duration.ofMinutes(1)); InputStream out = dump.output()) {
            // Read a little, then stop: pg_dump and the server's COPY wait for us, part-way through messages.
            out.readNBytes(1 << 20);
            double fraction = 0;
            for (long deadline = System.nanoTime() + 20_000_000_000L; fraction == 0 && System.nanoTime() < deadline; Thread.sleep(50)) {
                fraction = dump.fractionDone();
            }
            assertThat(fraction).isStrictlyBetween(0.0, 1.0);
            out.transferTo(OutputStream.nullOutputStream());
            assertThat(dump.fractionDone()).isGreaterThan(fraction);
        }
    }

    @Test
    void readingPastTheEndFailsWhenPgDumpFailed() throws Exception {
        DatabaseAccess db = TestDatabases.create("dump_fails", 1);
        String role = "no_rights_" + db.database();
        TestDatabases.execute(db, "REVOKE ALL ON SCHEMA public FROM PUBLIC", "CREATE ROLE " + role + " LOGIN");
        DatabaseAccess reader = new DatabaseAccess(db.host(), db.port(), db.database(), role, null, Duration.ofSeconds(5));

        try (PgDump dump = PgDump.start(reader, Duration.ofMinutes(1)); InputStream out = dump.output()) {
            assertThatThrownBy(() -> out.transferTo(OutputStream.nullOutputStream())).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("pg_dump of " + reader + " failed (exit 1: ").hasMessageContaining("permission denied");
        }
    }
}
