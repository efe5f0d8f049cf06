package dev.smctl.db;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import dev.smctl.engine.Waiter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * P1-01: terminate queries active for longer than a threshold on one database, listed first (the dry-run shows
 * exactly which sessions). Never this tool's own session, never anything but client backends (no replication,
 * no autovacuum), never the protected roles. A session is only terminated if it is still running the query
 * that was planned (same pid, backend start and query start), so a reused pid is never hit.
 */
public final class KillQueries implements Action<KillQueries.KillPlan> {
    /** One session to terminate, as planned. */
    public record Victim(int pid, String user, Timestamp backendStart, Timestamp queryStart, long seconds, String query) {
    }

    public record KillPlan(String summary, List<Victim> victims, List<Change> changes, Map<String, Object> before,
                           Optional<String> skipReason, String undo) implements Plan {
    }

    /** The threshold when none is given: P1-01's "queries running longer than 30 seconds". */
    public static final String DEFAULT_OLDER_THAN = "30s";
    /** Roles whose queries are never terminated when none are given: the superuser's and replication's. */
    public static final String DEFAULT_PROTECTED_ROLES = "postgres,replicator";

    private final DatabaseAccess access;
    private final Target target;
    private final Duration olderThan;
    private final Set<String> protectedRoles;
    private final Waiter waiter;

    public KillQueries(DatabaseAccess access, String namespace, Duration olderThan, Set<String> protectedRoles, Waiter waiter) {
        if (olderThan.toSeconds() < 1) {
            throw new InvalidRequest("--older-than must be at least 1s");
        }
        this.access = access;
        this.target = new Target("database", namespace, access.database());
        this.olderThan = olderThan;
        this.protectedRoles = Set.copyOf(protectedRoles);
        this.waiter = waiter;
    }

    /** The roles given, or {@link #DEFAULT_PROTECTED_ROLES} when none are: leaving them out never unprotects the superuser. */
    public static Set<String> protectedRolesOrDefault(Collection<String> given) {
        return given.isEmpty() ? Set.of(DEFAULT_PROTECTED_ROLES.split(",")) : Set.copyOf(given);
    }

    @Override
    public String name() {
        return "db-kill-queries";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("olderThan", olderThan.toString(), "protectedRoles", String.join(",", new TreeSet<>(protectedRoles)));
    }

    @Override
    public KillPlan plan() {
        List<Victim> victims = new ArrayList<>();
        try (Connection connection = access.connect(); PreparedStatement query = connection.prepareStatement("""
                SELECT pid, usename, backend_start, query_start, extract(epoch FROM now() - query_start)::bigint, query
                FROM pg_stat_activity
                WHERE datname = ? AND state = 'active' AND backend_type = 'client backend'
                  AND pid <> pg_backend_pid() AND now() - query_start > make_interval(secs => ?)
                  AND NOT (usename = ANY (?))
                ORDER BY query_start""")) {
            query.setString(1, access.database());
            query.setLong(2, olderThan.toSeconds());
            query.setArray(3, connection.createArrayOf("text", protectedRoles.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    victims.add(new Victim(rows.getInt(1), rows.getString(2), rows.getTimestamp(3), rows.getTimestamp(4), rows.getLong(5),
                            Sql.shown(rows.getString(6))));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure(access, "listing long queries", e);
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("sessions", victims.stream().map(v -> Map.of("pid", v.pid(), "user", v.user(), "seconds", v.seconds(), "query", v.query())).toList());
        if (victims.isEmpty()) {
            return new KillPlan("", List.of(), List.of(), before,
                    Optional.of("no query on %s has been active for more than %s".formatted(access.database(), olderThan)), "");
        }
        List<Change> changes = victims.stream().map(v -> new Change("/sessions/" + v.pid(),
                "%s, active %d s: %s".formatted(v.user(), v.seconds(), v.query()), null)).toList();
        return new KillPlan("terminate %d queries active for more than %s on %s".formatted(victims.size(), olderThan, access.database()),
                victims, changes, before, Optional.empty(), "nothing to undo: the clients may retry their queries");
    }

    @Override
    public Map<String, Object> execute(KillPlan plan, Progress progress) {
        List<Integer> terminated = new ArrayList<>();
        try (Connection connection = access.connect(); PreparedStatement kill = connection.prepareStatement("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE pid = ? AND backend_start = ? AND query_start = ? AND state = 'active'""")) {
            for (Victim victim : plan.victims()) {
                kill.setInt(1, victim.pid());
                kill.setTimestamp(2, victim.backendStart());
                kill.setTimestamp(3, victim.queryStart());
                try (ResultSet result = kill.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        terminated.add(victim.pid());
                        progress.report("execute", "terminated pid %d (%s, %d s)".formatted(victim.pid(), victim.user(), victim.seconds()));
                    } else {
                        progress.report("execute", "pid %d finished or changed query before it was terminated; left alone".formatted(victim.pid()));
                    }
                }
            }
        } catch (SQLException e) {
            throw Sql.failure(access, "terminating queries", e);
        }
        return Map.of("terminated", terminated);
    }

    /** pg_terminate_backend only signals: wait (5 s at most) until the planned sessions are gone. */
    @Override
    public Verification verify(KillPlan plan, Progress progress) {
        return waiter.until("the terminated sessions to end", waiter.clock().instant().plusSeconds(5), () -> {
            List<Integer> stillThere = stillRunning(plan);
            return stillThere.isEmpty()
                    ? Waiter.Observation.done("%d sessions gone".formatted(plan.victims().size()), Map.of("stillRunning", List.of()))
                    : Waiter.Observation.waiting("sessions %s still run their queries".formatted(stillThere), Map.of("stillRunning", stillThere));
        }, progress);
    }

    private List<Integer> stillRunning(KillPlan plan) {
        List<Integer> stillThere = new ArrayList<>();
        try (Connection connection = access.connect();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ? AND query_start = ?")) {
            for (Victim victim : plan.victims()) {
                if (stillRuns(query, victim)) {
                    stillThere.add(victim.pid());
                }
            }
            return stillThere;
        } catch (SQLException e) {
            throw Sql.failure(access, "checking terminated sessions", e);
        }
    }

    private static boolean stillRuns(PreparedStatement query, Victim victim) throws SQLException {
        query.setInt(1, victim.pid());
        query.setTimestamp(2, victim.queryStart());
        try (ResultSet result = query.executeQuery()) {
            return result.next();
        }
    }
}
