package dev.smctl.db;

import dev.smctl.diagnostics.DependencyCheck;
import dev.smctl.diagnostics.DependencyProbe;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Secret;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/** PostgreSQL answers {@code SELECT 1}: the runbook's first database check. */
public final class PostgresProbe implements DependencyProbe {
    private final String jdbcUrl;
    private final String user;
    private final Secret password;
    private final Duration timeout;

    public PostgresProbe(String jdbcUrl, String user, Secret password, Duration timeout) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    @Override
    public DependencyCheck check() {
        long start = System.nanoTime();
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password.reveal());
        }
        long seconds = Math.max(1, timeout.toSeconds());
        properties.setProperty("connectTimeout", String.valueOf(seconds));
        properties.setProperty("socketTimeout", String.valueOf(seconds));
        properties.setProperty("loginTimeout", String.valueOf(seconds));
        String shown = Redaction.text(jdbcUrl);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            result.next();
            String version = connection.getMetaData().getDatabaseProductVersion();
            return new DependencyCheck("postgresql", shown, true, "SELECT 1 answered (PostgreSQL %s)".formatted(version), millis(start));
        } catch (SQLException e) {
            return new DependencyCheck("postgresql", shown, false, "SELECT 1 failed: %s (SQLSTATE %s)"
                    .formatted(firstLine(e.getMessage()), e.getSQLState()), millis(start));
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return Redaction.text(newline < 0 ? message : message.substring(0, newline));
    }

    static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
