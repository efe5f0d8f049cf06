package dev.smctl.cli;

import dev.smctl.TestDatabases;
import dev.smctl.db.DatabaseAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged smctl, killed with SIGKILL at several points of a restore: the original database must be left
 * as it was, and a rerun must succeed.
 */
class RestoreKillIT {
    static final String CANARY = "canary-pgpassword-51c3";
    @TempDir
    Path dir;

    Process smctl(DatabaseAccess db, Path backups) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("smctl.jar"), "db", "restore",
                "--db-url", db.toString(), "--from-dir", backups.toString(), "--work-dir", dir.resolve("work").toString(),
                "--audit-log", dir.resolve("audit.jsonl").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The server trusts local connections, so any password works: what matters is that it never shows.
        builder.environment().put("PGPASSWORD", CANARY);
        return builder.start();
    }

    @ParameterizedTest(name = "killed after \"{0}\"")
    @ValueSource(strings = {"locked database", "matches its checksum", "pg_restore --list reads", "restoring", "restored copy checked"})
    void aKilledRestoreLeavesTheOriginalAndARerunSucceeds(String marker) throws Exception {
        DatabaseAccess db = TestDatabases.create("killed", 42);
        Path backups = TestDatabases.backupWithChecksum(db, dir.resolve("backups"));
        TestDatabases.execute(db, "DELETE FROM messages WHERE id > 10");

        Process first = smctl(db, backups);
        boolean seen = false;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.contains(marker)) {
                    first.destroyForcibly();
                    seen = true;
                    break;
                }
            }
        }
        first.waitFor(30, TimeUnit.SECONDS);
        assertThat(seen).as("the run printed '" + marker + "'").isTrue();
        assertThat(TestDatabases.count(db, "messages")).as("the original is as it was").isEqualTo(10);

        Process rerun = smctl(db, backups);
        String output = new String(rerun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rerun.waitFor()).as(output).isZero();
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(42);
        assertThat(output).doesNotContain(CANARY);
        if (marker.equals("restoring") || marker.equals("restored copy checked")) {
            assertThat(output).contains("scratch copies left by interrupted runs");
        }
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).doesNotContain(CANARY);
    }

    @Test
    void theJarIsBuilt() {
        assertThat(Path.of(System.getProperty("smctl.jar"))).exists();
    }
}
