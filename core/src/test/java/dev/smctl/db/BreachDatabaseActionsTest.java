package dev.smctl.db;

import dev.smctl.RealServers;
import dev.smctl.TestDatabases;
import dev.smctl.audit.AuditLog;
import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** P0-03's database steps on a real PostgreSQL: revoke every session, force 2FA. */
class BreachDatabaseActionsTest {
    @TempDir
    Path dir;
    DatabaseAccess db;
    Remediation engine;

    @BeforeEach
    void databaseWithSessions() throws SQLException {
        RealServers.postgres();
        db = TestDatabases.create("breach", 5);
        // refresh_tokens points at sessions: deleting sessions first, alone, would break the foreign key.
        TestDatabases.execute(db, "CREATE TABLE sessions (id serial PRIMARY KEY, user_id int REFERENCES users)",
                "CREATE TABLE refresh_tokens (id serial PRIMARY KEY, session_id int NOT NULL REFERENCES sessions)",
                "INSERT INTO sessions (user_id) SELECT 1 + g % 7 FROM generate_series(1, 12) g",
                "INSERT INTO refresh_tokens (session_id) SELECT 1 + g % 12 FROM generate_series(1, 30) g",
                "UPDATE users SET force_2fa = true WHERE id <= 2");
        engine = new Remediation(null, new AuditLog(dir.resolve("audit.jsonl")), Gate.NONE, Remediation.Settings.defaults());
    }

    static Invocation oncall(boolean dryRun) {
        return new Invocation(Actor.user("alice"), "P0-03 drill", "test", dryRun);
    }

    @Test
    void revokesEverySessionAndTokenInOneTransactionWithCountsBeforeAndAfter() throws SQLException {
        ActionResult dryRun = engine.revokeSessions(db, "production", RevokeSessions.DEFAULT_TABLES, oncall(true), Progress.NONE);
        assertThat(dryRun.message()).isEqualTo("dry run: would delete every row of sessions, refresh_tokens in %s (12 sessions, 30 refresh_tokens): every user signs in again; nothing was changed"
                .formatted(db.database()));
        assertThat(TestDatabases.count(db, "sessions")).isEqualTo(12);

        ActionResult result = engine.revokeSessions(db, "production", RevokeSessions.DEFAULT_TABLES, oncall(false), Progress.NONE);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.before()).isEqualTo(Map.of("rows", Map.of("sessions", 12L, "refresh_tokens", 30L)));
        assertThat(result.after()).containsEntry("deleted", Map.of("sessions", 12L, "refresh_tokens", 30L))
                .containsEntry("rows", Map.of("sessions", 0L, "refresh_tokens", 0L));
        assertThat(TestDatabases.count(db, "sessions") + TestDatabases.count(db, "refresh_tokens")).isZero();
        assertThat(engine.revokeSessions(db, "production", RevokeSessions.DEFAULT_TABLES, oncall(false), Progress.NONE).status())
                .isEqualTo(Status.SKIPPED);
    }

    @Test
    void aTableThatDoesNotExistOrIsNotAnIdentifierChangesNothing() throws SQLException {
        ActionResult missing = engine.revokeSessions(db, "production", List.of("sessions", "api_tokens"), oncall(false), Progress.NONE);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.message()).isEqualTo("table api_tokens does not exist in database %s; name the session tables with --tables".formatted(db.database()));

        assertThatThrownBy(() -> engine.revokeSessions(db, "production", List.of("sessions; DROP TABLE users"), oncall(false), Progress.NONE))
                .isInstanceOf(InvalidRequest.class).hasMessageStartingWith("table \"sessions; DROP TABLE users\" is not a valid name");
        assertThat(TestDatabases.count(db, "sessions")).isEqualTo(12);
        assertThat(TestDatabases.count(db, "users")).isEqualTo(7);
    }

    @Test
    void forcesTwoFactorForEveryUserCountingThoseWhoWereNotForced() throws SQLException {
        ActionResult result = engine.forceTwoFactor(db, "production", oncall(false), Progress.NONE);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.before()).isEqualTo(Map.of("users", 7L, "notForced", 5L));
        assertThat(result.after()).containsEntry("updated", 5).containsEntry("notForced", 0L);
        assertThat(result.message()).isEqualTo("all 7 users of %s must use 2FA (5 were not before)".formatted(db.database()));
        assertThat(engine.forceTwoFactor(db, "production", oncall(false), Progress.NONE).message())
                .isEqualTo("skipped: all 7 users of %s must already use 2FA".formatted(db.database()));
    }

    @Test
    void aDatabaseWithoutTheForce2faColumnIsAnInvalidRequest() throws SQLException {
        TestDatabases.execute(db, "ALTER TABLE users DROP COLUMN force_2fa");

        ActionResult result = engine.forceTwoFactor(db, "production", oncall(false), Progress.NONE);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).contains("has no users.force_2fa column");
    }
}
