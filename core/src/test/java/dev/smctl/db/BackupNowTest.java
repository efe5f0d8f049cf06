package dev.smctl.db;

import dev.smctl.RealServers;
import dev.smctl.Remediation;
import dev.smctl.TestDatabases;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Status;
import dev.smctl.storage.S3BackupSink;
import dev.smctl.storage.S3BackupStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** P2-01's backup now, against a real PostgreSQL and S3Proxy, restored again to prove it. */
class BackupNowTest {
    @TempDir
    Path dir;
    S3Client s3;
    String bucket;
    DatabaseAccess db;
    Remediation engine;

    @BeforeEach
    void setUp() throws Exception {
        s3 = RealServers.s3Client();
        bucket = RealServers.newBucket(s3, "now");
        db = TestDatabases.create("securemessenger", 42);
        engine = new Remediation(null, new AuditLog(dir.resolve("audit.jsonl")), Gate.NONE, Remediation.Settings.defaults());
    }

    Invocation alice() {
        return new Invocation(Actor.user("alice"), "P2-01: BackupFailed", "smctl", false);
    }

    @Test
    void theBackupLandsWithACorrectChecksumAndRestores() throws Exception {
        List<ProgressEvent> events = new ArrayList<>();
        ActionResult result = engine.backupNow(db, "production", new S3BackupStore(s3, bucket, "postgres/"),
                new S3BackupSink(s3, bucket, "postgres/"), Duration.ofMinutes(2), alice(), Progress.collectingInto(events));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        // The dump's end: exact bytes, and which of the database's two tables pg_dump reached (its --verbose lines).
        assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.matches(
                "dumping %s into s3://%s/postgres/%s: [0-9.]+ (B|KiB) in [0-9.]+s \\(.+/s\\), table 2 of 2 \\(public\\.(users|messages)\\)"
                        .formatted(db.database(), bucket, result.after().get("backup"))));
        String key = "postgres/" + result.after().get("backup");
        byte[] stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        assertThat(HexFormat.of().formatHex(Sha256.digest().digest(stored))).isEqualTo(result.after().get("sha256"));
        assertThat(result.message()).contains("there was no earlier backup");

        TestDatabases.execute(db, "TRUNCATE messages");
        ActionResult restored = engine.restore(new SafeRestore.Request(db, "production", new S3BackupStore(s3, bucket, "postgres/"), "latest",
                null, List.of("users", "messages"), null, List.of(), 2, dir.resolve("work"), Duration.ofMinutes(2)), alice(), Progress.NONE);
        assertThat(restored.status()).as(restored.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(42);
    }

    @Test
    void aFailedDumpLeavesNoBackupBehind() {
        DatabaseAccess missing = db.on("no_such_database");

        ActionResult result = engine.backupNow(missing, "production", new S3BackupStore(s3, bucket, "postgres/"),
                new S3BackupSink(s3, bucket, "postgres/"), Duration.ofMinutes(1), alice(), Progress.NONE);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("no partial backup was kept");
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
    }
}
