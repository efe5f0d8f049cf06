package dev.smctl.jenkins.work;

import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.DatabaseReport;
import dev.smctl.db.SafeRestore;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import dev.smctl.evidence.EvidenceBundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The steps that talk to PostgreSQL; they run on the agent ({@link AgentJob}), next to the database and the
 * PostgreSQL client tools. {@code database} names another database on the server of {@code databaseUrl}; left
 * out, the URL's own.
 */
public final class DatabaseCalls {
    /** Roles whose sessions are never terminated unless the step names others, as {@code smctl db kill-queries}. */
    static final List<String> PROTECTED_ROLES = List.of("postgres", "replicator");
    /** Whose logs a forensics capture keeps: the runbook's backend. */
    static final Map<String, String> BACKEND_PODS = Map.of("component", "backend");
    private static final int RESTORE_JOBS = 2;

    private DatabaseCalls() {
    }

    /** @param mode {@code on} or {@code off} */
    public record ReadOnly(String database, String mode) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            boolean on = switch (Arguments.required(mode, "mode")) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new InvalidRequest("'mode' is on or off, not " + Names.quote(mode));
            };
            return StepOutcome.of(scope.databaseEngine().readOnly(scope.database(database), scope.recordNamespace(), on,
                    scope.invocation(), scope.progress()), Map.of());
        }
    }

    public record KillQueries(String olderThan, List<String> protectedRoles) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            List<String> roles = protectedRoles == null || protectedRoles.isEmpty() ? PROTECTED_ROLES : protectedRoles;
            return StepOutcome.of(scope.databaseEngine().killQueries(scope.database(null), scope.recordNamespace(),
                    Arguments.duration(olderThan, "30s"), new LinkedHashSet<>(roles), scope.invocation(), scope.progress()), Map.of());
        }
    }

    /** The slowest statements from pg_stat_statements; read-only. Adds {@code statements}. */
    public record SlowQueries(int limit) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            int count = limit > 0 ? limit : 10;
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

    /**
     * P0-02: restore never in place (core's SafeRestore). The backup is fetched beside the workspace
     * ({@code <workspace>@tmp/smctl-restore}), never through the controller.
     */
    public record Restore(String database, String backup, String before, String expectTables, List<String> migration, String timeout)
            implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Path workDir = scope.workspace().resolveSibling(scope.workspace().getFileName() + "@tmp").resolve("smctl-restore");
            var request = new SafeRestore.Request(scope.database(database), scope.recordNamespace(), scope.backups().store(),
                    backup == null || backup.isBlank() ? "latest" : backup.strip(), Arguments.time(before, "before"),
                    Arguments.commaList(expectTables, "users,messages"), null, migration == null ? List.of() : migration, RESTORE_JOBS,
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
            BackupLocation backups = scope.backups();
            return StepOutcome.of(scope.databaseEngine().backupNow(scope.database(database), scope.recordNamespace(), backups.store(),
                    backups.sink(), Arguments.duration(timeout, "30m"), scope.invocation(), scope.progress()), Map.of());
        }
    }

    /**
     * P0-03: the namespace's objects, events and backend logs, and a dump of the database when one is given, into
     * {@code smctl/evidence-TIME} in the workspace (for {@code archiveArtifacts}). Adds {@code evidenceDir} (relative
     * to the workspace) and {@code manifestSha256}.
     */
    public record CaptureForensics(String database) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            String relative = "smctl/evidence-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            Path directory = scope.workspace().resolve(relative);
            DatabaseAccess access = scope.hasDatabase() ? scope.database(database) : null;
            ActionResult result = scope.engine().captureForensics(scope.namespace(), BACKEND_PODS, access, directory, scope.invocation(),
                    scope.progress());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("evidenceDir", relative);
            extra.put("manifestSha256", manifestSha256(directory.resolve(EvidenceBundle.MANIFEST)));
            return StepOutcome.of(result, extra);
        }

        private static String manifestSha256(Path manifest) {
            try {
                return Files.exists(manifest) ? HexFormat.of().formatHex(Sha256.digest().digest(Files.readAllBytes(manifest))) : "";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
            }
        }
    }
}
