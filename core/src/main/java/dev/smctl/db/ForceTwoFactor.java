package dev.smctl.db;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** P0-03 "force 2FA for everyone": {@code UPDATE users SET force_2fa = true}, counting who was not forced before. */
public final class ForceTwoFactor implements Action<ForceTwoFactor.ForcePlan> {
    private static final String TABLE = "users";
    private static final String COLUMN = "force_2fa";

    /** @param notForced users whose force_2fa was false or null */
    public record ForcePlan(String summary, long users, long notForced, List<Change> changes, Map<String, Object> before,
                            Optional<String> skipReason, String undo) implements Plan {
    }

    /** @param notForced users whose force_2fa is false or null */
    private record Counts(long users, long notForced) {
        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("users", users);
            map.put("notForced", notForced);
            return map;
        }
    }

    private final DatabaseAccess access;
    private final Target target;

    public ForceTwoFactor(DatabaseAccess access, String namespace) {
        this.access = access;
        this.target = new Target("database", namespace, access.database());
    }

    @Override
    public String name() {
        return "users-force-2fa";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("table", TABLE, "column", COLUMN);
    }

    @Override
    public ForcePlan plan() {
        Counts counts = counts("reading who must use 2FA");
        Map<String, Object> before = counts.asMap();
        if (counts.notForced() == 0) {
            return new ForcePlan("", counts.users(), 0, List.of(), before,
                    Optional.of("all %d users of %s must already use 2FA".formatted(counts.users(), access.database())), "");
        }
        return new ForcePlan("force 2FA for %d of %d users of %s (%s.%s = true)".formatted(counts.notForced(), counts.users(), access.database(), TABLE, COLUMN),
                counts.users(), counts.notForced(),
                List.of(new Change("/databases/%s/tables/%s/%s".formatted(access.database(), TABLE, COLUMN),
                        "false for %d users".formatted(counts.notForced()), "true for all %d users".formatted(counts.users()))),
                before, Optional.empty(), "none kept: to lift it for one user, UPDATE users SET force_2fa = false WHERE id = ...");
    }

    private Counts counts(String doing) {
        try (Connection connection = access.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE %s IS NOT TRUE) FROM %s"
                     .formatted(Sql.quote(COLUMN), Sql.quote(TABLE)))) {
            result.next();
            return new Counts(result.getLong(1), result.getLong(2));
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "42703".equals(e.getSQLState())) {
                throw new InvalidRequest(("database %s has no %s.%s column (boolean) to force 2FA with: check that --db-url names the application's "
                        + "database; if it does, force 2FA from the application's admin console instead").formatted(access.database(), TABLE, COLUMN));
            }
            throw Sql.failure(access, doing, e);
        }
    }

    @Override
    public Map<String, Object> execute(ForcePlan plan, Progress progress) {
        int updated;
        try (Connection connection = access.connect(); Statement statement = connection.createStatement()) {
            updated = statement.executeUpdate("UPDATE %s SET %s = true WHERE %s IS NOT TRUE".formatted(Sql.quote(TABLE), Sql.quote(COLUMN), Sql.quote(COLUMN)));
        } catch (SQLException e) {
            throw Sql.failure(access, "forcing 2FA", e);
        }
        progress.report("execute", "%d users must now use 2FA".formatted(updated));
        return Map.of("updated", updated);
    }

    /** Users created after the update start with the column's default: the app's sign-up must force 2FA too. */
    @Override
    public Verification verify(ForcePlan plan, Progress progress) {
        Counts counts = counts("checking 2FA");
        Map<String, Object> observed = counts.asMap();
        if (counts.notForced() == 0) {
            return Verification.passed("all %d users of %s must use 2FA (%d were not before)".formatted(counts.users(), access.database(), plan.notForced()),
                    observed);
        }
        return Verification.failed("%d users of %s still need not use 2FA (created since? the app is still running: isolate it and run again)"
                .formatted(counts.notForced(), access.database()), observed);
    }
}
