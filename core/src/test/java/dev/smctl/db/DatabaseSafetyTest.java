package dev.smctl.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.RealServers;
import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Status;
import dev.smctl.runbook.RunbookPlan;
import dev.smctl.runbook.StepActions;
import dev.smctl.runbook.StepEnvironment;
import dev.smctl.runbook.StepOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Read-only mode, kill-queries, counts, health and slow statements against a real PostgreSQL 15. */
class DatabaseSafetyTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;
    DatabaseAccess db;
    Remediation engine;
    final List<Connection> opened = new ArrayList<>();

    @BeforeEach
    void freshDatabase() throws SQLException {
        var server = RealServers.postgres();
        String name = "safety_" + DATABASES.incrementAndGet();
        try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            statement.execute("DO $$ BEGIN CREATE ROLE app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            statement.execute("DO $$ BEGIN CREATE ROLE replicator LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        }
        db = DatabaseAccess.parse("postgresql://postgres@localhost:%d/%s".formatted(server.getPort(), name), null, Duration.ofSeconds(5));
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE users (id serial PRIMARY KEY, force_2fa boolean NOT NULL DEFAULT false)");
            statement.execute("CREATE TABLE messages (id serial PRIMARY KEY, body text)");
            statement.execute("INSERT INTO users (force_2fa) SELECT false FROM generate_series(1, 7)");
            statement.execute("INSERT INTO messages (body) SELECT 'm' || g FROM generate_series(1, 42) g");
            statement.execute("GRANT ALL ON SCHEMA public TO app, replicator");
        }
        engine = new Remediation(null, new AuditLog(dir.resolve("audit.jsonl")), Gate.NONE, Remediation.Settings.defaults());
    }

    @AfterEach
    void closeSessions() throws SQLException {
        for (Connection connection : opened) {
            connection.close();
        }
    }

    static Invocation alice(boolean dryRun) {
        return new Invocation(Actor.user("alice"), "P0-02 drill", "smctl", dryRun);
    }

    Connection sessionAs(String user) throws SQLException {
        Connection connection = db.on(db.database()).connect();
        if (!user.equals("postgres")) {
            connection.close();
            connection = new DatabaseAccess(db.host(), db.port(), db.database(), user, null, Duration.ofSeconds(5)).connect();
        }
        opened.add(connection);
        return connection;
    }

    boolean writeWorksInANewSession() {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO messages (body) VALUES ('probe')");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void readOnlyOnRefusesWritesAndOffAllowsThemAgain() {
        ActionResult on = engine.readOnly(db, "production", true, alice(false), Progress.NONE);
        assertThat(on.status()).as(on.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(on.message()).contains("refuses writes").contains("keep writing until they reconnect");
        assertThat(writeWorksInANewSession()).isFalse();
        assertThat(engine.readOnly(db, "production", true, alice(false), Progress.NONE).status()).isEqualTo(Status.SKIPPED);

        ActionResult off = engine.readOnly(db, "production", false, alice(false), Progress.NONE);
        assertThat(off.status()).as(off.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(writeWorksInANewSession()).isTrue();
        assertThat(on.undo()).isEqualTo("smctl db read-only off --db-url " + db);
    }

    @Test
    void dryRunChangesNothing() {
        ActionResult result = engine.readOnly(db, "production", true, alice(true), Progress.NONE);

        assertThat(result.message()).startsWith("dry run: would make database");
        assertThat(writeWorksInANewSession()).isTrue();
    }

    @Test
    void refusesWhileAnotherRunHoldsTheDatabaseLock() throws SQLException {
        // Advisory locks are per database: every holder takes it on the server's maintenance database.
        Connection other = db.on("postgres").connect();
        opened.add(other);
        try (Statement statement = other.createStatement()) {
            statement.execute("SELECT set_config('application_name', 'smctl lock: bob via Jenkins #9', false)");
            statement.execute("SELECT pg_advisory_lock(%d)".formatted(AdvisoryLock.key(new dev.smctl.engine.Target("database", "production", db.database()))));
        }

        ActionResult result = engine.readOnly(db, "production", true, alice(false), Progress.NONE);

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("is locked by smctl lock: bob via Jenkins #9");
        assertThat(writeWorksInANewSession()).isTrue();
    }

    @Test
    void killsExactlyTheLongQueriesAndNothingElse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> sessions = new ArrayList<>();
        for (String user : List.of("app", "app", "replicator")) {
            Connection connection = sessionAs(user);
            sessions.add(pool.submit(() -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_sleep(20), 'canary-literal-secret'");
                    return user + ": finished";
                } catch (SQLException e) {
                    return user + ": " + e.getSQLState();
                }
            }));
        }
        Thread.sleep(1_500);
        Connection shortQuery = sessionAs("app");
        Future<?> quick = pool.submit(() -> {
            try (Statement statement = shortQuery.createStatement()) {
                statement.execute("SELECT pg_sleep(3)");
            }
            return null;
        });
        Thread.sleep(200);

        ActionResult plan = engine.killQueries(db, "production", Duration.ofSeconds(1), Set.of("replicator"), alice(true), Progress.NONE);
        assertThat(plan.changes()).hasSize(2).allSatisfy(c -> assertThat(c.before().toString()).startsWith("app, active")
                .contains("pg_sleep(N)".replace("N", "20")).doesNotContain("canary-literal-secret"));

        ActionResult result = engine.killQueries(db, "production", Duration.ofSeconds(1), Set.of("replicator"), alice(false), Progress.NONE);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(sessions.get(0).get()).isEqualTo("app: 57P01");
        assertThat(sessions.get(1).get()).isEqualTo("app: 57P01");
        assertThat(sessions.get(2).isDone()).as("the protected role's query still runs").isFalse();
        quick.get();
        try (Connection admin = db.connect(); Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'replicator'");
        }
        pool.shutdown();
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).doesNotContain("canary-literal-secret");
    }

    @Test
    void aRunbookStepThatNamesNoProtectedRolesStillNeverTerminatesTheSuperusersOrReplicationsQueries() throws IOException {
        // P1-01's kill-queries step gives only olderThan; before the defaults lived in one place, this step protected nobody
        StepActions actions = new StepActions(new StepEnvironment(engine, db, null, null, null, List.of(), null, dir, Duration.ofSeconds(5)));
        RunbookPlan.PlannedStep step = new RunbookPlan.PlannedStep(4, "kill-queries", "db-kill-queries", Map.of("olderThan", "45s"),
                Optional.empty(), Optional.empty());

        StepOutcome planned = actions.run("production", step, alice(true), Progress.NONE);

        assertThat(planned.stopsTheRun()).as(planned.message()).isFalse();
        JsonNode record = AuditLog.read(dir.resolve("audit.jsonl")).stream().filter(r -> r.path("action").asText().equals("db-kill-queries"))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(record.path("parameters").path("protectedRoles").asText()).isEqualTo("postgres,replicator");
        assertThat(record.path("parameters").path("olderThan").asText()).isEqualTo("PT45S");
    }

    @Test
    void aRunbookIntegrityCheckThatNamesNoTablesCountsTheRunbooksTables() {
        StepActions actions = new StepActions(new StepEnvironment(engine, db, null, null, null, List.of(), null, dir, Duration.ofSeconds(5)));

        StepOutcome counted = actions.run("production", new RunbookPlan.PlannedStep(1, "integrity", "db-counts", Map.of(), Optional.empty(),
                Optional.empty()), alice(false), Progress.NONE);

        assertThat(counted.message()).isEqualTo("row counts {users=7, messages=42}");
    }

    @Test
    void countsRowsAndRefusesWhenATableIsGone() throws SQLException {
        assertThat(DatabaseReport.counts(db, List.of("users", "messages"))).containsExactly(Map.entry("users", 7L), Map.entry("messages", 42L));
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE messages");
        }
        assertThatThrownBy(() -> DatabaseReport.counts(db, List.of("users", "messages"))).isInstanceOf(Refused.class)
                .hasMessageContaining("restore from a backup");
        assertThatThrownBy(() -> DatabaseReport.counts(db, List.of("users; DROP TABLE users"))).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void reportsHealthAndExplainsAMissingPgStatStatements() {
        DatabaseReport.Health health = DatabaseReport.health(db);

        assertThat(health.sizesBytes()).containsKey(db.database());
        assertThat(health.conflicts()).containsKey("confl_lock");
        assertThatThrownBy(() -> DatabaseReport.slowest(db, 10)).isInstanceOf(Refused.class)
                .hasMessageContaining("shared_preload_libraries");
    }

    @Test
    void rejectsUrlsWithoutADatabaseOrWithAPassword() {
        assertThatThrownBy(() -> DatabaseAccess.parse("postgresql://app@db:5432/", null, Duration.ofSeconds(1)))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("names no database");
        assertThatThrownBy(() -> DatabaseAccess.parse("postgresql://app:canary-pw@db:5432/x", null, Duration.ofSeconds(1)))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("PGPASSWORD").satisfies(e -> assertThat(e.getMessage()).doesNotContain("canary-pw"));
        assertThat(DatabaseAccess.parse("postgresql://app@db/x", Secret.of("canary-pw"), Duration.ofSeconds(1)).toString())
                .isEqualTo("postgresql://app@db:5432/x");
    }

    @Test
    void anUnreachableServerIsOneLineAndChangesNothing() {
        DatabaseAccess nowhere = DatabaseAccess.parse("postgresql://postgres@127.0.0.1:%d/x".formatted(RealServers.freePort()), null, Duration.ofSeconds(2));

        ActionResult result = engine.readOnly(nowhere, "production", true, alice(false), Progress.NONE);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).startsWith("failed before changing database production/x: cannot reach PostgreSQL at 127.0.0.1:");
    }
}
