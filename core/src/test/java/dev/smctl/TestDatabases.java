package dev.smctl;

import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.Sha256;
import dev.smctl.sandbox.DataServices;
import org.postgresql.util.PasswordUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Databases on the shared embedded PostgreSQL, one per test, with the runbook's tables. */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** A new database {@code <prefix>_N} with {@code users} (7 rows) and {@code messages} ({@code messages} rows). */
    public static DatabaseAccess create(String prefix, int messages) throws SQLException {
        var server = RealServers.postgres();
        String name = prefix + "_" + COUNTER.incrementAndGet();
        try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        DatabaseAccess db = DatabaseAccess.parse("postgresql://postgres@localhost:%d/%s".formatted(server.getPort(), name), null, Duration.ofSeconds(5));
        execute(db, "CREATE TABLE users (id serial PRIMARY KEY, force_2fa boolean NOT NULL DEFAULT false)",
                "CREATE TABLE messages (id serial PRIMARY KEY, body text)",
                "INSERT INTO users (force_2fa) SELECT false FROM generate_series(1, 7)",
                "INSERT INTO messages (body) SELECT 'm' || g FROM generate_series(1, %d) g".formatted(messages));
        return db;
    }

    /**
     * A new login role {@code <prefix>_N} that must give {@code password} to log in (a member of
     * {@link DataServices#PASSWORD_LOGIN}), allowed to use the tables of {@code db}.
     */
    public static String loginRole(DatabaseAccess db, String prefix, String password) throws SQLException {
        String role = prefix + "_" + COUNTER.incrementAndGet();
        // The verifier, not the password: RealServers' server logs DDL, and tests look for passwords in that log.
        execute(db, "CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE %s".formatted(role, PasswordUtil.encodeScramSha256(password.toCharArray()),
                        DataServices.PASSWORD_LOGIN),
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
        return role;
    }

    public static void execute(DatabaseAccess db, String... statements) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    public static long count(DatabaseAccess db, String table) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * A backup as the CronJob leaves it in a directory: {@code <db>-20261128T030000Z.dump} and its {@code .sha256}.
     *
     * @return the directory
     */
    public static Path backupWithChecksum(DatabaseAccess db, Path directory) throws IOException, InterruptedException {
        Path dump = dump(db, directory.resolve(db.database() + "-20261128T030000Z.dump"));
        Files.writeString(directory.resolve(dump.getFileName() + ".sha256"),
                HexFormat.of().formatHex(Sha256.digest().digest(Files.readAllBytes(dump))));
        return directory;
    }

    /** {@code pg_dump -Fc} of {@code db} into {@code file}, with the Debian client tools, as the backup CronJob does. */
    public static Path dump(DatabaseAccess db, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Process process = new ProcessBuilder(List.of("pg_dump", "--format=custom", "--host", db.host(), "--port", String.valueOf(db.port()),
                "--username", db.user(), "--file", file.toString(), db.database())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pg_dump failed: " + output);
        }
        return file;
    }
}
