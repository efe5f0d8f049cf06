package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.RealServers;
import dev.smctl.SandboxCase;
import dev.smctl.TestDatabases;
import dev.smctl.audit.AuditLog;
import dev.smctl.cache.RedisAccess;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.Secret;
import dev.smctl.sandbox.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The P0-03 steps (sessions, 2FA, secret rotation) and the P1-01 cache steps, run as a build runs them: on the
 * agent (job and result serialized both ways), with credentials from the build's store, against the sandbox
 * cluster, a real PostgreSQL and Debian's redis-server with a password.
 */
class BreachAndCacheStepsTest extends SandboxCase {
    static final String KUBECONFIG_ID = "sandbox-kubeconfig";

    BuildUnderTest build;
    Path workspace;
    DatabaseAccess db;
    RedisAccess redis;

    @BeforeEach
    void buildWithDatabaseAndCache() throws Exception {
        build = new BuildUnderTest(dir.resolve("build"));
        workspace = Files.createDirectories(dir.resolve("workspace"));
        build.credentials.kubeconfig(KUBECONFIG_ID, Files.readString(sandbox.kubeconfig()));
        build.credentials.login("db-admin", "postgres", "any: the embedded server trusts local logins");
        build.credentials.secretText("redis-password", RealServers.REDIS_PASSWORD);
        db = TestDatabases.create("breach", 5);
        // refresh_tokens points at sessions, as the application's schema does.
        TestDatabases.execute(db, "CREATE TABLE sessions (id serial PRIMARY KEY, user_id int REFERENCES users)",
                "CREATE TABLE refresh_tokens (id serial PRIMARY KEY, session_id int NOT NULL REFERENCES sessions)",
                "INSERT INTO sessions (user_id) SELECT 1 + g % 7 FROM generate_series(1, 12) g",
                "INSERT INTO refresh_tokens (session_id) SELECT 1 + g % 12 FROM generate_series(1, 30) g");
        redis = new RedisAccess("127.0.0.1", RealServers.redisPort(), 2, Secret.of(RealServers.REDIS_PASSWORD), Duration.ofSeconds(3));
        redis.run("seeding", Jedis::flushDB);
        for (int i = 0; i < 4; i++) {
            int n = i;
            redis.run("seeding", jedis -> jedis.set("user:" + n, "cached"));
        }
    }

    CommonArguments arguments(String databaseUrl, String redisAddress) {
        return new CommonArguments(NS, "P0-03 drill", false, KUBECONFIG_ID, databaseUrl, databaseUrl == null ? null : "db-admin", null, null, null,
                null, null, redisAddress, redisAddress == null ? null : "redis-password");
    }

    CommonArguments withDatabase() {
        return arguments("jdbc:postgresql://localhost:%d/%s".formatted(db.port(), db.database()), null);
    }

    CommonArguments withCache() {
        return arguments(null, "127.0.0.1:%d/2".formatted(RealServers.redisPort()));
    }

    StepOutcome onAgent(String function, CommonArguments arguments, StepCall call) throws InterruptedException {
        PrintStream agentLog = new PrintStream(build.console, true, StandardCharsets.UTF_8);
        return build.launch().onAgent(function, arguments, call,
                job -> DatabaseStepsTest.overTheWire(DatabaseStepsTest.overTheWire(job).run(workspace, agentLog)));
    }

    String secretValue(String secret, String key) {
        return new String(Base64.getDecoder().decode(client.secrets().inNamespace(NS).withName(secret).get().getData().get(key)),
                StandardCharsets.UTF_8);
    }

    @Test
    void revokesEverySessionAndForcesTwoFactorForEveryUser() throws Exception {
        StepOutcome revoke = onAgent("smRevokeSessions", withDatabase(), new DatabaseCalls.RevokeSessions(null, null));
        StepOutcome force = onAgent("smForce2fa", withDatabase(), new DatabaseCalls.ForceTwoFactor(null));
        StepOutcome again = onAgent("smForce2fa", withDatabase(), new DatabaseCalls.ForceTwoFactor(null));

        assertThat(revoke.values()).as(revoke.message()).containsEntry("status", "succeeded").containsEntry("action", "sessions-revoke");
        assertThat(TestDatabases.count(db, "sessions") + TestDatabases.count(db, "refresh_tokens")).isZero();
        assertThat(force.values()).as(force.message()).containsEntry("status", "succeeded");
        assertThat(TestDatabases.count(db, "users WHERE NOT force_2fa")).isZero();
        assertThat(again.values()).as("nothing left to change").containsEntry("status", "skipped");
        assertThat(AuditLog.read(build.auditLog().file())).extracting(r -> r.path("action").asText())
                .containsExactly("sessions-revoke", "users-force-2fa", "users-force-2fa");
    }

    @Test
    void rotatesTheJwtSecretAndTheNewValueAppearsNowhere() throws Exception {
        sandbox.startControllers(TICK);
        String old = secretValue(Platform.JWT_SECRET, "JWT_SECRET");

        StepOutcome rotation = onAgent("smRotateSecrets", arguments(null, null), new SecretCalls("jwt", null, null, "backend", null, "30s"));

        String fresh = secretValue(Platform.JWT_SECRET, "JWT_SECRET");
        assertThat(rotation.values()).as(rotation.message()).containsEntry("status", "succeeded").containsEntry("action", "secrets-rotate")
                .containsEntry("target", "secret production/backend-jwt");
        assertThat(fresh).isNotEqualTo(old);
        String everything = build.console() + Files.readString(build.auditLog().file()) + rotation.values();
        assertThat(everything).doesNotContain(fresh).doesNotContain(old);
    }

    @Test
    void aRotationThatCannotBeDoneIsRefusedBeforeAnythingChanges() throws Exception {
        Map<String, String> before = clusterState();

        StepOutcome noDatabase = onAgent("smRotateSecrets", arguments(null, null), new SecretCalls("db-password", null, null, null, null, null));
        StepOutcome badKind = onAgent("smRotateSecrets", arguments(null, null), new SecretCalls("ssh-key", null, null, null, null, null));

        assertThat(List.of(noDatabase, badKind)).allSatisfy(o -> assertThat(o.values()).containsEntry("exitCode", 2));
        assertThat(noDatabase.message()).startsWith("smRotateSecrets needs a database: pass databaseUrl");
        assertThat(badKind.message()).isEqualTo("unknown secret kind \"ssh-key\"; use one of db-password, jwt, api-keys, encryption-key");
        assertThat(clusterState()).isEqualTo(before);
    }

    @Test
    void readsTheCacheStatsThenFlushesOnlyTheConfiguredDatabaseAndThePasswordAppearsNowhere() throws Exception {
        StepOutcome stats = onAgent("smCacheStats", withCache(), new CacheCalls.Stats());
        StepOutcome otherIndex = onAgent("smFlushCache", withCache(), new CacheCalls.Flush("0"));
        StepOutcome flush = onAgent("smFlushCache", withCache(), new CacheCalls.Flush(null));

        assertThat(stats.values()).as(stats.message()).containsEntry("status", "succeeded").containsEntry("keys", 4L).containsKey("hitRate");
        assertThat(otherIndex.values()).containsEntry("status", "refused");
        assertThat(otherIndex.message()).startsWith("refusing to flush database 0 of redis://127.0.0.1:%d/0: only database 2 is configured"
                .formatted(RealServers.redisPort()));
        assertThat(flush.values()).as(flush.message()).containsEntry("status", "succeeded").containsEntry("action", "cache-flush");
        assertThat(redis.run("counting", Jedis::dbSize)).isZero();
        List<JsonNode> records = AuditLog.read(build.auditLog().file());
        assertThat(records).extracting(r -> r.path("action").asText()).contains("cache-stats", "cache-flush");
        String everything = build.console() + Files.readString(build.auditLog().file()) + stats.values() + otherIndex.values() + flush.values();
        assertThat(everything).doesNotContain(RealServers.REDIS_PASSWORD);
    }

    @Test
    void aCacheStepWithoutACacheSaysWhereToGiveOne() throws InterruptedException {
        StepOutcome outcome = onAgent("smCacheStats", arguments(null, null), new CacheCalls.Stats());

        assertThat(outcome.values()).containsEntry("exitCode", 2);
        assertThat(outcome.message()).startsWith("smCacheStats needs the cache: pass redis");
    }

    @Test
    void aCacheAddressThatIsNotHostAndPortIsRefusedAndAPasswordWrittenIntoItIsMasked() throws InterruptedException {
        StepOutcome outcome = onAgent("smCacheStats", arguments(null, "redis://:" + RealServers.REDIS_PASSWORD + "@cache:6379"), new CacheCalls.Stats());

        assertThat(outcome.values()).containsEntry("exitCode", 2);
        assertThat(outcome.message()).startsWith("--redis takes HOST:PORT or HOST:PORT/DB").doesNotContain(RealServers.REDIS_PASSWORD)
                .contains(MaskedLog.MASK);
        assertThat(build.console()).doesNotContain(RealServers.REDIS_PASSWORD);
    }
}
