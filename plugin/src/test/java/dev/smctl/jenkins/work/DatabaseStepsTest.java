package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.RealServers;
import dev.smctl.TestDatabases;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database steps' work as it travels to the agent (serialized both ways, as over the remoting channel), runs
 * there against a real PostgreSQL and a real S3 API server, and comes back to the build's audit log.
 */
class DatabaseStepsTest {
    static final String DB_PASSWORD_CANARY = "canary-db-password-8f2c41";

    @TempDir
    Path dir;
    BuildUnderTest build;
    Path workspace;
    DatabaseAccess db;
    String bucket;

    @BeforeEach
    void setUp() throws Exception {
        build = new BuildUnderTest(dir.resolve("build"));
        workspace = Files.createDirectories(dir.resolve("workspace"));
        db = TestDatabases.create("plugin", 50);
        bucket = RealServers.newBucket(RealServers.s3Client(), "plugin-backups");
        // The embedded server trusts local connections, so any password works: it is here to be masked.
        build.credentials.login("db-admin", "postgres", DB_PASSWORD_CANARY);
        build.credentials.login("backup-s3", RealServers.S3_ACCESS_KEY, RealServers.S3_SECRET_KEY);
    }

    CommonArguments arguments(boolean dryRun) {
        return new CommonArguments("production", "P0-02 drill", dryRun, null, "jdbc:postgresql://localhost:%d/%s".formatted(db.port(), db.database()),
                "db-admin", bucket, "postgres/", "eu-west-1", RealServers.s3().toString(), "backup-s3", null, null);
    }

    /** The agent: the job and its result cross a serialization boundary, as over the remoting channel. */
    AgentChannel agent() {
        PrintStream agentLog = new PrintStream(build.console, true, StandardCharsets.UTF_8);
        return job -> overTheWire(overTheWire(job).run(workspace, agentLog));
    }

    StepOutcome onAgent(StepCall call, boolean dryRun) throws InterruptedException {
        return build.launch().onAgent("smTest", arguments(dryRun), call, agent());
    }

    @Test
    void backsUpToS3ThenRestoresTheLostRowsOnTheAgent() throws Exception {
        StepOutcome backup = onAgent(new DatabaseCalls.BackupNow(null, null), false);
        TestDatabases.execute(db, "DELETE FROM messages");
        StepOutcome restore = onAgent(new DatabaseCalls.Restore(null, "latest", null, "users,messages", null, null, "5m"), false);

        assertThat(backup.values()).as(backup.message()).containsEntry("status", "succeeded").containsEntry("action", "db-backup");
        assertThat(restore.values()).as(restore.message()).containsEntry("status", "succeeded").containsEntry("action", "db-restore");
        assertThat(TestDatabases.count(db, "messages")).isEqualTo(50);
        List<String> lines = Files.readAllLines(build.auditLog().file());
        assertThat(lines).hasSize(2);
        assertThat(restore.auditRecordId()).as("the outcome names the build log's record, not the agent's scratch one")
                .isEqualTo(Sha256.hex(lines.get(1)));
        assertThat(AuditVerifier.verify(build.auditLog().file()).intact()).isTrue();
        JsonNode record = AuditLog.read(build.auditLog().file()).get(1);
        assertThat(record.path("seq").asLong()).isEqualTo(2);
        assertThat(record.path("actor").path("name").asText()).isEqualTo("alice");
        assertThat(record.path("target").path("name").asText()).isEqualTo(db.database());
        assertThat(Files.list(workspace.resolveSibling("workspace@tmp")).filter(p -> p.getFileName().toString().startsWith("smctl-audit-")))
                .as("the agent's scratch log is removed").isEmpty();
    }

    @Test
    void theDatabasePasswordAndTheS3SecretKeyAppearNowhere() throws Exception {
        onAgent(new DatabaseCalls.BackupNow(null, null), false);
        onAgent(new DatabaseCalls.ReadOnly(null, "on"), false);
        StepOutcome bad = onAgent(new DatabaseCalls.ReadOnly(DB_PASSWORD_CANARY, "on"), false);

        String everything = build.console() + Files.readString(build.auditLog().file()) + bad.values();
        assertThat(everything).doesNotContain(DB_PASSWORD_CANARY).doesNotContain(RealServers.S3_SECRET_KEY);
        assertThat(bad.values()).containsEntry("exitCode", 2);
        assertThat(bad.message()).contains(MaskedLog.MASK);
    }

    @Test
    void readOnlyOnThenOffIsVerifiedByTheEngine() throws Exception {
        StepOutcome on = onAgent(new DatabaseCalls.ReadOnly(null, "on"), false);
        StepOutcome off = onAgent(new DatabaseCalls.ReadOnly(null, "off"), false);
        StepOutcome wrongMode = onAgent(new DatabaseCalls.ReadOnly(null, "maybe"), false);

        assertThat(on.values()).as(on.message()).containsEntry("status", "succeeded");
        assertThat(off.values()).as(off.message()).containsEntry("status", "succeeded");
        assertThat(wrongMode.message()).isEqualTo("'mode' is on or off, not \"maybe\"");
        TestDatabases.execute(db, "INSERT INTO messages (body) VALUES ('writable again')");
    }

    @Test
    void aRestoreWhoseVerificationQueryFailsLeavesTheOriginalLiveAndRunsNoMigration() throws Exception {
        onAgent(new DatabaseCalls.BackupNow(null, null), false);
        TestDatabases.execute(db, "DELETE FROM messages");
        Path marker = workspace.resolve("migrated");

        StepOutcome restore = onAgent(new DatabaseCalls.Restore(null, "latest", null, "users,messages", "SELECT count(*) > 1000 FROM messages",
                "touch " + marker, "5m"), false);

        assertThat(restore.values()).as(restore.message()).containsEntry("status", "failed");
        assertThat(restore.message()).contains("the verification query returned false on the restored copy");
        assertThat(TestDatabases.count(db, "messages")).as("the original is still the live database").isZero();
        assertThat(marker).as("the migration runs after the checks, so it never ran").doesNotExist();
    }

    @Test
    void aRestoreRunsTheMigrationLineAsAnArgvWithoutAShell() throws Exception {
        onAgent(new DatabaseCalls.BackupNow(null, null), false);
        Path marker = workspace.resolve("migrated");

        StepOutcome restore = onAgent(new DatabaseCalls.Restore(null, "latest", null, "users,messages", "SELECT count(*) = 50 FROM messages",
                "touch " + marker + " " + workspace + "/;rm", "5m"), false);

        assertThat(restore.values()).as(restore.message()).containsEntry("status", "succeeded");
        assertThat(marker).as("touch ran with its arguments").exists();
        assertThat(workspace.resolve(";rm")).as("';rm' was a plain argument to touch, not a shell command").exists();
    }

    @Test
    void tableCountsAndHealthAreReadOnlyLooksWithTheirOwnKeys() throws Exception {
        StepOutcome counts = onAgent(new DatabaseCalls.TableCounts(null, "users, messages"), false);
        StepOutcome health = onAgent(new DatabaseCalls.DatabaseHealth(null), false);
        StepOutcome missing = onAgent(new DatabaseCalls.TableCounts(null, "no_such_table"), false);
        StepOutcome badName = onAgent(new DatabaseCalls.TableCounts(null, "users; DROP TABLE users"), false);

        assertThat(counts.values()).as(counts.message()).containsEntry("status", "succeeded").containsEntry("action", "db-counts")
                .containsEntry("counts", Map.of("users", TestDatabases.count(db, "users"), "messages", 50L));
        assertThat(health.values()).as(health.message()).containsEntry("status", "succeeded").containsEntry("action", "db-health")
                .containsKeys("selectOneMillis", "sizesBytes", "conflicts");
        assertThat(health.values().get("sizesBytes").toString()).contains(db.database() + "=");
        assertThat(missing.values()).containsEntry("status", "refused").containsEntry("exitCode", 3);
        assertThat(missing.message()).contains("this is P0-02, restore from a backup");
        assertThat(badName.values()).containsEntry("exitCode", 2);
        assertThat(AuditLog.read(build.auditLog().file())).as("refusals before the look are not looks")
                .extracting(r -> r.path("action").asText()).containsExactly("db-counts", "db-health");
        assertThat(TestDatabases.count(db, "users")).as("still there").isPositive();
    }

    @Test
    void slowQueriesWithoutPgStatStatementsIsRefusedWithTheFix() throws Exception {
        StepOutcome outcome = onAgent(new DatabaseCalls.SlowQueries("5"), false);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.values()).containsEntry("status", "refused").containsEntry("exitCode", 3);
        assertThat(outcome.message()).contains("CREATE EXTENSION pg_stat_statements");
    }

    @Test
    void aStepWithoutADatabaseSaysWhereToGiveOne() throws Exception {
        CommonArguments noDatabase = new CommonArguments("production", "", false, null, null, null, null, null, null, null, null, null, null);

        StepOutcome outcome = build.launch().onAgent("smReadOnly", noDatabase, new DatabaseCalls.ReadOnly(null, "on"), agent());

        assertThat(outcome.values()).containsEntry("exitCode", 2);
        assertThat(outcome.message()).startsWith("smReadOnly needs a database: pass databaseUrl");
    }

    @Test
    void aLostAgentFailsTheStepAndSaysWhatToCheck() throws Exception {
        StepOutcome outcome = build.launch().onAgent("smRestoreDb", arguments(false), new DatabaseCalls.Restore(null, null, null, null, null, null, null),
                job -> {
                    throw new IOException("channel closed: " + DB_PASSWORD_CANARY);
                });

        assertThat(outcome.values()).containsEntry("status", "failed").containsEntry("exitCode", 1);
        assertThat(outcome.message()).startsWith("lost the agent while smRestoreDb ran").contains("may or may not have been made")
                .doesNotContain(DB_PASSWORD_CANARY);
    }

    @Test
    void aTamperedBuildLogRefusesTheStepBeforeTheAgentIsAsked() throws Exception {
        onAgent(new DatabaseCalls.ReadOnly(null, "on"), false);
        Files.writeString(build.auditLog().file(), "{\"forged\":true}\n", java.nio.file.StandardOpenOption.APPEND);
        AtomicBoolean asked = new AtomicBoolean();

        StepOutcome outcome = build.launch().onAgent("smTest", arguments(false), new DatabaseCalls.ReadOnly(null, "off"), job -> {
            asked.set(true);
            return null;
        });

        assertThat(asked).isFalse();
        assertThat(outcome.values()).containsEntry("status", "refused").containsEntry("exitCode", 3);
        assertThat(outcome.message()).contains("does not match its head file");
    }

    @SuppressWarnings("unchecked")
    static <T> T overTheWire(T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
