package dev.smctl.db;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * P0-03 "revoke every token": deletes every row of the session tables ({@code sessions} and
 * {@code refresh_tokens} by default), in one transaction that first locks them against writes, so the rows
 * counted are exactly the rows deleted. One statement deletes from all of them, so foreign keys between them
 * are checked once, at its end, whatever their order. Every signed-in user has to sign in again.
 */
public final class RevokeSessions implements Action<RevokeSessions.RevokePlan> {
    public static final List<String> DEFAULT_TABLES = List.of("sessions", "refresh_tokens");
    /** How long to wait for the write lock on busy tables before giving up with nothing changed. */
    private static final String LOCK_TIMEOUT = "10s";

    public record RevokePlan(String summary, Map<String, Long> rows, List<Change> changes, Map<String, Object> before,
                             Optional<String> skipReason, String undo) implements Plan {
    }

    private final DatabaseAccess access;
    private final Target target;
    private final List<String> tables;

    public RevokeSessions(DatabaseAccess access, String namespace, List<String> tables) {
        if (tables.isEmpty()) {
            throw new InvalidRequest("name at least one table whose rows are sessions or tokens, e.g. --tables sessions,refresh_tokens");
        }
        this.access = access;
        this.target = new Target("database", namespace, access.database());
        this.tables = List.copyOf(new LinkedHashSet<>(tables.stream().map(t -> Names.requireSqlIdentifier(t, "table")).toList()));
    }

    @Override
    public String name() {
        return "sessions-revoke";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("tables", String.join(",", tables));
    }

    @Override
    public RevokePlan plan() {
        Map<String, Long> rows = countRows();
        Map<String, Object> before = Map.of("rows", rows);
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return new RevokePlan("", rows, List.of(), before, Optional.of("%s hold no rows".formatted(String.join(", ", tables))), "");
        }
        List<Change> changes = new ArrayList<>();
        rows.forEach((table, count) -> changes.add(new Change("/databases/%s/tables/%s/rows".formatted(access.database(), table), count, 0L)));
        return new RevokePlan("delete every row of %s in %s (%s): every user signs in again".formatted(String.join(", ", tables), access.database(),
                rows.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))),
                rows, changes, before, Optional.empty(), "none: revoked sessions and tokens cannot come back; users sign in again");
    }

    private Map<String, Long> countRows() {
        try (Connection connection = access.connect()) {
            requireTables(connection);
            return counts(connection);
        } catch (SQLException e) {
            throw Sql.failure(access, "counting sessions", e);
        }
    }

    private void requireTables(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (String table : tables) {
                exists.setString(1, Sql.quote(table));
                try (ResultSet result = exists.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        throw new InvalidRequest("table %s does not exist in database %s; name the session tables with --tables".formatted(table, access.database()));
                    }
                }
            }
        }
    }

    private Map<String, Long> counts(Connection connection) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + Sql.quote(table))) {
                    result.next();
                    rows.put(table, result.getLong(1));
                }
            }
        }
        return rows;
    }

    @Override
    public Map<String, Object> execute(RevokePlan plan, Progress progress) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        Map<String, Long> left;
        try (Connection connection = access.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '%s'".formatted(LOCK_TIMEOUT));
                statement.execute("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE".formatted(quotedList()));
                try (ResultSet result = statement.executeQuery(deleteAll())) {
                    result.next();
                    for (int i = 0; i < tables.size(); i++) {
                        deleted.put(tables.get(i), result.getLong(i + 1));
                    }
                }
                left = counts(connection);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Sql.failure(access, "deleting sessions (rolled back: nothing was deleted)", e);
        }
        progress.report("execute", "deleted %s".formatted(deleted));
        return Map.of("deleted", deleted, "rows", left);
    }

    /** {@code WITH d0 AS (DELETE FROM "sessions" RETURNING 1), ... SELECT (SELECT count(*) FROM d0), ...} */
    private String deleteAll() {
        List<String> deletes = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            deletes.add("d%d AS (DELETE FROM %s RETURNING 1)".formatted(i, Sql.quote(tables.get(i))));
            counts.add("(SELECT count(*) FROM d%d)".formatted(i));
        }
        return "WITH " + String.join(", ", deletes) + " SELECT " + String.join(", ", counts);
    }

    private String quotedList() {
        return tables.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    /** Rows that appear after the commit come from an app still signing users in: isolate it first. */
    @Override
    public Verification verify(RevokePlan plan, Progress progress) {
        Map<String, Long> rows = countRows();
        Map<String, Object> observed = Map.of("rows", rows);
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return Verification.passed("no rows left in %s of %s".formatted(String.join(", ", tables), access.database()), observed);
        }
        return Verification.failed("%d rows are back in %s %s: the app is still signing users in; isolate it first (smctl scale deployment/backend --replicas 0), then revoke again"
                .formatted(total, access.database(), rows), observed);
    }
}
