package dev.smctl.db;

import dev.smctl.engine.Names;
import dev.smctl.engine.Refused;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only database checks of P0-02 and P1-01: health, integrity counts, slowest statements. */
public final class DatabaseReport {
    /** {@code SELECT 1} latency, every database's size, and this database's recovery conflicts. */
    public record Health(String database, long selectOneMillis, Map<String, Long> sizesBytes, Map<String, Long> conflicts) {
    }

    /** One statement from pg_stat_statements, text with literals hidden. */
    public record SlowStatement(String query, long calls, double meanMillis, double totalMillis) {
    }

    private DatabaseReport() {
    }

    public static Health health(DatabaseAccess access) {
        try (Connection connection = access.connect(); Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            statement.executeQuery("SELECT 1").close();
            long millis = (System.nanoTime() - start) / 1_000_000;
            Map<String, Long> sizes = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT datname, pg_database_size(datname) FROM pg_database WHERE datallowconn ORDER BY 2 DESC")) {
                while (rows.next()) {
                    sizes.put(rows.getString(1), rows.getLong(2));
                }
            }
            Map<String, Long> conflicts = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT confl_tablespace, confl_lock, confl_snapshot, confl_bufferpin, confl_deadlock
                    FROM pg_stat_database_conflicts WHERE datname = ?""")) {
                query.setString(1, access.database());
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        for (String column : List.of("confl_tablespace", "confl_lock", "confl_snapshot", "confl_bufferpin", "confl_deadlock")) {
                            conflicts.put(column, row.getLong(column));
                        }
                    }
                }
            }
            return new Health(access.database(), millis, sizes, conflicts);
        } catch (SQLException e) {
            throw Sql.failure(access, "checking health", e);
        }
    }

    /**
     * The tables the runbook's integrity check counts, and a restore expects, when none are named: a count of no
     * tables, or a restore that expects none, would verify nothing.
     */
    public static final String DEFAULT_TABLES = "users,messages";

    /** {@link #DEFAULT_TABLES} as a list, or the tables given. */
    public static List<String> tablesOrDefault(List<String> given) {
        return given.isEmpty() ? List.of(DEFAULT_TABLES.split(",")) : given;
    }

    /** {@code SELECT count(*)} of each table (the runbook's users and messages), names validated then quoted. */
    public static Map<String, Long> counts(DatabaseAccess access, List<String> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        tables.forEach(table -> Names.requireSqlIdentifier(table, "table name"));
        try (Connection connection = access.connect(); Statement statement = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + Sql.quote(table))) {
                    row.next();
                    counts.put(table, row.getLong(1));
                }
            }
            return counts;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new Refused("a table is missing in %s (%s): the schema itself is damaged; this is P0-02, restore from a backup"
                        .formatted(access.database(), e.getMessage().lines().findFirst().orElse("")));
            }
            throw Sql.failure(access, "counting rows", e);
        }
    }

    /** The slowest statements by mean time, from pg_stat_statements; a clear refusal when it is not installed. */
    public static List<SlowStatement> slowest(DatabaseAccess access, int limit) {
        try (Connection connection = access.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet installed = statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
                if (!installed.next()) {
                    throw new Refused(("pg_stat_statements is not installed in %s: add it to shared_preload_libraries, restart PostgreSQL, "
                            + "then CREATE EXTENSION pg_stat_statements").formatted(access.database()));
                }
            }
            List<SlowStatement> slowest = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT query, calls, mean_exec_time, total_exec_time FROM pg_stat_statements ORDER BY mean_exec_time DESC LIMIT ?")) {
                query.setInt(1, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        slowest.add(new SlowStatement(Sql.shown(rows.getString(1)), rows.getLong(2), rows.getDouble(3), rows.getDouble(4)));
                    }
                }
            }
            return slowest;
        } catch (SQLException e) {
            throw Sql.failure(access, "reading pg_stat_statements", e);
        }
    }
}
