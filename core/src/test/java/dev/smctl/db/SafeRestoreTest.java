package dev.smctl.db;

import dev.smctl.RealServers;
import dev.smctl.Remediation;
import dev.smctl.TestDatabases;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Status;
import dev.smctl.storage.BackupStore;
import dev.smctl.storage.LocalBackupStore;
import dev.smctl.storage.S3BackupStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The P0-02 restore against a real PostgreSQL 15 and S3Proxy. */
class SafeRestoreTest {
    @TempDir
    Path dir;
    final List<ProgressEvent> events = new ArrayList<>();
    S3Client s3;
    String bucket;
    DatabaseAccess db;
    Remediation engine;

    @BeforeEach
    void setUp() throws Exception {
        s3 = RealServers.s3Client();
        bucket = RealServers.newBucket(s3, "backups");
        db = TestDatabases.create("securemessenger", 42);
        engine = new Remediation(null, new AuditLog(dir.resolve("audit.jsonl")), Gate.NONE, Remediation.Settings.defaults());
    }

    /** Uploads {@code bytes} as a backup with a sidecar holding {@code checksumOf}'s SHA-256. */
    void upload(String name, byte[] bytes, byte[] checksumOf) {
        s3.putObject(b -> b.bucket(bucket).key("postgres/" + name), RequestBody.fromBytes(bytes));
        String sum = HexFormat.of().formatHex(Sha256.digest().digest(checksumOf));
        s3.putObject(b -> b.bucket(bucket).key("postgres/" + name + ".sha256"), RequestBody.fromString(sum + "  " + name + "\n"));
    }

    byte[] backupNow(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(TestDatabases.dump(db, dir.resolve("dumps").resolve(name)));
        upload(name, bytes, bytes);
        return bytes;
    }

    ActionResult restore(String backupId, Instant before, BackupStore store) {
        return engine.restore(new SafeRestore.Request(db, "production", store, backupId, before, List.of("users", "messages"), null, List.of(), 2,
                dir.resolve("work"), Duration.ofMinutes(2)), new Invocation(Actor.user("alice"), "P0-02", "smctl", false), Progress.collectingInto(events));
    }

    ActionResult restore(String backupId, Instant before) {
        return restore(backupId, before, new S3BackupStore(s3, bucket, "postgres/"));
    }

    List<String> databases() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = db.on("postgres").connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    @Test
    void restoresExactRowCountsAndKeepsTheDamagedCopyReadOnly() throws Exception {
        backupNow(db.database() + "-20261128T030000Z.dump");
        TestDatabases.execute(db, "DELETE FROM messages WHERE id > 10", "UPDATE users SET force_2fa = true");

        ActionResult result = restore("latest", null);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(42);
        assertThat(TestDatabases.count(db, "users")).isEqualTo(7);
        String keptAs = (String) result.after().get("keptAs");
        assertThat(keptAs).startsWith(db.database() + "_corrupt_");
        assertThat(TestDatabases.count(db.on(keptAs), "messages")).isEqualTo(10);
        assertThat(databases()).noneMatch(name -> name.contains("_restore_"));
        assertThat(result.message()).contains("against the 30m0s RTO");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"outcome\":\"succeeded\"").doesNotContain(RealServers.S3_SECRET_KEY);
        // Each long step ends with its totals: the download, and pg_restore's items against the archive's list.
        String backup = db.database() + "-20261128T030000Z.dump";
        List<String> said = events.stream().map(ProgressEvent::message).toList();
        int entries = said.stream().filter(m -> m.startsWith("pg_restore --list reads backup " + backup + ": "))
                .map(m -> Integer.parseInt(m.replaceAll(".*: (\\d+) entries$", "$1"))).findFirst().orElseThrow();
        assertThat(said).anyMatch(m -> m.startsWith("fetching %s: ".formatted(backup)) && m.contains(" in "))
                .anyMatch(m -> m.startsWith("restoring %s into %s_restore_".formatted(backup, db.database())) && m.contains(" in ")
                        && m.endsWith("%d of %d items done".formatted(entries, entries)));
    }

    @Test
    void beforePicksTheNewestBackupTakenBeforeTheCorruption() throws Exception {
        backupNow(db.database() + "-20261128T010000Z.dump");
        TestDatabases.execute(db, "INSERT INTO messages (body) SELECT 'n' FROM generate_series(1, 8)");
        backupNow(db.database() + "-20261128T020000Z.dump");
        TestDatabases.execute(db, "DELETE FROM messages");
        backupNow(db.database() + "-20261128T040000Z.dump");

        ActionResult result = restore(null, Instant.parse("2026-11-28T03:00:00Z"));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.after()).containsEntry("restoredFrom", db.database() + "-20261128T020000Z.dump");
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(50);
    }

    @Test
    void refusesATruncatedBackupAndChangesNothing() throws Exception {
        byte[] good = Files.readAllBytes(TestDatabases.dump(db, dir.resolve("good.dump")));
        upload(db.database() + "-20261128T030000Z.dump", java.util.Arrays.copyOf(good, good.length / 2), good);
        TestDatabases.execute(db, "DELETE FROM messages WHERE id > 10");
        List<String> before = databases();

        ActionResult result = restore("latest", null);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("is corrupted or truncated").contains("nothing was changed");
        assertThat(databases()).isEqualTo(before);
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(10);
    }

    @Test
    void refusesABitFlippedBackup() throws Exception {
        byte[] good = Files.readAllBytes(TestDatabases.dump(db, dir.resolve("good.dump")));
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10;
        upload(db.database() + "-20261128T030000Z.dump", flipped, good);

        ActionResult result = restore("latest", null);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("is corrupted or truncated");
    }

    @Test
    void refusesAnArchiveThatPgRestoreCannotReadEvenWithAMatchingChecksum() throws Exception {
        byte[] good = Files.readAllBytes(TestDatabases.dump(db, dir.resolve("good.dump")));
        byte[] truncated = java.util.Arrays.copyOf(good, 40);
        upload(db.database() + "-20261128T030000Z.dump", truncated, truncated);
        List<String> before = databases();

        ActionResult result = restore("latest", null);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("is not a complete pg_dump archive");
        assertThat(databases()).isEqualTo(before);
    }

    @Test
    void refusesABackupWithoutAChecksum() throws Exception {
        byte[] good = Files.readAllBytes(TestDatabases.dump(db, dir.resolve("good.dump")));
        s3.putObject(b -> b.bucket(bucket).key("postgres/" + db.database() + "-20261128T030000Z.dump"), RequestBody.fromBytes(good));

        assertThat(restore("latest", null).message()).contains("has no checksum");
    }

    @Test
    void rejectsAnUnknownBackupIdAndABucketThatDoesNotExist() throws Exception {
        backupNow(db.database() + "-20261128T030000Z.dump");

        ActionResult unknown = restore(db.database() + "-19990101T000000Z.dump", null);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.message()).contains("is not in s3://");
        assertThat(restore("latest", null, new S3BackupStore(s3, "no-such-bucket", "")).exitCode()).isEqualTo(2);
    }

    @Test
    void restoresFromALocalDirectoryAndFromPlainGzippedSql() throws Exception {
        Path local = dir.resolve("local");
        Files.createDirectories(local);
        Process dump = new ProcessBuilder("sh", "-c", "pg_dump --host %s --port %d --username %s %s | gzip > %s"
                .formatted(db.host(), db.port(), db.user(), db.database(), local.resolve(db.database() + "-20261128T030000Z.sql.gz"))).start();
        assertThat(dump.waitFor()).isZero();
        byte[] bytes = Files.readAllBytes(local.resolve(db.database() + "-20261128T030000Z.sql.gz"));
        Files.writeString(local.resolve(db.database() + "-20261128T030000Z.sql.gz.sha256"), HexFormat.of().formatHex(Sha256.digest().digest(bytes)));
        TestDatabases.execute(db, "TRUNCATE messages");

        ActionResult result = restore("latest", null, new LocalBackupStore(local));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(42);
        // psql is fed the file through us: its progress is the file's bytes, all of them at the end.
        assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.startsWith("restoring %s-20261128T030000Z.sql.gz into %s_restore_"
                .formatted(db.database(), db.database())) && m.contains("(psql): %s in ".formatted(dev.smctl.storage.Transfer.bytes(bytes.length))));
    }

    @Test
    void aRestoreThatFailsBeforeTheCutOverRemovesItsCopyAndLeavesTheOriginal() throws Exception {
        TestDatabases.execute(db, "TRUNCATE messages");
        backupNow(db.database() + "-20261128T030000Z.dump");
        TestDatabases.execute(db, "INSERT INTO messages (body) VALUES ('after the backup')");
        List<String> before = databases();

        ActionResult result = restore("latest", null);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("table messages is empty").contains("original database is untouched");
        assertThat(databases()).isEqualTo(before);
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(1);
    }

    ActionResult restoreMigrating(List<String> migration) {
        return engine.restore(new SafeRestore.Request(db, "production", new S3BackupStore(s3, bucket, "postgres/"), "latest", null,
                List.of("users", "messages"), null, migration, 2, dir.resolve("work"), Duration.ofMinutes(2)),
                new Invocation(Actor.user("alice"), "P0-02", "smctl", false), Progress.NONE);
    }

    @Test
    void migratesTheRestoredCopyBeforeItGoesLive() throws Exception {
        backupNow(db.database() + "-20261128T030000Z.dump");
        TestDatabases.execute(db, "DELETE FROM messages WHERE id > 10");

        ActionResult result = restoreMigrating(List.of("psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-c",
                "ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en'"));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(42);
        TestDatabases.execute(db, "SELECT locale FROM users LIMIT 1");
    }

    @Test
    void aFailingMigrationLeavesTheOriginalLive() throws Exception {
        backupNow(db.database() + "-20261128T030000Z.dump");
        TestDatabases.execute(db, "DELETE FROM messages WHERE id > 10");
        List<String> before = databases();

        ActionResult result = restoreMigrating(List.of("sh", "-c", "echo 'migration 20261128_add_index failed' >&2; exit 3"));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("the migration failed on the restored copy (exit 3: migration 20261128_add_index failed)")
                .contains("original database is untouched");
        assertThat(databases()).isEqualTo(before);
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(10);
    }

    @Test
    void neverPicksAnotherDatabasesBackup() throws Exception {
        backupNow(db.database() + "-20261128T010000Z.dump");
        DatabaseAccess other = TestDatabases.create("billing", 3);
        byte[] theirs = Files.readAllBytes(TestDatabases.dump(other, dir.resolve("theirs.dump")));
        upload(other.database() + "-20261128T050000Z.dump", theirs, theirs);

        ActionResult latest = restore("latest", null);
        assertThat(latest.status()).as(latest.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(latest.after()).containsEntry("restoredFrom", db.database() + "-20261128T010000Z.dump");

        ActionResult explicit = restore(other.database() + "-20261128T050000Z.dump", null);
        assertThat(explicit.exitCode()).isEqualTo(2);
        assertThat(explicit.message()).contains("is not a backup of " + db.database());
    }

    @Test
    void namesStayWithinPostgresLimits() {
        assertThat(SafeRestore.derivedName("a".repeat(60), "corrupt", "20261128030000")).hasSize(63).endsWith("_corrupt_20261128030000");
        assertThatThrownBy(() -> new SafeRestore.Request(db, "production", new LocalBackupStore(dir), "latest", null, List.of("x;y"), null, List.of(), 2,
                dir, Duration.ofMinutes(1))).isInstanceOf(InvalidRequest.class);
    }
}
