package dev.smctl.db;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's P0-02 first move: {@code ALTER DATABASE ... SET default_transaction_read_only = on}, verified by
 * a write attempt in a fresh session (rolled back either way). The setting applies to new sessions only: the
 * message says so, because connections already open keep writing until they reconnect.
 */
public final class ReadOnlyMode implements Action<ReadOnlyMode.ReadOnlyPlan> {
    public record ReadOnlyPlan(String summary, boolean from, List<Change> changes, Map<String, Object> before,
                               Optional<String> skipReason, String undo) implements Plan {
    }

    private final DatabaseAccess access;
    private final Target target;
    private final boolean on;

    public ReadOnlyMode(DatabaseAccess access, String namespace, boolean on) {
        this.access = access;
        this.target = new Target("database", namespace, access.database());
        this.on = on;
    }

    @Override
    public String name() {
        return on ? "db-read-only-on" : "db-read-only-off";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("readOnly", String.valueOf(on), "database", access.toString());
    }

    @Override
    public ReadOnlyPlan plan() {
        boolean current = databaseSetting();
        String undo = "smctl db read-only %s --db-url %s".formatted(current ? "on" : "off", access);
        Map<String, Object> before = Map.of("default_transaction_read_only", current ? "on" : "off");
        if (current == on) {
            return new ReadOnlyPlan("", current, List.of(), before,
                    Optional.of("database %s is already %s".formatted(access.database(), on ? "read-only" : "read-write")), "");
        }
        return new ReadOnlyPlan("make database %s %s for new sessions".formatted(access.database(), on ? "read-only" : "read-write"),
                current, List.of(new Change("/databases/%s/default_transaction_read_only".formatted(access.database()), current ? "on" : "off",
                on ? "on" : "off")), before, Optional.empty(), undo);
    }

    /** The database-level setting (pg_db_role_setting), not this session's. */
    private boolean databaseSetting() {
        try (Connection connection = access.on("postgres").connect();
             var query = connection.prepareStatement("""
                     SELECT coalesce((SELECT split_part(cfg, '=', 2) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase,
                            unnest(s.setconfig) cfg WHERE d.datname = ? AND s.setrole = 0 AND cfg LIKE 'default_transaction_read_only=%'), 'off')""")) {
            query.setString(1, access.database());
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return "on".equals(result.getString(1));
            }
        } catch (SQLException e) {
            throw Sql.failure(access, "reading the read-only setting", e);
        }
    }

    @Override
    public Map<String, Object> execute(ReadOnlyPlan plan, Progress progress) {
        try (Connection connection = access.on("postgres").connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE %s SET default_transaction_read_only = %s".formatted(Sql.quote(access.database()), on ? "on" : "off"));
        } catch (SQLException e) {
            throw Sql.failure(access, "changing the read-only setting", e);
        }
        return Map.of("default_transaction_read_only", on ? "on" : "off");
    }

    @Override
    public Verification verify(ReadOnlyPlan plan, Progress progress) {
        boolean writable = writeSucceeds();
        String state = writable ? "accepts writes" : "refuses writes";
        Map<String, Object> observed = Map.of("writeProbe", state);
        boolean expected = writable != on;
        String message = "a new session on %s %s".formatted(access.database(), state)
                + (on ? "; sessions opened before keep writing until they reconnect (restart the backend or use smctl db kill-queries)" : "");
        return expected ? Verification.passed(message, observed) : Verification.failed(message + ", which is not what was asked", observed);
    }

    /** Tries a write in a new session and rolls it back: leaves nothing behind either way. */
    private boolean writeSucceeds() {
        try (Connection connection = access.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE smctl_write_probe (id int)");
                return true;
            } catch (SQLException e) {
                if ("25006".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw Sql.failure(access, "probing writes", e);
        }
    }
}
