package dev.smctl.jenkins.work;

import dev.smctl.db.DatabaseAccess;

import java.io.Serializable;
import java.time.Duration;

/**
 * A database server as a step names it: a URL without credentials ({@code jdbc:postgresql://HOST:PORT/DB} or
 * {@code postgresql://[USER@]HOST:PORT/DB}) and, when given, the login from username/password credentials.
 */
public record DatabaseTarget(String url, UsernamePassword login) implements Serializable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param database another database on the same server (the step's {@code database} argument), or {@code null}
     *                 for the one the URL names
     */
    public DatabaseAccess access(String database) {
        String libpq = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        DatabaseAccess access = DatabaseAccess.parse(libpq, login == null ? null : login.password().toSecret(), CONNECT_TIMEOUT);
        if (login != null) {
            access = new DatabaseAccess(access.host(), access.port(), access.database(), login.username(), access.password(), access.timeout());
        }
        return database == null || database.isBlank() ? access : access.on(database);
    }
}
