package dev.smctl.cli;

import dev.smctl.RealServers;
import dev.smctl.TestDatabases;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.Secret;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The P0-03 commands through the command line, on the sandbox, a real PostgreSQL and a real redis-server. */
class BreachCommandsTest extends CliSandboxCase {
    static final String OLD_PASSWORD = "canary-cli-app-password-0b7c";

    DatabaseAccess db;
    String role;

    @BeforeEach
    void databaseWithSessionsAndAnAppRole() throws SQLException {
        db = TestDatabases.create("clibreach", 3);
        TestDatabases.execute(db, "CREATE TABLE sessions (id serial PRIMARY KEY)", "CREATE TABLE refresh_tokens (id serial PRIMARY KEY, session_id int REFERENCES sessions)",
                "INSERT INTO sessions SELECT FROM generate_series(1, 4)", "INSERT INTO refresh_tokens (session_id) SELECT 1 + g % 4 FROM generate_series(1, 9) g");
        role = TestDatabases.loginRole(db, "cliapp", OLD_PASSWORD);
        pointSecretAt(role, OLD_PASSWORD);
    }

    void pointSecretAt(String user, String password) {
        String url = "postgresql://%s:%s@postgres:5432/%s".formatted(user, password, db.database());
        sandbox.client().secrets().inNamespace("production").withName(Platform.DATABASE_SECRET).edit(secret -> new SecretBuilder(secret)
                .withData(Map.of("url", base64(url), "password", base64(password))).build());
    }

    static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    String secretValue(String secret, String key) {
        return new String(Base64.getDecoder().decode(sandbox.client().secrets().inNamespace("production").withName(secret).get().getData().get(key)),
                StandardCharsets.UTF_8);
    }

    boolean logsIn(String password) {
        try (Connection ignored = new DatabaseAccess(db.host(), db.port(), db.database(), role, Secret.of(password), Duration.ofSeconds(5)).connect()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void revokesSessionsAndForcesTwoFactorWithCountsInTheJsonResult() {
        CliRun plan = offCluster("sessions", "revoke", "--db-url", db.toString(), "--dry-run");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("would delete every row of sessions, refresh_tokens in %s (4 sessions, 9 refresh_tokens)".formatted(db.database()));

        CliRun revoke = offCluster("sessions", "revoke", "--db-url", db.toString(), "-o", "json");
        CliRun force = offCluster("users", "force-2fa", "--db-url", db.toString(), "-o", "json");

        assertThat(revoke.exitCode()).as(revoke.all()).isZero();
        assertThat(revoke.out()).contains("\"before\":{\"rows\":{\"sessions\":4,\"refresh_tokens\":9}}")
                .contains("\"deleted\":{\"sessions\":4,\"refresh_tokens\":9}").contains("\"rows\":{\"sessions\":0,\"refresh_tokens\":0}");
        assertThat(force.exitCode()).as(force.all()).isZero();
        assertThat(force.out()).contains("\"before\":{\"users\":7,\"notForced\":7}").contains("all 7 users of " + db.database() + " must use 2FA");
    }

    @Test
    void rotatesTheDatabasePasswordThroughTheCommandLine() {
        sandbox.startControllers(Duration.ofMillis(50));

        CliRun run = smctl("secrets", "rotate", "--kind", "db-password", "--db-url", db.toString(), "--timeout", "20s");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("secrets-rotate secret production/backend-database: SUCCEEDED")
                .contains("role %s logs in with the new password and the old one is refused".formatted(role))
                .contains("/secrets/backend-database/data/password: sha256:");
        String password = secretValue(Platform.DATABASE_SECRET, "password");
        assertThat(logsIn(password)).isTrue();
        assertThat(logsIn(OLD_PASSWORD)).isFalse();
    }

    @Test
    void badInputExitsTwoWithOneLineAndChangesNothing() {
        Map<String, String> before = clusterState();

        CliRun unknownKind = smctl("secrets", "rotate", "--kind", "ssh-key");
        CliRun missingSecret = smctl("secrets", "rotate", "--kind", "jwt", "--secret", "no-such-secret");
        CliRun missingRole = smctl("secrets", "rotate", "--kind", "db-password", "--db-url", db.toString(), "--role", "ghost_role");
        CliRun noDatabase = smctl("secrets", "rotate", "--kind", "db-password");

        assertThat(unknownKind.exitCode()).isEqualTo(2);
        assertThat(unknownKind.err()).isEqualTo("error: unknown secret kind \"ssh-key\"; use one of db-password, jwt, api-keys, encryption-key\n");
        assertThat(missingSecret.exitCode()).isEqualTo(2);
        assertThat(missingSecret.out()).contains("secret production/no-such-secret not found");
        assertThat(missingRole.exitCode()).isEqualTo(2);
        assertThat(missingRole.out()).contains("logs in as [%s], not as role ghost_role".formatted(role));
        assertThat(noDatabase.exitCode()).isEqualTo(2);
        assertThat(noDatabase.err()).isEqualTo("error: no database given: pass --db-url postgresql://USER@HOST:5432/DATABASE or set SM_DB_URL\n");
        assertThat(clusterState()).isEqualTo(before);
        assertThat(logsIn(OLD_PASSWORD)).isTrue();
    }

    @Test
    void cacheStatsAndAFlushRefusedOutsideTheAllowedDatabase() {
        assertThat(System.getenv("REDISCLI_AUTH")).as("cli/pom.xml sets REDISCLI_AUTH to the test server's password").isEqualTo(RealServers.REDIS_PASSWORD);
        String redis = "127.0.0.1:" + RealServers.redisPort();
        CliRun stats = CliRun.of("cache", "stats", "--redis", redis, "-o", "json");
        assertThat(stats.exitCode()).as(stats.all()).isZero();
        assertThat(stats.out()).contains("\"ping\":\"PONG\"").contains("\"keyspaceHits\":");

        CliRun refused = smctl("cache", "flush", "--redis", redis + "/4", "--allowed-db", "0");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.out()).contains("refusing to flush database 4 of redis://" + redis + "/4");

        CliRun flush = smctl("cache", "flush", "--redis", redis + "/0", "--dry-run");
        assertThat(flush.exitCode()).as(flush.all()).isZero();
    }
}
