package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.DatabaseReport;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Refused;
import dev.smctl.audit.AuditLog;
import dev.smctl.runbook.RunbookOutcome;
import dev.smctl.runbook.StepEnvironment;
import dev.smctl.sandbox.DataServices;
import dev.smctl.sandbox.Platform;
import dev.smctl.storage.S3BackupSink;
import dev.smctl.storage.S3BackupStore;
import dev.smctl.storage.S3Clients;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.gaul.s3proxy.S3Proxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code smctl demo p0-02}: the backup CronJob's backup, then a bad migration drops a table; the runbook's order
 * follows: detect (counts fail), read-only, backend to 0, restore the last backup from before the corruption
 * into a new database and swap it in (the damaged one kept), counts, backend back, against the 30-minute RTO.
 */
final class DatabaseCorruptionScenario implements AutoCloseable {
    private static final List<String> TABLES = List.of("users", "messages", "sessions", "refresh_tokens");

    private final EmbeddedPostgres postgres;
    private final S3Proxy s3Server;
    private final S3Client s3;
    private final DatabaseAccess database;
    private final Path workDir;

    DatabaseCorruptionScenario(Path runDir) {
        postgres = DataServices.startPostgres(runDir.resolve("postgres"));
        DataServices.createSecureMessengerDatabase(postgres);
        s3Server = DataServices.startS3WithBackupBucket();
        URI endpoint = URI.create("http://127.0.0.1:" + s3Server.getPort());
        s3 = S3Clients.create("eu-west-1", endpoint, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(DataServices.S3_ACCESS_KEY, DataServices.S3_SECRET_KEY)), Duration.ofSeconds(30));
        database = DatabaseAccess.parse("postgresql://postgres@localhost:%d/%s".formatted(postgres.getPort(), DataServices.DATABASE),
                null, Duration.ofSeconds(10));
        workDir = runDir.resolve("restore");
    }

    String describe() {
        return "PostgreSQL 15 at %s (tables %s), S3 at 127.0.0.1:%d (bucket %s)".formatted(database, TABLES, s3Server.getPort(), DataServices.BUCKET);
    }

    /** Runs the scenario: the scheduled backup, the corruption, then runbook P0-02 from its definition. */
    RunbookOutcome play(Remediation remediation, URI healthUrl, AuditLog audit, Path runDir, Timeline timeline, PrintWriter out)
            throws SQLException, IOException {
        S3BackupStore store = new S3BackupStore(s3, DataServices.BUCKET, "postgres/");
        S3BackupSink sink = new S3BackupSink(s3, DataServices.BUCKET, "postgres/");
        ActionResult backup = remediation.backupNow(database, Platform.NAMESPACE, store, sink,
                Duration.ofMinutes(5), new Invocation(Actor.user("postgres-backup-cronjob"), "scheduled backup", "CronJob/postgres-backup", false), timeline);
        timeline.report("backup", "%s: %s".formatted(backup.status().label(), backup.message()));
        sleepPastTheBackupsSecond();
        Instant corruptedAt = Instant.now();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE messages CASCADE");
            statement.execute("DELETE FROM refresh_tokens WHERE id % 2 = 0");
        }
        timeline.report("incident", "a bad migration drops table messages and half of refresh_tokens");
        try {
            DatabaseReport.counts(database, TABLES);
        } catch (Refused e) {
            timeline.report("alert", "integrity check fails: " + e.getMessage());
        }
        StepEnvironment environment = new StepEnvironment(remediation, database, store, sink, null, List.of(), healthUrl, workDir, Duration.ofMinutes(20));
        RunbookOutcome outcome = DemoRunbook.run("P0-02", Map.of("namespace", Platform.NAMESPACE, "database", DataServices.DATABASE,
                        "before", corruptedAt.truncatedTo(ChronoUnit.SECONDS).toString(), "healthUrl", healthUrl.toString()),
                environment, Actor.user("demo-oncall"), "P0-02: relation \"messages\" does not exist",
                Map.of("destructive", List.of("stop writers and restore the backup taken before the bad migration")), audit, runDir, timeline, out);
        timeline.report("verify", "counts now %s".formatted(DatabaseReport.counts(database, TABLES)));
        return outcome;
    }

    /** Backup names carry seconds: the corruption must come strictly after the backup's timestamp. */
    private static void sleepPastTheBackupsSecond() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            s3Server.stop();
        } catch (Exception e) {
            // the demo is over
        }
        try {
            postgres.close();
        } catch (IOException e) {
            // the demo is over
        }
    }
}
