package dev.smctl.secrets;

import dev.smctl.RealServers;
import dev.smctl.SandboxCase;
import dev.smctl.TestDatabases;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Change;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.k8s.Restart;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rotation against the sandbox's Secrets and Deployments and a real PostgreSQL whose app role must give its password. */
class SecretRotationTest extends SandboxCase {
    static final String OLD_PASSWORD = "canary-old-db-password-4e1f";
    static final String SECRET_PATH = "/api/v1/namespaces/production/secrets/" + Platform.DATABASE_SECRET;

    DatabaseAccess db;
    String role;

    @BeforeEach
    void databaseWithAnAppRole() throws SQLException {
        db = TestDatabases.create("rotation", 3);
        role = TestDatabases.loginRole(db, "app", OLD_PASSWORD);
        setSecret(Platform.DATABASE_SECRET, Map.of("url", "postgresql://%s:%s@postgres:5432/%s".formatted(role, OLD_PASSWORD, db.database()),
                "password", OLD_PASSWORD));
    }

    void setSecret(String name, Map<String, String> values) {
        Map<String, String> data = new TreeMap<>();
        values.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(NS).withName(name).edit(secret -> new SecretBuilder(secret).withData(data).build());
    }

    Map<String, Secret> secret(String name) {
        return SecretRotation.values(client.secrets().inNamespace(NS).withName(name).get());
    }

    ActionResult rotate(SecretKind kind, boolean dryRun) {
        return engine().rotateSecret(new SecretRotation.Request(kind, new Target("secret", NS, kind.defaultSecret()),
                kind == SecretKind.DB_PASSWORD ? db : null, null, null, Duration.ofSeconds(15)), asAlice(dryRun), progress());
    }

    /** Logs in as the app would: the role and password its Secret holds, on the test server. */
    boolean appLogsIn(String password) {
        try (Connection ignored = new DatabaseAccess(db.host(), db.port(), db.database(), role, Secret.of(password), Duration.ofSeconds(5)).connect()) {
            return true;
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28P01");
            return false;
        }
    }

    String restartedAt(String deployment) {
        return client.apps().deployments().inNamespace(NS).withName(deployment).get().getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Restart.RESTARTED_AT);
    }

    @Test
    void rotatesTheDatabasePasswordSoOnlyTheNewOneLogsInAndTheSecretHoldsItInEveryKey() throws Exception {
        sandbox.startControllers(TICK);

        ActionResult result = rotate(SecretKind.DB_PASSWORD, false);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        String password = secret(Platform.DATABASE_SECRET).get("password").reveal();
        assertThat(password).isNotEqualTo(OLD_PASSWORD).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(secret(Platform.DATABASE_SECRET).get("url").reveal())
                .isEqualTo("postgresql://%s:%s@postgres:5432/%s".formatted(role, password, db.database()));
        assertThat(appLogsIn(password)).isTrue();
        assertThat(appLogsIn(OLD_PASSWORD)).isFalse();
        assertThat(storedPassword()).startsWith("SCRAM-SHA-256$4096:").doesNotContain(password);
        assertThat(Files.readString(RealServers.POSTGRES_LOG)).contains("ALTER ROLE \"%s\" PASSWORD 'SCRAM-SHA-256$4096:".formatted(role))
                .doesNotContain(password).doesNotContain(OLD_PASSWORD);
        assertThat(result.message()).contains("logs in with the new password and the old one is refused")
                .contains("deployment production/backend restarted").contains("deployment production/backend-green restarted");
        assertThat(restartedAt(Platform.BACKEND)).isNotNull();
        assertThat(result.toString() + events + Files.readString(audit.file())).doesNotContain(password).doesNotContain(OLD_PASSWORD);
        assertThat(result.changes()).extracting(Change::after).contains(SecretValues.fingerprint(Secret.of(password)));
    }

    private String storedPassword() throws SQLException {
        try (Connection admin = db.connect(); PreparedStatement query = admin.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    @Test
    void aFailureBetweenAlterRoleAndTheSecretUpdateLeavesTheAppAbleToLogIn() {
        sandbox.startControllers(TICK);
        // 403: the account may read Secrets but not write them; fabric8 retries a 5xx, but not this.
        sandbox.failNext("PATCH", SECRET_PATH, 403);

        ActionResult result = rotate(SecretKind.DB_PASSWORD, false);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("could not write secret production/backend-database (HTTP 403 Forbidden)")
                .contains("was set back to the password the Secret holds").contains("the app logs in as before").contains("nothing was rotated");
        assertThat(events).extracting(e -> e.phase() + " " + e.message())
                .anySatisfy(e -> assertThat(e).startsWith("execute role " + role + " has the new password"))
                .anySatisfy(e -> assertThat(e).startsWith("recover could not write"));
        assertThat(secret(Platform.DATABASE_SECRET).get("password").reveal()).isEqualTo(OLD_PASSWORD);
        assertThat(appLogsIn(OLD_PASSWORD)).isTrue();
        assertThat(restartedAt(Platform.BACKEND)).isNull();
    }

    @Test
    void aConcurrentChangeOfTheSecretSetsThePasswordBackThenPlansAgainAndCompletes() {
        sandbox.startControllers(TICK);
        sandbox.failNext("PATCH", SECRET_PATH, 409);

        ActionResult result = rotate(SecretKind.DB_PASSWORD, false);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(events).extracting(e -> e.message()).anySatisfy(m -> assertThat(m).contains("changed since it was read; planning again"));
        String password = secret(Platform.DATABASE_SECRET).get("password").reveal();
        assertThat(appLogsIn(password)).isTrue();
        assertThat(appLogsIn(OLD_PASSWORD)).isFalse();
    }

    @Test
    void aRefusedWriteOfAnotherKindChangesNothingAndQuotesNoServerText() {
        sandbox.failNext("PATCH", "/api/v1/namespaces/production/secrets/" + Platform.JWT_SECRET, 403);

        ActionResult result = rotate(SecretKind.JWT, false);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).isEqualTo("the API server refused the write to secret production/backend-jwt (HTTP 403 Forbidden); nothing was changed");
        assertThat(secret(Platform.JWT_SECRET).get("JWT_SECRET").reveal()).isEqualTo(Platform.JWT_VALUES.get("JWT_SECRET"));
    }

    @Test
    void theDryRunListsEverySecretKeyRoleAndDeploymentByFingerprintAndChangesNothing() {
        Map<String, String> before = clusterState();

        ActionResult plan = rotate(SecretKind.DB_PASSWORD, true);

        assertThat(plan.status()).as(plan.message()).isEqualTo(Status.SUCCEEDED);
        String old = SecretValues.fingerprint(Secret.of(OLD_PASSWORD));
        assertThat(plan.changes()).extracting(Change::path).containsExactly(
                "/databases/%s:%d/roles/%s/password".formatted(db.host(), db.port(), role),
                "/secrets/backend-database/data/password",
                "/secrets/backend-database/data/url",
                "/deployments/backend/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt",
                "/deployments/backend-green/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt");
        assertThat(plan.changes().get(0).before()).isEqualTo(old);
        assertThat(plan.changes().get(1).before()).isEqualTo(old);
        assertThat(plan.changes().get(1).after()).asString().matches("sha256:[0-9a-f]{12}");
        assertThat(plan.before()).containsEntry("role", role).containsEntry("secretPasswordLogsIn", true)
                .containsEntry("readers", List.of(Platform.BACKEND, Platform.BACKEND_GREEN));
        assertThat(plan.toString()).doesNotContain(OLD_PASSWORD);
        assertThat(clusterState()).isEqualTo(before);
        assertThat(appLogsIn(OLD_PASSWORD)).isTrue();
    }

    @Test
    void aRoleThatDoesNotExistOrAMissingSecretIsAnInvalidRequestAndChangesNothing() {
        Map<String, String> before = clusterState();
        ActionResult noRole = engine().rotateSecret(new SecretRotation.Request(SecretKind.DB_PASSWORD, new Target("secret", NS, Platform.DATABASE_SECRET),
                db, "nobody_here", null, Duration.ofSeconds(5)), asAlice(false), progress());
        ActionResult noSecret = engine().rotateSecret(new SecretRotation.Request(SecretKind.JWT, new Target("secret", NS, "no-such-secret"),
                null, null, null, Duration.ofSeconds(5)), asAlice(false), progress());

        assertThat(noRole.exitCode()).isEqualTo(2);
        assertThat(noRole.message()).contains("logs in as [%s], not as role nobody_here".formatted(role));
        assertThat(noSecret.exitCode()).isEqualTo(2);
        assertThat(noSecret.message()).isEqualTo("secret production/no-such-secret not found; see 'kubectl get secret -n production'");
        assertThat(clusterState()).isEqualTo(before);
        assertThat(appLogsIn(OLD_PASSWORD)).isTrue();
        assertThatThrownBy(() -> SecretKind.parse("ssh-key")).isInstanceOf(InvalidRequest.class)
                .hasMessage("unknown secret kind \"ssh-key\"; use one of db-password, jwt, api-keys, encryption-key");
    }

    @Test
    void aRoleNamedInTheSecretButMissingFromTheDatabaseIsAnInvalidRequest() {
        setSecret(Platform.DATABASE_SECRET, Map.of("url", "postgresql://ghost_role:%s@postgres:5432/x".formatted(OLD_PASSWORD)));

        ActionResult result = rotate(SecretKind.DB_PASSWORD, false);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).startsWith("database role ghost_role does not exist on ");
    }

    @Test
    void aKeyPairOrAKeyringOfAnotherLayoutIsRefusedRatherThanOverwritten() {
        setSecret(Platform.JWT_SECRET, Map.of("JWT_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\ncanary-pem\n-----END PRIVATE KEY-----\n"));
        setSecret(Platform.ENCRYPTION_SECRET, Map.of("MASTER_KEY", "canary-master-key"));
        Map<String, String> before = clusterState();

        ActionResult keyPair = rotate(SecretKind.JWT, false);
        ActionResult keyring = rotate(SecretKind.ENCRYPTION_KEY, false);

        assertThat(keyPair.exitCode()).isEqualTo(2);
        assertThat(keyPair.message()).isEqualTo("secret production/backend-jwt key JWT_PRIVATE_KEY holds a PEM key pair, not a shared secret; "
                + "smctl generates random shared secrets only: issue a new key pair with your PKI");
        assertThat(keyring.exitCode()).isEqualTo(2);
        assertThat(keyring.message()).startsWith("secret production/backend-encryption has no ENCRYPTION_KEY (keys: [MASTER_KEY])");
        assertThat(clusterState()).isEqualTo(before);
    }

    @Test
    void encryptionKeyRotationMakesANewPrimaryAndKeepsEveryPreviousKey() {
        sandbox.startControllers(TICK);
        Map<String, Secret> old = secret(Platform.ENCRYPTION_SECRET);

        ActionResult result = rotate(SecretKind.ENCRYPTION_KEY, false);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.summary()).contains("the 2 previous keys all stay for decryption, none is deleted");
        Map<String, Secret> now = secret(Platform.ENCRYPTION_SECRET);
        Secret primary = now.get(Keyring.PRIMARY);
        assertThat(primary).isNotEqualTo(old.get(Keyring.PRIMARY));
        assertThat(Base64.getDecoder().decode(primary.reveal())).hasSize(32);
        assertThat(now.get(Keyring.PREVIOUS).reveal()).isEqualTo(old.get(Keyring.PRIMARY).reveal() + "," + old.get(Keyring.PREVIOUS).reveal());
        assertThat(result.message()).contains("every previous encryption key is kept (2)");
        assertThat(result.changes()).filteredOn(c -> c.path().endsWith(Keyring.PREVIOUS)).singleElement()
                .satisfies(c -> assertThat(c.after()).isEqualTo(List.of(SecretValues.fingerprint(old.get(Keyring.PRIMARY)),
                        SecretValues.fingerprint(old.get(Keyring.PREVIOUS)))));
    }

    @Test
    void jwtAndApiKeysGetNewValuesOfTheirSizeLeavePlainKeysAndSkipReadersAtZeroReplicas() {
        sandbox.startControllers(TICK);
        client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND_GREEN).scale(0);

        ActionResult jwt = rotate(SecretKind.JWT, false);
        ActionResult apiKeys = rotate(SecretKind.API_KEYS, false);

        assertThat(jwt.status()).as(jwt.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(apiKeys.status()).as(apiKeys.message()).isEqualTo(Status.SUCCEEDED);
        Map<String, Secret> signing = secret(Platform.JWT_SECRET);
        assertThat(Base64.getUrlDecoder().decode(signing.get("JWT_SECRET").reveal())).hasSize(64);
        assertThat(signing.get("JWT_ISSUER").reveal()).isEqualTo("securemessenger");
        Map<String, Secret> keys = secret(Platform.API_KEYS_SECRET);
        assertThat(keys).containsOnlyKeys("PUSH_API_KEY", "WEBHOOK_API_KEY").allSatisfy((key, value) -> {
            assertThat(value.reveal()).isNotEqualTo(Platform.API_KEY_VALUES.get(key));
            assertThat(Base64.getUrlDecoder().decode(value.reveal())).hasSize(32);
        });
        assertThat(keys.get("PUSH_API_KEY")).isNotEqualTo(keys.get("WEBHOOK_API_KEY"));
        assertThat(jwt.before()).containsEntry("notRestarted", Map.of(Platform.BACKEND_GREEN, "0 replicas: its pods read the new values when it is scaled up"));
        assertThat(restartedAt(Platform.BACKEND_GREEN)).isNull();
        assertThat(restartedAt(Platform.BACKEND)).isNotNull();
    }
}
