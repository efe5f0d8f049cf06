package dev.smctl.cli;

import dev.smctl.RealServers;
import dev.smctl.TestDatabases;
import dev.smctl.db.DatabaseAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseCommandsTest {
    @TempDir
    Path dir;
    DatabaseAccess db;
    Path backups;

    @BeforeEach
    void databaseWithABackup() throws Exception {
        db = TestDatabases.create("cli", 42);
        backups = TestDatabases.backupWithChecksum(db, dir.resolve("backups"));
    }

    CliRun smctl(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--audit-log", dir.resolve("audit.jsonl").toString())).toArray(String[]::new);
        return CliRun.of(all);
    }

    @Test
    void listsBackupsAndRestoresWithADryRunFirst() throws Exception {
        CliRun list = CliRun.of("db", "backups", "--from-dir", backups.toString());
        assertThat(list.out()).contains(db.database() + "-20261128T030000Z.dump").contains("2026-11-28T03:00:00Z");
        TestDatabases.execute(db, "DELETE FROM messages WHERE id > 10");

        CliRun plan = smctl("db", "restore", "--db-url", db.toString(), "--from-dir", backups.toString(), "--dry-run");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("dry run: would restore " + db.database()).contains("_corrupt_");
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(10);

        CliRun run = smctl("db", "restore", "--db-url", db.toString(), "--from-dir", backups.toString(), "-o", "json");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("\"status\":\"succeeded\"");
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(42);
    }

    @Test
    void backsUpNowIntoTheDirectoryAndTheCatalogueListsIt() {
        CliRun run = smctl("db", "backup", "--db-url", db.toString(), "--from-dir", backups.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("backup " + db.database() + "-").contains("stored");
        assertThat(CliRun.of("db", "backups", "--from-dir", backups.toString()).out()).contains(db.database() + "-");
    }

    @Test
    void readOnlyOnAndOffThroughTheCommandLine() {
        assertThat(smctl("db", "read-only", "on", "--db-url", db.toString()).exitCode()).isZero();
        assertThat(smctl("db", "read-only", "off", "--db-url", db.toString()).exitCode()).isZero();
        assertThat(CliRun.of("db", "counts", "--db-url", db.toString()).out()).contains("users=7").contains("messages=42");
    }

    @Test
    void badInputIsExitTwoAndAnUnreachableServerExitOne() {
        CliRun noDatabase = smctl("db", "read-only", "on", "--db-url", "postgresql://postgres@localhost:5432/");
        assertThat(noDatabase.exitCode()).isEqualTo(2);
        assertThat(noDatabase.err()).contains("names no database");

        CliRun unknown = smctl("db", "restore", "--db-url", db.toString(), "--from-dir", backups.toString(), "--backup", "nope.dump");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out()).contains("backup \"nope.dump\" is not in");

        CliRun unreachable = smctl("db", "read-only", "on", "--db-url",
                "postgresql://postgres@127.0.0.1:%d/securemessenger".formatted(RealServers.freePort()));
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.out()).contains("cannot reach PostgreSQL at 127.0.0.1:");
    }
}
