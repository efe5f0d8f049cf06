package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.DatabaseReport;
import dev.smctl.db.SafeRestore;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.storage.BackupSink;
import dev.smctl.storage.BackupStore;
import dev.smctl.storage.LocalBackupSink;
import dev.smctl.storage.LocalBackupStore;
import dev.smctl.storage.S3BackupSink;
import dev.smctl.storage.S3BackupStore;
import dev.smctl.storage.S3Clients;
import dev.smctl.storage.Transfer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code smctl db ...}: the database side of the runbook (P0-02, P1-01). */
@Command(name = "db", description = "Database actions: backups, restore, read-only, counts, health, slow-queries, kill-queries.",
        subcommands = {DatabaseCommands.Backups.class, DatabaseCommands.Restore.class, DatabaseCommands.Backup.class, DatabaseCommands.ReadOnly.class,
                DatabaseCommands.Counts.class, DatabaseCommands.Health.class, DatabaseCommands.SlowQueries.class,
                DatabaseCommands.KillQueries.class})
final class DatabaseCommands extends GroupCommand {

    /** Where backups are: an S3 prefix (AWS credential chain) or a local directory. */
    static final class BackupSource {
        @Option(names = "--bucket", paramLabel = "BUCKET", description = "S3 bucket holding the backups.")
        String bucket;

        @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "postgres/", description = "Key prefix in the bucket (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "eu-west-1", description = "Bucket region (default: ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint instead of AWS.")
        URI endpoint;

        @Option(names = "--from-dir", paramLabel = "DIR", description = "A local directory (or file) of backups instead of S3.")
        Path directory;

        /** Whether a backup location was given at all (a runbook without database steps needs none). */
        boolean configured() {
            return directory != null || bucket != null;
        }

        private S3Client client;

        /** One client for the catalogue and the sink: building one loads much of the SDK, which takes a second or more. */
        private S3Client client() {
            if (client == null) {
                client = S3Clients.create(region, endpoint, null, Duration.ofSeconds(30));
            }
            return client;
        }

        /** Where a new backup goes: the same place the catalogue reads. */
        BackupSink sink() {
            if (directory != null) {
                return new LocalBackupSink(directory);
            }
            if (bucket == null) {
                throw new InvalidRequest("say where the backup goes: --bucket BUCKET [--prefix P] or --from-dir DIR");
            }
            return new S3BackupSink(client(), bucket, prefix);
        }

        BackupStore store() {
            if (directory != null) {
                return new LocalBackupStore(directory);
            }
            if (bucket == null) {
                throw new InvalidRequest("say where the backups are: --bucket BUCKET [--prefix P] or --from-dir DIR");
            }
            return new S3BackupStore(client(), bucket, prefix);
        }
    }

    /** A changing database command: the engine without a cluster, the database's own lock. */
    abstract static class DatabaseAction implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        RunOptions run;

        abstract ActionResult act(Remediation remediation, DatabaseAccess access, Progress progress);

        @Override
        public Integer call() {
            DatabaseAccess access = database.access();
            AuditLog audit = run.auditLog();
            Remediation remediation = new Remediation(null, audit, Gate.NONE, Remediation.Settings.defaults());
            ActionResult result = act(remediation, access, Progress.printingTo(spec.commandLine().getErr()));
            ResultPrinter.print(result, audit.file(), run.output, spec.commandLine().getOut());
            return result.auditRecordId() == null ? ExitCodes.FAILED : result.exitCode();
        }
    }

    @Command(name = "backups", description = "List the backups, newest first, with time, size and checksum. Read-only.",
            footer = {"", "Example:", "  smctl db backups --bucket secure-messenger-backups --prefix postgres/"})
    static final class Backups implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false)
        BackupSource source = new BackupSource();

        @Override
        public Integer call() throws IOException {
            BackupStore store = source.store();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-48s %-22s %10s  %s%n", "BACKUP", "TAKEN", "SIZE", "SHA-256");
            for (dev.smctl.storage.Backup backup : store.list()) {
                out.printf("%-48s %-22s %10s  %s%n", backup.id(), backup.taken(), Transfer.bytes(backup.size()),
                        backup.sha256() == null ? "(no checksum: cannot be restored)" : backup.sha256().substring(0, 16) + "...");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore",
            description = {"P0-02: restore a database from a backup, never in place. Verifies the backup (checksum, pg_restore --list),",
                    "restores into DATABASE_restore_TIME, checks the copy (--expect-tables, --verify-sql), then swaps it in one",
                    "transaction; the damaged database is kept as DATABASE_corrupt_TIME, read-only, and never dropped."},
            footer = {"", "Examples:",
                    "  smctl db restore --db-url postgresql://postgres@postgres:5432/securemessenger --bucket secure-messenger-backups --dry-run",
                    "  smctl db restore ... --before 2026-11-28T02:55:00Z --reason 'P0-02: corruption at 02:58'"})
    static final class Restore extends DatabaseAction {
        @ArgGroup(exclusive = false)
        BackupSource source = new BackupSource();

        @Option(names = "--backup", paramLabel = "ID", defaultValue = "latest", description = "latest or an exact backup id (default: ${DEFAULT-VALUE}).")
        String backup;

        @Option(names = "--before", paramLabel = "TIME", description = "The newest backup taken before TIME (ISO-8601, e.g. 2026-11-28T02:55:00Z).")
        String before;

        @Option(names = "--expect-tables", paramLabel = "T,T", split = ",", defaultValue = DatabaseReport.DEFAULT_TABLES,
                description = "Tables the restored copy must have, with rows (default: ${DEFAULT-VALUE}).")
        List<String> expectTables;

        @Option(names = "--verify-sql", paramLabel = "SQL", description = "A query that must return true on the restored copy.")
        String verifySql;

        @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "2", description = "pg_restore parallel jobs (default: ${DEFAULT-VALUE}).")
        int jobs;

        @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}", description = "Where the backup is fetched to (default: the temp directory).")
        Path workDir;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "25m", description = "Bound on the restore itself (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Parameters(paramLabel = "MIGRATION", arity = "0..*",
                description = "After '--': a migration command run on the restored copy before it goes live, e.g. -- npx prisma migrate deploy "
                        + "(it gets DATABASE_URL and PG* for the copy).")
        List<String> migration;

        @Override
        ActionResult act(Remediation remediation, DatabaseAccess access, Progress progress) {
            Instant beforeTime;
            try {
                beforeTime = before == null ? null : Instant.parse(before);
            } catch (DateTimeParseException e) {
                throw new InvalidRequest("--before takes an ISO-8601 time such as 2026-11-28T02:55:00Z, not " + Names.quote(before));
            }
            return remediation.restore(new SafeRestore.Request(access, database.namespace(), source.store(), backup, beforeTime, expectTables,
                    verifySql, migration == null ? List.of() : migration, jobs, workDir, Durations.parse(timeout)), run.invocation(), progress);
        }
    }

    @Command(name = "backup", description = {"P2-01: a backup now: pg_dump -Fc streamed into the backup store with its SHA-256,",
            "read back to verify; reports how old the newest backup was (RPO 5 minutes)."},
            footer = {"", "Example:", "  smctl db backup --db-url postgresql://postgres@postgres:5432/securemessenger --bucket secure-messenger-backups"})
    static final class Backup extends DatabaseAction {
        @ArgGroup(exclusive = false)
        BackupSource source = new BackupSource();

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", description = "Bound on the dump (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        ActionResult act(Remediation remediation, DatabaseAccess access, Progress progress) {
            return remediation.backupNow(access, database.namespace(), source.store(), source.sink(), Durations.parse(timeout), run.invocation(), progress);
        }
    }

    @Command(name = "read-only", description = {"P0-02 first move: make the database read-only (on) for new sessions, or writable again (off);",
            "verified by a write attempt in a fresh session."},
            footer = {"", "Example:", "  smctl db read-only on --db-url postgresql://postgres@postgres:5432/securemessenger"})
    static final class ReadOnly extends DatabaseAction {
        @Parameters(paramLabel = "on|off", description = "on or off.")
        OnOff mode;

        @Override
        ActionResult act(Remediation remediation, DatabaseAccess access, Progress progress) {
            return remediation.readOnly(access, database.namespace(), mode.on(), run.invocation(), progress);
        }
    }

    @Command(name = "kill-queries", description = {"P1-01: terminate queries active longer than --older-than (never this tool's session,",
            "replication, autovacuum or --protect roles). --dry-run lists them first."},
            footer = {"", "Example:", "  smctl db kill-queries --db-url ... --older-than 30s --dry-run"})
    static final class KillQueries extends DatabaseAction {
        @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = dev.smctl.db.KillQueries.DEFAULT_OLDER_THAN, description = "Threshold (default: ${DEFAULT-VALUE}).")
        String olderThan;

        @Option(names = "--protect", paramLabel = "ROLE", split = ",", defaultValue = dev.smctl.db.KillQueries.DEFAULT_PROTECTED_ROLES,
                description = "Roles whose queries are never terminated (default: ${DEFAULT-VALUE}).")
        Set<String> protectedRoles;

        @Override
        ActionResult act(Remediation remediation, DatabaseAccess access, Progress progress) {
            return remediation.killQueries(access, database.namespace(), Durations.parse(olderThan), protectedRoles, run.invocation(), progress);
        }
    }

    /** A read-only database command printed as text or JSON. */
    abstract static class DatabaseLook implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
        OutputFormat output;

        abstract Object read(DatabaseAccess access);

        @Override
        public Integer call() {
            ResultPrinter.printAnswer(read(database.access()), output, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "counts", description = "Row counts of tables (P0-02 integrity check). Read-only.")
    static final class Counts extends DatabaseLook {
        @Option(names = "--tables", paramLabel = "T,T", split = ",", defaultValue = DatabaseReport.DEFAULT_TABLES, description = "Tables (default: ${DEFAULT-VALUE}).")
        List<String> tables;

        @Override
        Object read(DatabaseAccess access) {
            return DatabaseReport.counts(access, tables);
        }
    }

    @Command(name = "health", description = "SELECT 1 latency, database sizes, recovery conflicts. Read-only.")
    static final class Health extends DatabaseLook {
        @Override
        Object read(DatabaseAccess access) {
            return DatabaseReport.health(access);
        }
    }

    @Command(name = "slow-queries", description = "The slowest statements by mean time from pg_stat_statements (P1-01). Read-only.")
    static final class SlowQueries extends DatabaseLook {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "How many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        Object read(DatabaseAccess access) {
            return DatabaseReport.slowest(access, limit);
        }
    }
}
