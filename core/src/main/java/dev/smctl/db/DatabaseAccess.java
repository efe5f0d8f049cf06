package dev.smctl.db;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * How to reach one PostgreSQL database: host, port, database, user, and a password that is never part of the
 * URL (URLs end up in shell history, process lists and logs). The password comes from {@code PGPASSWORD} or a
 * credentials store, as psql's does.
 */
public record DatabaseAccess(String host, int port, String database, String user, Secret password, Duration timeout) {
    public DatabaseAccess {
        if (host == null || host.isBlank()) {
            throw new InvalidRequest("the database URL has no host; write it as postgresql://USER@HOST:5432/DATABASE");
        }
        Names.requireSqlIdentifier(database, "database name");
        Names.requireSqlIdentifier(user, "database user");
    }

    /**
     * Reads {@code postgresql://USER@HOST:PORT/DATABASE} (libpq's URI form).
     *
     * @throws InvalidRequest for a URL without a database, or with a password in it
     */
    public static DatabaseAccess parse(String url, Secret password, Duration timeout) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url);
        } catch (URISyntaxException e) {
            throw new InvalidRequest("the database URL is not a URL; write it as postgresql://USER@HOST:5432/DATABASE");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new InvalidRequest("the database URL must start with postgresql://, e.g. postgresql://app@postgres:5432/securemessenger");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw new InvalidRequest("put the database password in PGPASSWORD, not in the URL (URLs end up in shell history and process lists)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty()) {
            throw new InvalidRequest("the database URL names no database; write it as postgresql://USER@HOST:5432/DATABASE");
        }
        return new DatabaseAccess(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path,
                uri.getUserInfo() == null ? "postgres" : uri.getUserInfo(), password, timeout);
    }

    /** The same server and credentials, another database (the maintenance database, a restore target). */
    public DatabaseAccess on(String otherDatabase) {
        return new DatabaseAccess(host, port, otherDatabase, user, password, timeout);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://%s:%d/%s".formatted(host, port, database);
    }

    /** {@code postgresql://user@host:5432/db}: safe to print. */
    @Override
    public String toString() {
        return "postgresql://%s@%s:%d/%s".formatted(user, host, port, database);
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password.reveal());
        }
        String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("ApplicationName", "smctl");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /**
     * The URL applications read ({@code DATABASE_URL}), password included: only ever put in a child process's
     * environment, never printed.
     */
    public String urlWithPassword() {
        String secret = password == null ? "" : ":" + java.net.URLEncoder.encode(password.reveal(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        return "postgresql://%s%s@%s:%d/%s".formatted(user, secret, host, port, database);
    }

    /** Environment for pg_dump, pg_restore and psql: the password travels here, never in argv. */
    public Map<String, String> toolEnvironment() {
        return password == null ? Map.of("PGCONNECT_TIMEOUT", String.valueOf(timeout.toSeconds()))
                : Map.of("PGPASSWORD", password.reveal(), "PGCONNECT_TIMEOUT", String.valueOf(timeout.toSeconds()));
    }
}
