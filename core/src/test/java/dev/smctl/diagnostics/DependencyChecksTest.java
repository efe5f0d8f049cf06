package dev.smctl.diagnostics;

import dev.smctl.RealServers;
import dev.smctl.SandboxCase;
import dev.smctl.cache.RedisAccess;
import dev.smctl.cache.RedisProbe;
import dev.smctl.db.PostgresProbe;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Target;
import dev.smctl.sandbox.Platform;
import dev.smctl.storage.S3Clients;
import dev.smctl.storage.S3Probe;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The P0-01 dependency checks against real servers: PostgreSQL, Redis, S3. */
class DependencyChecksTest extends SandboxCase {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    S3Client s3(String secretKey) {
        return S3Clients.create("eu-west-1", RealServers.s3(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(RealServers.S3_ACCESS_KEY, secretKey)), TIMEOUT);
    }

    @Test
    void postgresAnswersSelectOne() {
        String url = RealServers.postgres().getJdbcUrl("postgres", "postgres");

        DependencyCheck check = new PostgresProbe(url, "postgres", null, TIMEOUT).check();

        assertThat(check.ok()).as(check.message()).isTrue();
        assertThat(check.message()).startsWith("SELECT 1 answered (PostgreSQL 15.");
    }

    @Test
    void anUnreachableDatabasePointsToScenarioB() {
        var probe = new PostgresProbe("jdbc:postgresql://127.0.0.1:" + RealServers.freePort() + "/securemessenger", "app",
                Secret.of("canary-pg-77"), TIMEOUT);

        Diagnosis diagnosis = engine().diagnose(Target.deployment(NS, Platform.BACKEND), 10, List.of(probe));

        assertThat(diagnosis.dependencies()).singleElement().satisfies(c -> assertThat(c.ok()).isFalse());
        assertThat(diagnosis.findings()).anyMatch(f -> f.startsWith("postgresql at jdbc:postgresql://127.0.0.1:"))
                .anyMatch(f -> f.contains("scenario B"));
        assertThat(diagnosis.toString()).doesNotContain("canary-pg-77");
    }

    @Test
    void redisAnswersPingAndAWrongPasswordIsReportedWithoutTheSecret() {
        int port = RealServers.redisPort();

        assertThat(new RedisProbe(new RedisAccess("127.0.0.1", port, 0, Secret.of(RealServers.REDIS_PASSWORD), TIMEOUT)).check().message()).isEqualTo("PING answered PONG");
        DependencyCheck wrong = new RedisProbe(new RedisAccess("127.0.0.1", port, 0, Secret.of("canary-wrong-pw"), TIMEOUT)).check();
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.toString()).doesNotContain("canary-wrong-pw").doesNotContain(RealServers.REDIS_PASSWORD);
    }

    @Test
    void theBackupBucketCanBeListed() {
        S3Client client = s3(RealServers.S3_SECRET_KEY);
        client.createBucket(b -> b.bucket("secure-messenger-backups"));
        client.putObject(b -> b.bucket("secure-messenger-backups").key("postgres/2026-11-28T0300.dump"), RequestBody.fromString("x"));

        DependencyCheck check = new S3Probe(client, "secure-messenger-backups").check();

        assertThat(check.ok()).as(check.message()).isTrue();
        assertThat(check.message()).isEqualTo("bucket listed (first key postgres/2026-11-28T0300.dump)");
        DependencyCheck denied = new S3Probe(s3("canary-bad-s3-key"), "secure-messenger-backups").check();
        assertThat(denied.ok()).isFalse();
        assertThat(denied.toString()).doesNotContain("canary-bad-s3-key");
    }

    @Test
    void secretsNeverShowThemselves() {
        assertThat(Secret.of("canary-123")).hasToString("[redacted]");
    }
}
