package dev.smctl.db;

import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Target;
import dev.smctl.engine.TargetLock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The per-database lock, held where the database lives: a session-level PostgreSQL advisory lock on the
 * server's maintenance database. Every smctl, Jenkins or break-glass run sees it, and it is released when the
 * holder's session ends, so a killed process never leaves it behind. The holder is named in the session's
 * {@code application_name}, which {@code pg_stat_activity} shows.
 */
public final class AdvisoryLock implements TargetLock {
    private final DatabaseAccess server;

    /** @param server access to the server's maintenance database ({@code postgres}) */
    public AdvisoryLock(DatabaseAccess server) {
        this.server = server;
    }

    static long key(Target target) {
        return Long.parseUnsignedLong(Sha256.hex("smctl-lock:" + target).substring(0, 15), 16);
    }

    @Override
    public Held acquire(Target target, String holder, Progress progress) {
        long key = key(target);
        Connection session = null;
        try {
            session = server.connect();
            try (PreparedStatement name = session.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                name.setString(1, ("smctl lock: " + holder).substring(0, Math.min(63, ("smctl lock: " + holder).length())));
                name.execute();
            }
            try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, key);
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        String other = currentHolder(session, key);
                        throw new Refused("%s is locked by %s; wait for that run to finish (the lock goes when its session ends)"
                                .formatted(target, other));
                    }
                }
            }
            progress.report("lock", "locked %s (advisory lock %d on %s:%d)".formatted(target, key, server.host(), server.port()));
            Connection held = session;
            session = null;
            return heldBy(held, key, target, progress);
        } catch (SQLException e) {
            throw Sql.failure(server, "taking the lock on " + target, e);
        } finally {
            // Every path that does not hand the session to the caller closes it, and with it any lock it took.
            closeQuietly(session);
        }
    }

    private static void closeQuietly(Connection session) {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                // the session is gone either way
            }
        }
    }

    private static Held heldBy(Connection session, long key, Target target, Progress progress) {
            return new Held() {
                @Override
                public boolean stillHeld() {
                    try {
                        return session.isValid(5);
                    } catch (SQLException e) {
                        return false;
                    }
                }

                @Override
                public void close() {
                    try (session) {
                        try (PreparedStatement unlock = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                            unlock.setLong(1, key);
                            unlock.execute();
                        }
                        progress.report("lock", "released " + target);
                    } catch (SQLException e) {
                        progress.report("lock", "the lock on %s goes with its session: %s".formatted(target, e.getMessage()));
                    }
                }
            };
    }

    private static String currentHolder(Connection session, long key) throws SQLException {
        try (PreparedStatement who = session.prepareStatement("""
                SELECT a.application_name, a.usename, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((l.classid::bigint << 32) | l.objid::bigint) = ?""")) {
            who.setLong(1, key);
            try (ResultSet result = who.executeQuery()) {
                return result.next() ? "%s (user %s, since %s)".formatted(result.getString(1), result.getString(2), result.getTimestamp(3))
                        : "another session";
            }
        }
    }
}
