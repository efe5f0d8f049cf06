package dev.smctl.cli;

import dev.smctl.RealServers;
import dev.smctl.TestDatabases;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every action of the breach response, run through the command line with known secret values: none of them, old
 * or new, may appear in standard output or error (text and JSON), in what the JVM logged meanwhile, in the audit
 * log, in the evidence bundle, in error messages, or in the PostgreSQL server's own log of DDL statements.
 */
class SecretCanaryTest extends CliSandboxCase {
    static final String APP_PASSWORD = "canary-app-password-7d41c2";

    final StringBuilder seen = new StringBuilder();

    /** Runs a command against the sandbox; see {@link #capturing}. */
    CliRun run(String... args) {
        return capturing(() -> smctl(args));
    }

    /** Runs a command that takes no cluster options (database and cache commands); see {@link #capturing}. */
    CliRun runOffCluster(String... args) {
        return capturing(() -> offCluster(args));
    }

    /** Keeps everything a run printed and everything the JVM logged meanwhile. */
    CliRun capturing(Supplier<CliRun> command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            CliRun run = command.get();
            seen.append(run.all()).append(logged.toString(StandardCharsets.UTF_8));
            return run;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    Map<String, String> values(String secret) {
        Map<String, String> values = new TreeMap<>();
        sandbox.client().secrets().inNamespace("production").withName(secret).get().getData()
                .forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return values;
    }

    @Test
    void noSecretValueOldOrNewAppearsAnywhere() throws Exception {
        sandbox.startControllers(Duration.ofMillis(50));
        DatabaseAccess db = TestDatabases.create("canary", 3);
        TestDatabases.execute(db, "CREATE TABLE sessions (id serial PRIMARY KEY)", "CREATE TABLE refresh_tokens (id serial PRIMARY KEY)",
                "INSERT INTO sessions SELECT FROM generate_series(1, 3)", "INSERT INTO refresh_tokens SELECT FROM generate_series(1, 3)");
        String role = TestDatabases.loginRole(db, "canary", APP_PASSWORD);
        String url = "postgresql://%s:%s@postgres:5432/%s".formatted(role, APP_PASSWORD, db.database());
        sandbox.client().secrets().inNamespace("production").withName(Platform.DATABASE_SECRET).edit(secret -> new SecretBuilder(secret)
                .withData(Map.of("url", BreachCommandsTest.base64(url), "password", BreachCommandsTest.base64(APP_PASSWORD))).build());
        Set<String> canaries = new LinkedHashSet<>(List.of(APP_PASSWORD, url, System.getenv("PGPASSWORD"), System.getenv("REDISCLI_AUTH")));
        for (String secret : List.of(Platform.JWT_SECRET, Platform.API_KEYS_SECRET, Platform.ENCRYPTION_SECRET)) {
            values(secret).forEach((key, value) -> canaries.add(value));
        }
        canaries.remove(Platform.JWT_VALUES.get("JWT_ISSUER"));
        String redis = "127.0.0.1:" + RealServers.redisPort();
        String dbUrl = db.toString();
        Path evidence = dir.resolve("evidence");

        List<CliRun> runs = new ArrayList<>();
        for (String output : List.of("text", "json")) {
            runs.add(runOffCluster("sessions", "revoke", "--db-url", dbUrl, "--dry-run", "-o", output));
            runs.add(runOffCluster("users", "force-2fa", "--db-url", dbUrl, "--dry-run", "-o", output));
            runs.add(run("cache", "flush", "--redis", redis, "--dry-run", "-o", output));
            for (String kind : List.of("db-password", "jwt", "api-keys", "encryption-key")) {
                runs.add(run("secrets", "rotate", "--kind", kind, "--db-url", dbUrl, "--dry-run", "-o", output));
            }
        }
        runs.add(run("forensics", "capture", "--db-url", dbUrl, "--out", evidence.toString()));
        runs.add(runOffCluster("sessions", "revoke", "--db-url", dbUrl));
        runs.add(runOffCluster("users", "force-2fa", "--db-url", dbUrl, "-o", "json"));
        sandbox.failNext("PATCH", "/api/v1/namespaces/production/secrets/" + Platform.DATABASE_SECRET, 403);
        runs.add(run("secrets", "rotate", "--kind", "db-password", "--db-url", dbUrl, "--timeout", "20s"));
        for (String kind : List.of("db-password", "jwt", "api-keys", "encryption-key")) {
            runs.add(run("secrets", "rotate", "--kind", kind, "--db-url", dbUrl, "--timeout", "20s", "-o", "json"));
        }
        runs.add(run("secrets", "rotate", "--kind", "db-password", "--db-url", dbUrl, "--role", "ghost_role"));
        runs.add(capturing(() -> CliRun.of("cache", "stats", "--redis", redis)));
        runs.add(capturing(() -> CliRun.of("cache", "stats", "--redis", redis, "-o", "json")));
        runs.add(run("cache", "flush", "--redis", redis + "/7"));
        runs.add(run("cache", "flush", "--redis", redis));
        for (String secret : List.of(Platform.DATABASE_SECRET, Platform.JWT_SECRET, Platform.API_KEYS_SECRET, Platform.ENCRYPTION_SECRET)) {
            values(secret).forEach((key, value) -> canaries.add(value));
        }
        canaries.remove(Platform.JWT_VALUES.get("JWT_ISSUER"));

        assertThat(runs).extracting(CliRun::exitCode).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 3, 0);
        assertThat(canaries).hasSizeGreaterThan(12).doesNotContainNull();
        List<String> places = new ArrayList<>(List.of(seen.toString(), Files.readString(audit), Files.readString(RealServers.POSTGRES_LOG)));
        try (Stream<Path> files = Files.walk(evidence)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                places.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        for (String canary : canaries) {
            assertThat(places).as("where a secret value could show").noneSatisfy(text -> assertThat(text).contains(canary));
        }
        assertThat(seen).contains("sha256:").contains("was set back to the password the Secret holds");
    }
}
