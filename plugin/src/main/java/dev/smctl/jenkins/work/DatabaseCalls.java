package dev.smctl.jenkins.work;

import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.DatabaseReport;
import dev.smctl.db.SafeRestore;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Names;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.evidence.ForensicsCapture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps that talk to PostgreSQL; they run on the agent ({@link AgentJob}), next to the database and the
 * PostgreSQL client tools. {@code database} names another database on the server of {@code databaseUrl}; left
 * out, the URL's own.
 */
public final class DatabaseCalls {
    /** Whose logs a forensics capture keeps unless the step names another {@code component}: the runbook's backend. */
    static final String BACKEND_COMPONENT = "backend";
    private static final int RESTORE_JOBS = 2;

    private DatabaseCalls() {
    }

    /** @param mode {@code on} or {@code off} */
    public record ReadOnly(String database, String mode) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            boolean on = Arguments.onOff(mode, "mode");
            return StepOutcome.of(scope.databaseEngine().readOnly(scope.database(database), scope.recordNamespace(), on,
                    scope.invocation(), scope.progress()), Map.of());
        }
    }

    /** @param protectedRoles comma-separated */
    public record KillQueries(String olderThan, String protectedRoles) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            return StepOutcome.of(scope.databaseEngine().killQueries(scope.database(null), scope.recordNamespace(),
                    Arguments.duration(olderThan, dev.smctl.db.KillQueries.DEFAULT_OLDER_THAN),
                    dev.smctl.db.KillQueries.protectedRolesOrDefault(Arguments.commaList(protectedRoles, "")),
                    scope.invocation(), scope.progress()), Map.of());
        }
    }

    /**
     * P0-03: deletes every row of the session tables (default {@code sessions,refresh_tokens}), so every token
     * stops working; the counts before are in the result.
     *
     * @param tables comma-separated
     */
    public record RevokeSessions(String database, String tables) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            return StepOutcome.of(scope.databaseEngine().revokeSessions(scope.database(database), scope.recordNamespace(),
                    Arguments.commaList(tables, String.join(",", dev.smctl.db.RevokeSessions.DEFAULT_TABLES)), scope.invocation(), scope.progress()),
                    Map.of());
        }
    }

    /** P0-03: {@code UPDATE users SET force_2fa = true} for everyone who does not have it yet. */
    public record ForceTwoFactor(String database) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            return StepOutcome.of(scope.databaseEngine().forceTwoFactor(scope.database(database), scope.recordNamespace(), scope.invocation(),
                    scope.progress()), Map.of());
        }
    }

    /** The slowest statements from pg_stat_statements; read-only. Adds {@code statements}. */
    public record SlowQueries(String limit) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            Integer given = Arguments.whole(limit, "limit");
            int count = given == null || given <= 0 ? 10 : given;
            DatabaseAccess access = scope.database(null);
            List<Map<String, Object>> statements = new ArrayList<>();
            for (DatabaseReport.SlowStatement statement : DatabaseReport.slowest(access, count)) {
                statements.add(Map.of("query", statement.query(), "calls", statement.calls(), "meanMillis", statement.meanMillis(),
                        "totalMillis", statement.totalMillis()));
            }
            return scope.looked("db-slow-queries", new Target("database", scope.recordNamespace(), access.database()), started, Status.SUCCEEDED,
                    "%d slowest statements by mean time".formatted(statements.size()), Map.of("statements", statements),
                    Map.of("limit", String.valueOf(count)));
        }
    }

    /** P0-02 integrity check, read-only: {@code SELECT count(*)} of each table. Adds {@code counts}: table to rows. */
    public record TableCounts(String database, String tables) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            DatabaseAccess access = scope.database(database);
            Map<String, Long> counts = DatabaseReport.counts(access, Arguments.commaList(tables, DatabaseReport.DEFAULT_TABLES));
            return scope.looked("db-counts", new Target("database", scope.recordNamespace(), access.database()), started, Status.SUCCEEDED,
                    "row counts " + counts, Map.of("counts", counts), Map.of("tables", String.join(",", counts.keySet())));
        }
    }

    /**
     * P0-02 investigation, read-only: {@code SELECT 1} latency, database sizes and recovery conflicts. Adds
     * {@code selectOneMillis}, {@code sizesBytes} and {@code conflicts}.
     */
    public record DatabaseHealth(String database) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            DatabaseAccess access = scope.database(database);
            DatabaseReport.Health health = DatabaseReport.health(access);
            Map<String, Object> found = new LinkedHashMap<>();
            found.put("selectOneMillis", health.selectOneMillis());
            found.put("sizesBytes", health.sizesBytes());
            found.put("conflicts", health.conflicts());
            return scope.looked("db-health", new Target("database", scope.recordNamespace(), access.database()), started, Status.SUCCEEDED,
                    "SELECT 1 answered in %d ms; %d databases".formatted(health.selectOneMillis(), health.sizesBytes().size()), found, Map.of());
        }
    }

    /**
     * P0-02: restore never in place (core's SafeRestore). The backup is fetched beside the workspace
     * ({@code <workspace>@tmp/smctl-restore}), never through the controller.
     *
     * @param verifySql a query that must return true on the restored copy before it is swapped in
     * @param migration a command run on the copy before the swap, one line split on white space (no shell)
     */
    public record Restore(String database, String backup, String before, String expectTables, String verifySql, String migration,
                          String timeout) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Path workDir = scope.workspace().resolveSibling(scope.workspace().getFileName() + "@tmp").resolve("smctl-restore");
            var request = new SafeRestore.Request(scope.database(database), scope.recordNamespace(), scope.backupStore(),
                    backup == null || backup.isBlank() ? "latest" : backup.strip(), Arguments.time(before, "before"),
                    Arguments.commaList(expectTables, DatabaseReport.DEFAULT_TABLES), verifySql == null || verifySql.isBlank() ? null : verifySql.strip(),
                    Arguments.words(migration), RESTORE_JOBS,
                    workDir, Arguments.duration(timeout, "25m"));
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + workDir + " on the agent: " + e.getMessage(), e);
            }
            return StepOutcome.of(scope.databaseEngine().restore(request, scope.invocation(), scope.progress()), Map.of());
        }
    }

    /** P2-01: {@code pg_dump} streamed into the backup store with its checksum. */
    public record BackupNow(String database, String timeout) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            return StepOutcome.of(scope.databaseEngine().backupNow(scope.database(database), scope.recordNamespace(), scope.backupStore(),
                    scope.backupSink(), Arguments.duration(timeout, "30m"), scope.invocation(), scope.progress()), Map.of());
        }
    }

    /**
     * P0-03: the namespace's objects, events and the logs of the pods labelled {@code component=<pods>} (default
     * backend), and a dump of the database when one is given, into {@code smctl/evidence-TIME} in the workspace (for
     * {@code archiveArtifacts}). Adds {@code evidenceDir} (relative to the workspace) and {@code manifestSha256}.
     */
    public record CaptureForensics(String database, String pods) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            String relative = RecordsJob.DIRECTORY + "/" + RecordsJob.EVIDENCE_PREFIX + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            Path directory = scope.workspace().resolve(relative);
            DatabaseAccess access = scope.hasDatabase() ? scope.database(database) : null;
            String component = pods == null || pods.isBlank() ? BACKEND_COMPONENT : Names.requireLabel(pods.strip(), "pods (a component label)");
            ActionResult result = scope.engine().captureForensics(scope.namespace(), Map.of("component", component), access, directory,
                    scope.invocation(), scope.progress());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("evidenceDir", relative);
            extra.put("manifestSha256", result.after().getOrDefault(ForensicsCapture.MANIFEST_SHA256, ""));
            return StepOutcome.of(result, extra);
        }
    }
}
